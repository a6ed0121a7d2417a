#!/usr/bin/env bash
# Item 4 of the benchmarks: a no-change rebuild of the solution with transport generation against the
# same build with generation switched off (-p:SkipTransportGeneration=true), N of each, interleaved.
# Writes JSON {repetitions, withGenerationSeconds, withoutGenerationSeconds, generationSkipped} (medians).
# Usage: bench/build-timing.sh REPETITIONS OUT.json
set -euo pipefail
reps=${1:-3}
out=${2:-bench/results/build.json}
sln=NanoBanana.Contract.sln
client=src/NanoBanana.Client/NanoBanana.Client.csproj
config=Release

build() { dotnet build "$sln" -c "$config" --no-restore -nologo -v:q "$@" > /dev/null; }
timed() { local t0 t1; t0=$(date +%s.%N); build "$@"; t1=$(date +%s.%N); awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", b - a }'; }
median() { sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

# Bring everything up to date (and the build nodes up) first; this also builds the benchmarks.
dotnet build "$sln" -c "$config" -nologo -v:q > /dev/null

with=(); without=()
for ((i = 0; i < reps; i++)); do
  with+=("$(timed)")
  without+=("$(timed -p:SkipTransportGeneration=true)")
done
with_median=$(printf '%s\n' "${with[@]}" | median)
without_median=$(printf '%s\n' "${without[@]}" | median)

# The generation target must be skipped on a no-change build (Inputs/Outputs up to date).
if dotnet build "$client" -c "$config" --no-restore -nologo -v:d | grep -q 'Skipping target "GenerateTransport" because all output files are up-to-date'; then
  skipped=true
else
  skipped=false
fi

# What the skipped target itself costs, from MSBuild's own accounting (immune to the machine's load).
target_ms=$(dotnet build "$sln" -c "$config" --no-restore -nologo -v:q -clp:PerformanceSummary | awk '$3 == "GenerateTransport" { print $1 }' | head -1)

mkdir -p "$(dirname "$out")"
printf '{"repetitions": %d, "withGenerationSeconds": %.3f, "withoutGenerationSeconds": %.3f, "generationSkipped": %s, "generateTransportTargetMs": %s}\n' \
  "$reps" "$with_median" "$without_median" "$skipped" "${target_ms:-null}" > "$out"
echo "build: no-change rebuild ${with_median}s with generation, ${without_median}s without (medians of $reps); GenerateTransport skipped: $skipped (${target_ms:-?} ms)"
