#!/usr/bin/env bash
# Installs the packed packages (artifacts/packages/, written by `make pack`) the way a user would and
# proves they work: every package's contents are checked, then a throwaway console project (template:
# build/package-smoke/, copied to a temp directory so no repository props apply and it is in no
# solution) restores NanoBanana.Client, NanoBanana.Simulator, NanoBanana.AspNetCore and NanoBanana.Kiota from the
# local feed plus nuget.org, builds, runs a real generate on the simulator (image downloaded, PNG checked) and one
# Kiota client call against it; every
# .NET tool package (the `nanobanana` CLI, once packed) installs and answers --help.
# usage: build/package-smoke.sh [FEED]   (default artifacts/packages)
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
feed=$(cd "${1:-artifacts/packages}" && pwd)
start=$SECONDS
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
fail() { echo "package smoke: $*" >&2; exit 1; }

version=$(dotnet msbuild src/NanoBanana.Client/NanoBanana.Client.csproj -nologo -getProperty:PackageVersion)
shopt -s nullglob
packages=("$feed"/*.nupkg)
[ ${#packages[@]} -gt 0 ] || fail "no package in $feed: run make pack first"
for id in NanoBanana.Client NanoBanana.Simulator NanoBanana.AspNetCore NanoBanana.Kiota NanoBanana.Batch; do
  [ -f "$feed/$id.$version.nupkg" ] || fail "$id.$version.nupkg is not in $feed"
done

# 1. Contents: a README, XML docs beside each library, Source Link commit, a symbol package.
python3 - "${packages[@]}" <<'PY'
import re, sys, zipfile, os
bad = []
for path in sys.argv[1:]:
    name = os.path.basename(path)
    with zipfile.ZipFile(path) as z:
        files = z.namelist()
        nuspec = z.read(next(f for f in files if f.endswith(".nuspec"))).decode("utf-8-sig")
    readme = re.search(r"<readme>([^<]+)</readme>", nuspec)
    if not readme or readme.group(1) not in files:
        bad.append(f"{name}: no README")
    if not re.search(r'<repository type="git" url="https://[^"]+" commit="[0-9a-f]{40}"', nuspec):
        bad.append(f"{name}: no repository url and commit (Source Link)")
    for dll in (f for f in files if f.startswith("lib/") and f.endswith(".dll")):
        if dll[:-4] + ".xml" not in files:
            bad.append(f"{name}: {dll} has no XML docs")
    # Microsoft.Extensions.* and System.* packages on the lowest line the target framework needs (10.x for net10.0),
    # never a newer line that would bring app-local copies into a .NET 10 app.
    for dep, ver in re.findall(r'<dependency id="((?:Microsoft\.Extensions|System)\.[^"]+)" version="([^"]+)"', nuspec):
        if not re.match(r"\[?10\.", ver):
            bad.append(f"{name}: depends on {dep} {ver}, not on the 10.x line")
    if not os.path.exists(path[:-len(".nupkg")] + ".snupkg"):
        bad.append(f"{name}: no .snupkg beside it")
    if not any(b.startswith(name + ":") for b in bad):
        print(f"package smoke: {name}: README, XML docs, Source Link commit, .snupkg present, Microsoft.Extensions.*/System.* dependencies on 10.x")
if bad:
    sys.exit("\n".join("package smoke: " + b for b in bad))
PY

# 2. A fresh consumer. NanoBanana.* come only from the local feed (source mapping), everything else
# from nuget.org. Its own packages folder (with the machine's cache as a read-only fallback) so a
# re-pack of the same version is never shadowed by an earlier copy in the global cache.
global_packages=$(dotnet nuget locals global-packages --list | sed 's/^global-packages: *//')
cp -r build/package-smoke "$work/app"
echo '<Project />' > "$work/Directory.Build.props"
echo '<Project />' > "$work/Directory.Build.targets"
echo '<Project />' > "$work/Directory.Packages.props"
cat > "$work/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <config>
    <add key="globalPackagesFolder" value="$work/packages" />
  </config>
  <fallbackPackageFolders>
    <add key="machine" value="$global_packages" />
  </fallbackPackageFolders>
  <packageSources>
    <clear />
    <add key="local" value="$feed" />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
  </packageSources>
  <packageSourceMapping>
    <packageSource key="local"><package pattern="NanoBanana.*" /></packageSource>
    <packageSource key="nuget.org"><package pattern="*" /></packageSource>
  </packageSourceMapping>
</configuration>
XML
unset NUGET_PACKAGES
cd "$work/app"
if ! dotnet build -c Release -nologo -p:NanoBananaVersion="$version" > "$work/build.log" 2>&1; then
  cat "$work/build.log"; fail "the consumer project did not build against the packages"
fi
dotnet bin/Release/net10.0/PackageSmoke.dll "$version" || fail "the consumer program failed"

# 3. Every .NET tool package installs from the feed and its command answers --help.
tools=0
for nupkg in "${packages[@]}"; do
  unzip -p "$nupkg" '*.nuspec' | grep -q '<packageType name="DotnetTool"' || continue
  id=$(unzip -p "$nupkg" '*.nuspec' | sed -n 's:.*<id>\(.*\)</id>.*:\1:p')
  tool_version=$(unzip -p "$nupkg" '*.nuspec' | sed -n 's:.*<version>\(.*\)</version>.*:\1:p')
  command=$(unzip -p "$nupkg" 'tools/*/any/DotnetToolSettings.xml' | sed -n 's:.*<Command Name="\([^"]*\)".*:\1:p' | head -n 1)
  dotnet tool install "$id" --version "$tool_version" --tool-path "$work/tools" --configfile "$work/nuget.config" > "$work/tool.log" 2>&1 \
    || { cat "$work/tool.log"; fail "the tool $id did not install"; }
  "$work/tools/$command" --help > "$work/tool.log" 2>&1 || { cat "$work/tool.log"; fail "$command --help failed"; }
  echo "package smoke: tool $id $tool_version installed; \`$command --help\` ran"
  tools=$((tools + 1))
done
[ "$tools" -gt 0 ] || echo "package smoke: no .NET tool package in $feed (the nanobanana CLI is not packed yet): tool check skipped"

cd "$repo"
echo "package smoke: passed: ${#packages[@]} package(s) from $feed checked, NanoBanana.Client, .Simulator, .AspNetCore and .Kiota $version installed and built, a generate and a Kiota call ran on the simulator, $tools tool(s) ran ($((SECONDS - start)) s)"
