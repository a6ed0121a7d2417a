#!/usr/bin/env bash
# Proves package validation bites, offline: in a throwaway copy of the repository (never this tree), a public member of
# NanoBanana.Client is removed (NanoBananaException.RequestId) and `dotnet pack` must fail with CP0002 naming it
# against the kept baseline (api/packages/); the same change under a new major version must pack. Packs one project.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$SECONDS
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
fail() { echo "package validation self-test: $*" >&2; exit 1; }

# The tree as it is (tracked and new files, nothing ignored: no bin/, obj/, artifacts/).
git ls-files -z --cached --others --exclude-standard | tar --null --ignore-failed-read -T - -cf - 2> /dev/null | tar -xf - -C "$work"
cd "$work"
exception=src/NanoBanana.Client/Errors/NanoBananaException.cs
python3 - "$exception" <<'PY'
import re, sys
path = sys.argv[1]
text = open(path).read()
new, n = re.subn(r"\n[ \t]*/// <summary>The request id[^\n]*\n[ \t]*public string\? RequestId =>\n[^\n]*\n", "\n", text)
assert n == 1, "NanoBananaException.RequestId not found: update the self-test's edit"
open(path, "w").write(new)
PY
major=$(sed -n 's:.*<VersionPrefix>\([0-9]*\)\..*</VersionPrefix>.*:\1:p' Directory.Build.props)
[ -n "$major" ] || fail "no <VersionPrefix> in Directory.Build.props"

pack() { # log file; packs NanoBanana.Client in the copy, offline (no source control, no feed needed)
  dotnet pack src/NanoBanana.Client/NanoBanana.Client.csproj -c Release -nologo -v:q -o "$work/out" \
    -p:EnableSourceLink=false -p:EnableSourceControlManagerQueries=false -p:IncludeSymbols=false > "$1" 2>&1
}

# 1. The same major: the removed member fails the pack, and the error names it.
if pack "$work/same-major.log"; then
  cat "$work/same-major.log"; fail "a removed public member (NanoBananaException.RequestId) packed without a major version bump"
fi
grep -E 'error CP0002' "$work/same-major.log" | grep -q 'NanoBananaException.RequestId' \
  || { cat "$work/same-major.log"; fail "the pack failed, but not with CP0002 naming NanoBananaException.RequestId"; }
echo "package validation self-test: removed NanoBananaException.RequestId at major $major: pack failed:"
grep -m 1 -oE 'error CP0002: .*RequestId.get. exists on [^ ]+ [^ ]+ but not on [^ ]+' "$work/same-major.log" | sed 's/^/  /'

# 2. A new major: the same change packs.
sed -i "s:<VersionPrefix>[^<]*</VersionPrefix>:<VersionPrefix>$((major + 1)).0.0</VersionPrefix>:" Directory.Build.props
if ! pack "$work/new-major.log"; then
  cat "$work/new-major.log"; fail "the same change under major $((major + 1)) did not pack"
fi
[ -f "$work/out/NanoBanana.Client.$((major + 1)).0.0.nupkg" ] || fail "no NanoBanana.Client.$((major + 1)).0.0.nupkg after the pack"
echo "package validation self-test: passed: the same change at major $((major + 1)) packed ($((SECONDS - start)) s)"
