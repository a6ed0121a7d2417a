#!/usr/bin/env bash
# Writes the package-validation baselines: every library package of the current version, packed, into
# api/packages/<Id>.<version>.nupkg (the tool package has no API to keep). Run at a release, once
# <PackageBaselineVersion> in Directory.Build.props names the version being released (= <VersionPrefix>); commit
# api/packages/ with it. The copies keep what package validation reads (nuspec, lib/ assemblies) and drop the XML docs.
# usage: build/package-baseline.sh [CONFIG]
set -euo pipefail
cd "$(dirname "$0")/.."
config=${1:-Release}
version=$(dotnet msbuild src/NanoBanana.Client/NanoBanana.Client.csproj -nologo -getProperty:VersionPrefix)
baseline=$(dotnet msbuild src/NanoBanana.Client/NanoBanana.Client.csproj -nologo -getProperty:PackageBaselineVersion)
if [ "$version" != "$baseline" ]; then
  echo "package baseline: <PackageBaselineVersion> is $baseline and the packages are $version: set <PackageBaselineVersion>$version</PackageBaselineVersion> in Directory.Build.props first (it names the release whose packages are kept)" >&2
  exit 1
fi
out=$(mktemp -d); trap 'rm -rf "$out"' EXIT
dotnet pack NanoBanana.Contract.sln -c "$config" -nologo -v:q -p:DisablePackageBaselineValidation=true -p:ContinuousIntegrationBuild=true -p:IncludeSymbols=false -o "$out"
rm -f api/packages/*.nupkg
python3 - "$out" api/packages <<'PY'
import os, re, sys, zipfile
src, dst = sys.argv[1:]
for name in sorted(os.listdir(src)):
    if not name.endswith(".nupkg"):
        continue
    with zipfile.ZipFile(os.path.join(src, name)) as z:
        nuspec = z.read(next(f for f in z.namelist() if f.endswith(".nuspec"))).decode("utf-8-sig")
        if '<packageType name="DotnetTool"' in nuspec:
            continue
        with zipfile.ZipFile(os.path.join(dst, name), "w", zipfile.ZIP_DEFLATED) as out:
            for info in z.infolist():
                if re.match(r"lib/.*\.xml$", info.filename):
                    continue
                out.writestr(info, z.read(info.filename), zipfile.ZIP_DEFLATED)
    print(f"package baseline: api/packages/{name} ({os.path.getsize(os.path.join(dst, name)) // 1024} KB)")
PY
