#!/usr/bin/env bash
# Proves build/breaking.sh bites and speaks plainly: each edit of the current spec below must get the expected
# verdict (exit code AND first line), breaking edits must list their finding (and nothing else) after the
# verdict, and the same breaking edits under a new major version must pass while still listing what they break.
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
new = eval(code, {"text": text, "re": __import__("re")})
assert new != text, "mutation did not apply"
open(dst, "w").write(new)
PY
}
bump() { sed -i "s/^  version: *[0-9][0-9.]*/  version: $((major + 1)).0.0/" "$work/$1.yaml"; }

# Additive edits.
mutate added-optional 'text.replace("        resolution:\n          $ref: \x27#/components/schemas/ImageResolution\x27\n", "        resolution:\n          $ref: \x27#/components/schemas/ImageResolution\x27\n        seed:\n          type: integer\n          format: int32\n          minimum: 0\n          maximum: 1000\n          description: An added optional field.\n", 1)'
mutate added-status 'text.replace("enum: [pending, processing, completed, failed]", "enum: [pending, processing, completed, failed, cancelled]", 1)'
mutate added-aspect-ratio 'text.replace("\x2721:9\x27, auto]", "\x2721:9\x27, auto, \x273:1\x27]", 1)'
# Breaking edits.
mutate required-input 'text.replace("      required: [prompt]\n", "      required: [prompt, aspect_ratio]\n", 1)'
mutate removed-costTime 're.sub(r"        costTime:\n(?: {10,}.*\n)+", "", text, count=1)'
mutate removed-status 'text.replace("enum: [pending, processing, completed, failed]", "enum: [pending, processing, completed]", 1)'
mutate renamed-aspect-ratio 'text.replace("\x2721:9\x27, auto]", "\x2721:10\x27, auto]", 1)'

# Each case runs build/breaking.sh once (Optic takes seconds to start): all run first, two at a time, then each
# result is checked.
run() { # name: $work/name.yaml against the base; its output, report and exit code beside it
  local rc=0
  build/breaking.sh "$work/base.yaml" "$work/$1.yaml" "$work/$1.report" > "$work/$1.log" 2>&1 || rc=$?
  echo "$rc" > "$work/$1.rc"
}
start() { while [ "$(jobs -rp | wc -l)" -ge 2 ]; do wait -n || true; done; run "$1" & }

expect() { # name, pass|fail, first-line prefix, text every finding line must hold (or "" for no finding)
  local name=$1 want=$2 prefix=$3 finding=$4 got first findings
  if [ "$(cat "$work/$name.rc")" = 0 ]; then got=pass; else got=fail; fi
  first=$(head -n 1 "$work/$name.log"); findings=$(tail -n +2 "$work/$name.log")
  if [ "$got" != "$want" ] || [[ "$first" != "$prefix"* ]] \
     || { [ -z "$finding" ] && [ -n "$findings" ]; } \
     || { [ -n "$finding" ] && { [ -z "$findings" ] || grep -qvF -- "$finding" <<< "$findings"; }; } \
     || [ ! -s "$work/$name.report" ]; then
    cat "$work/$name.log"
    echo "breaking-selftest: $name should $want with a first line '$prefix...' and findings holding '$finding', but did $got" >&2
    exit 1
  fi
  echo "breaking-selftest: $name -> $got: $first"
}

cp "$work/base.yaml" "$work/unchanged.yaml"
cp "$work/required-input.yaml" "$work/required-input-major.yaml"; bump required-input-major
cp "$work/removed-costTime.yaml" "$work/removed-costTime-major.yaml"; bump removed-costTime-major
for name in unchanged added-optional added-status added-aspect-ratio required-input removed-costTime removed-status \
            renamed-aspect-ratio required-input-major removed-costTime-major; do
  start "$name"
done
wait

expect unchanged              pass "no breaking change:" ""
expect added-optional         pass "no breaking change:" ""
expect added-status           pass "no breaking change:" ""
expect added-aspect-ratio     pass "no breaking change:" ""
expect required-input         fail "BREAKING: 1 breaking change" "aspect_ratio"
expect removed-costTime       fail "BREAKING: 1 breaking change" "costTime"
expect removed-status         fail "BREAKING: 1 breaking change" "#/components/schemas/GenerationTaskStatus: enum value 'failed' removed"
expect renamed-aspect-ratio   fail "BREAKING: 1 breaking change" "#/components/schemas/AspectRatio: enum value '21:9' removed"
# A major bump allows breaking changes, and still lists them.
expect required-input-major   pass "breaking changes allowed: 1 breaking change" "aspect_ratio"
expect removed-costTime-major pass "breaking changes allowed: 1 breaking change" "costTime"
