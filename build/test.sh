#!/usr/bin/env bash
# Runs every test project of the solution (already built) and ends with one summary line:
# "tests: N passed, N failed, N skipped".
set -uo pipefail
config=${1:-Release}
log=$(mktemp)
# The PostgreSQL tests start their own servers (a temp data directory, a free port) under this folder; whatever
# is still running there when the run ends (a test killed mid-way) is stopped here, however the run ends.
build/postgres-servers.sh ensure || exit 1
export NANOBANANA_PG_ROOT=$(mktemp -d "${TMPDIR:-/tmp}/nanobanana-pg.XXXXXX")
chmod 755 "$NANOBANANA_PG_ROOT"
trap 'build/postgres-servers.sh stop "$NANOBANANA_PG_ROOT"' EXIT
dotnet test NanoBanana.Contract.sln -c "$config" --no-build --nologo 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
skipped=$(grep -oE 'Skipped: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
rm -f "$log"
echo "tests: $passed passed, $failed failed, $skipped skipped"
if [ "$rc" -eq 0 ] && [ "$passed" -eq 0 ]; then echo "no test ran" >&2; exit 1; fi
exit "$rc"
