#!/usr/bin/env bash
# Native AOT, proved: publishes samples/NanoBanana.AotSample (the client, DI with configuration binding, the callback
# endpoint) with PublishAot for linux-x64 and fails on any trim or AOT warning; then runs the native binary against
# `nanobanana mock` in another process (credits, create, poll, download, one confirmed callback) and compares its size
# and start-up time with the JIT build of the same app. Needs clang (installed from Debian when missing and root).
# Usage: build/aot-check.sh [Release|Debug] [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
config=${1:-Release}
runs=${2:-5}
app=samples/NanoBanana.AotSample
out=artifacts/aot
cli=src/NanoBanana.Cli/bin/$config/net10.0/nanobanana.dll
jit=$app/bin/$config/net10.0/NanoBanana.AotSample.dll

if ! command -v clang > /dev/null; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get > /dev/null; then
    echo "aot: installing clang (Debian) for the native link"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clang > /dev/null
  else
    echo "aot: Native AOT links with clang: install it (apt-get install clang)" >&2
    exit 1
  fi
fi

rm -rf "$out" && mkdir -p "$out"
log=$out/publish.log
publish_start=$(date +%s)
if ! dotnet publish "$app" -c "$config" -r linux-x64 -p:PublishAot=true -nologo -o "$out/publish" > "$log" 2>&1; then
  grep -E 'error|warning' "$log" | sort -u >&2 || cat "$log" >&2
  echo "aot: the Native AOT publish failed (trim/AOT warnings are errors)" >&2
  exit 1
fi
publish_s=$(( $(date +%s) - publish_start ))
# TreatWarningsAsErrors makes ILLink/ILC warnings fail the publish; this also catches any that are not escalated.
if grep -E '(warning|error) (IL[0-9]{4}|AOT[0-9]+)' "$log" | sort -u | grep . >&2; then
  echo "aot: the publish reported trim/AOT warnings" >&2
  exit 1
fi
binary=$out/publish/NanoBanana.AotSample
[ -x "$binary" ] || { echo "aot: no native binary at $binary" >&2; exit 1; }
dotnet build "$app" -c "$config" -nologo -v:q > /dev/null
dotnet build src/NanoBanana.Cli -c "$config" -nologo -v:q > /dev/null

# The simulator in another process, on a free port: its URL is stdout's first line.
mock_out=$out/mock.out
dotnet "$cli" mock --port 0 > "$mock_out" 2> "$out/mock.err" &
mock_pid=$!
trap 'kill "$mock_pid" 2> /dev/null || true; wait "$mock_pid" 2> /dev/null || true' EXIT
for _ in $(seq 1 300); do
  [ -s "$mock_out" ] && break
  kill -0 "$mock_pid" 2> /dev/null || { cat "$out/mock.err" >&2; echo "aot: nanobanana mock did not start" >&2; exit 1; }
  sleep 0.1
done
base_url=$(head -n 1 "$mock_out")
[ -n "$base_url" ] || { echo "aot: nanobanana mock printed no URL" >&2; exit 1; }
export NanoBanana__BaseUrl=$base_url NanoBanana__ApiKey=sk-aot-check

run() { # run <label> <command...>: the end-to-end run; its summary is the last line on stdout
  local label=$1; shift
  if ! "$@" > "$out/$label.out" 2> "$out/$label.err"; then
    cat "$out/$label.out" "$out/$label.err" >&2
    echo "aot: the $label build's run against the simulator failed" >&2
    exit 1
  fi
  tail -n 1 "$out/$label.out"
}
native_summary=$(run native "$binary")
jit_summary=$(run jit dotnet "$jit")

median_ms() { # median wall time of `<command> --ready` (host started, client resolved), in ms
  local times=()
  for _ in $(seq 1 "$runs"); do
    local t0 t1
    t0=$(date +%s%N); "$@" --ready > /dev/null; t1=$(date +%s%N)
    times+=($(( (t1 - t0) / 1000000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}
native_ms=$(median_ms "$binary")
jit_ms=$(median_ms dotnet "$jit")
native_kb=$(( $(stat -c %s "$binary") / 1024 ))
jit_kb=$(du -sk "$app/bin/$config/net10.0" --exclude=linux-x64 | cut -f1)

{
  echo "# Native AOT check"
  echo
  echo "| build | size | start-up (median of $runs, host ready) |"
  echo "|---|---:|---:|"
  echo "| Native AOT, linux-x64 (one file, no runtime needed) | $native_kb KiB | $native_ms ms |"
  echo "| JIT (framework-dependent app folder; needs the .NET runtime) | $jit_kb KiB | $jit_ms ms |"
  echo
  echo "Native run: \`$native_summary\`"
  echo
  echo "JIT run: \`$jit_summary\`"
  echo
  echo "Publish: ${publish_s} s, zero trim/AOT warnings."
} > "$out/result.md"
cat "$out/result.md"
echo "aot: ok: native ${native_kb} KiB, start-up ${native_ms} ms (JIT ${jit_ms} ms); publish ${publish_s} s, no warnings"
