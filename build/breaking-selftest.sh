#!/usr/bin/env bash
# Proves build/breaking.sh bites: breaking edits of the current spec must fail it, additive edits and
# the same breaking edits under a new major version must pass.
set -euo pipefail
cd "$(dirname "$0")/.."
spec=openapi/v1/nano-banana-2-lite.yaml
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cp "$spec" "$work/base.yaml"
major=$(sed -n 's/^  version: *\([0-9]*\)\..*/\1/p' "$spec" | head -n 1)

mutate() { # name, python replacement of the spec text
  python3 - "$spec" "$work/$1.yaml" "$2" <<'PY'
import sys
src, dst, code = sys.argv[1], sys.argv[2], sys.argv[3]
text = open(src).read()
new = eval(code, {"text": text})
assert new != text, "mutation did not apply"
open(dst, "w").write(new)
PY
}
bump() { sed -i "s/^  version: *[0-9][0-9.]*/  version: $((major + 1)).0.0/" "$work/$1.yaml"; }

mutate required-input 'text.replace("      required: [prompt]\n", "      required: [prompt, aspect_ratio]\n", 1)'
mutate removed-costTime '__import__("re").sub(r"        costTime:\n(?: {10,}.*\n)+", "", text, count=1)'
mutate added-optional 'text.replace("        resolution:\n          $ref: \x27#/components/schemas/ImageResolution\x27\n", "        resolution:\n          $ref: \x27#/components/schemas/ImageResolution\x27\n        seed:\n          type: integer\n          format: int32\n          minimum: 0\n          maximum: 1000\n          description: An added optional field.\n", 1)'

expect() { # pass|fail, file
  if build/breaking.sh "$work/base.yaml" "$work/$2.yaml" > "$work/$2.log" 2>&1; then got=pass; else got=fail; fi
  if [ "$got" != "$1" ]; then cat "$work/$2.log"; echo "breaking-selftest: $2 should $1 but did $got" >&2; exit 1; fi
  echo "breaking-selftest: $2 -> $got (as it should)"
}
cp "$work/base.yaml" "$work/unchanged.yaml"
expect pass unchanged
expect pass added-optional
expect fail required-input
expect fail removed-costTime
bump required-input; expect pass required-input
