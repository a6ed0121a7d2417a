#!/usr/bin/env bash
# Fails when SPEC breaks clients of the last released contract, unless SPEC's major version moved.
# usage: build/breaking.sh [BASELINE] [SPEC]
#   BASELINE  default: the highest version in openapi/released/ (copied there at each release)
#   SPEC      default: openapi/v1/nano-banana-2-lite.yaml
# The diff and its breaking-change rules are Optic's (@useoptic/optic, pinned in package-lock.json).
set -euo pipefail
cd "$(dirname "$0")/.."
baseline=${1:-$(ls openapi/released/nano-banana-2-lite-*.yaml | sort -V | tail -n 1)}
spec=${2:-openapi/v1/nano-banana-2-lite.yaml}
version_of() { sed -n 's/^  version: *\([0-9][0-9A-Za-z.+-]*\).*/\1/p' "$1" | head -n 1; }
old=$(version_of "$baseline"); new=$(version_of "$spec")
echo "contract $new against the released $old ($baseline)"
if [ "${new%%.*}" -gt "${old%%.*}" ]; then
  echo "major version moved ($old -> $new): breaking changes are allowed; the diff, for review:"
  npx --no-install optic diff "$baseline" "$spec" 2>&1 | grep -v 'npm warn' || true
  exit 0
fi
if npx --no-install optic diff "$baseline" "$spec" --check 2>&1 | grep -v 'npm warn'; then
  echo "no breaking change against $old"
else
  echo "breaking change against the released contract $old: revert it, or move the major version (info.version) and say so in CHANGELOG.md" >&2
  exit 1
fi
