# NanoBanana.Contract: every check CI runs, and the README's main job.
#   make demo    generate an image end to end on the embedded simulator (no key needed)
#   make test    what CI runs: spec lint, breaking checks, build with generation, drift and incremental checks, all tests, package validation and smoke
#   make check-aot  Native AOT publish of samples/NanoBanana.AotSample, zero trim/AOT warnings, run against the simulator (CI runs it after make test)
#   make bench        every benchmark, full length (~15 min); results in bench/results/full.{md,json}
#   make bench-quick  the same, short (under 2 min); results in bench/results/quick.{md,json}
#   make bench-callbacks, make bench-workers   fleets (docs/scale.md); results in bench/results/{callbacks,workers}.md
SHELL := /bin/bash
CONFIG ?= Release
SLN := NanoBanana.Contract.sln
SPEC := openapi/v1/nano-banana-2-lite.yaml
CLIENT := src/NanoBanana.Client/NanoBanana.Client.csproj
KIOTA := src/NanoBanana.Kiota/NanoBanana.Kiota.csproj
CLI := src/NanoBanana.Cli/NanoBanana.Cli.csproj
CLI_DLL := src/NanoBanana.Cli/bin/$(CONFIG)/net10.0/nanobanana.dll
export DOTNET_CLI_TELEMETRY_OPTOUT := 1
export DOTNET_NOLOGO := 1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE := 1

.PHONY: all tools test check-no-issue-refs lint breaking release-contract check-breaking-bites build check-generated check-incremental unit-tests check-aot demo clean bench bench-quick bench-batch bench-callbacks bench-workers

all: build

test: check-no-issue-refs lint breaking check-breaking-bites build check-generated check-incremental unit-tests check-package-validation-bites check-packages

# The repository speaks of the product, not of its tracker: no issue numbers (the word followed by a number) in any
# tracked file (code, docs, Makefile, bench results).
check-no-issue-refs:
	@if git grep -nIiE '\b[i]ssues? *#?[0-9]+' -- . ':!package-lock.json'; then \
	  echo "the lines above cite issue numbers, which mean nothing to a reader: say what the change is instead" >&2; exit 1; \
	else echo "no issue numbers in the repository"; fi

# Pinned Node tools (Spectral, Optic), installed from package-lock.json.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

lint: node_modules/.installed
	npx --no-install spectral lint -F warn --ruleset .spectral.yaml $(SPEC)

# The spec against the last released contract (openapi/released/): one verdict line, then only the breaking
# findings; the full report in artifacts/breaking/report.txt. Fails on a breaking change unless info.version's
# major moved. Adding an enum value is not breaking; removing or renaming one is (docs/regenerating.md).
breaking: node_modules/.installed
	build/breaking.sh

# Releases the contract at its info.version (every contract change does, in the same commit): copies the spec to
# openapi/released/nano-banana-2-lite-VERSION.yaml. Refuses when that version is already released with other
# content (move info.version) or has no CHANGELOG entry. A test fails while the spec differs from its released copy.
release-contract:
	@v=$$(sed -n 's/^  version: *\([0-9][0-9A-Za-z.+-]*\).*/\1/p' $(SPEC) | head -n 1); dst=openapi/released/nano-banana-2-lite-$$v.yaml; \
	if [ -e "$$dst" ] && ! cmp -s $(SPEC) "$$dst"; then echo "contract $$v is already released ($$dst) and the spec differs from it: move info.version" >&2; exit 1; fi; \
	grep -qx "## $$v" openapi/v1/CHANGELOG.md || { echo "openapi/v1/CHANGELOG.md has no '## $$v' entry: add one first" >&2; exit 1; }; \
	cp $(SPEC) "$$dst"; echo "released contract $$v: $$dst (commit it with the spec, generated/ and the CHANGELOG)"

# Proves `make breaking` bites and speaks plainly: breaking edits fail it (removed field, new required input,
# removed or renamed enum value), additive ones pass (optional field, new status, new aspect ratio), a major bump
# passes and still lists what it breaks.
check-breaking-bites: node_modules/.installed
	build/breaking-selftest.sh

# Local .NET tools pinned in .config/dotnet-tools.json (Kiota); never a global install. The Kiota
# project's build restores them too, so a plain `dotnet build` in a fresh clone works as well.
tools: .config/dotnet-tools.json
	dotnet tool restore

build: tools
	dotnet build $(SLN) -c $(CONFIG)

# generated/ (NSwag's transport and Kiota's client, generated/Kiota/) and the root kiota-lock.json must be
# exactly what the spec produces: regenerate both unconditionally, then compare.
check-generated: tools
	dotnet msbuild $(CLIENT) -restore -nologo -v:m -t:GenerateTransport -p:Configuration=$(CONFIG) -p:ForceTransportGeneration=true
	dotnet msbuild $(KIOTA) -restore -nologo -v:m -t:GenerateKiotaClient -p:Configuration=$(CONFIG) -p:ForceTransportGeneration=true
	@if [ -n "$$(git status --porcelain -- generated/ kiota-lock.json)" ]; then \
	  git --no-pager diff --stat -- generated/ kiota-lock.json; git status --short -- generated/ kiota-lock.json; \
	  echo "generated/ or kiota-lock.json differs from what $(SPEC) produces: build, review and commit them." >&2; exit 1; \
	else echo "generated/ and kiota-lock.json match $(SPEC)"; fi

# A build with no change must skip both generators.
check-incremental: tools
	dotnet build $(CLIENT) -c $(CONFIG) -nologo -v:q > /dev/null
	dotnet build $(KIOTA) -c $(CONFIG) -nologo -v:q > /dev/null
	@dotnet build $(CLIENT) -c $(CONFIG) -nologo -v:d | grep -q 'Skipping target "GenerateTransport" because all output files are up-to-date' \
	  && echo "no-change build: GenerateTransport skipped" \
	  || { echo "a no-change build ran transport generation again" >&2; exit 1; }
	@dotnet build $(KIOTA) -c $(CONFIG) -nologo -v:d | grep -q 'Skipping target "GenerateKiotaClient" because all output files are up-to-date' \
	  && echo "no-change build: GenerateKiotaClient skipped" \
	  || { echo "a no-change build ran Kiota generation again" >&2; exit 1; }

unit-tests: tools
	build/test.sh $(CONFIG)

# Native AOT, proved (build/aot-check.sh): publishes samples/NanoBanana.AotSample with PublishAot for linux-x64 (clang
# from Debian when missing), fails on any trim/AOT warning, runs the native binary against `nanobanana mock` in another
# process (credits, create, poll, download, one confirmed callback) and writes size and start-up time next to the JIT
# build to artifacts/aot/result.md. The publish alone takes 2-5 minutes on 2 cores, so it is its own target, which
# .ci/run calls after `make test`.
check-aot: tools
	build/aot-check.sh $(CONFIG)

# Builds the CLI, then generates an image on the embedded simulator (no key): a PNG lands in this folder.
demo: tools
	dotnet build $(CLI) -c $(CONFIG) -nologo -v:q
	env -u NANOBANANA_API_KEY -u NANOBANANA_BASE_URL dotnet $(CLI_DLL) generate "a ripe banana on a wooden desk, morning light" --out .

# Benchmarks (bench/README.md): per-call overhead, polling, scale, build. Always Release; not part of `make test`.
BENCH_DLL := bench/NanoBanana.Benchmarks/bin/Release/net10.0/NanoBanana.Benchmarks.dll
BENCH_RESULTS := bench/results

# build-timing.sh builds the whole solution (the benchmarks too) before it measures no-change rebuilds.
bench:
	bench/build-timing.sh 5 $(BENCH_RESULTS)/build-full.json
	dotnet $(BENCH_DLL) full --results $(BENCH_RESULTS) --build-json $(BENCH_RESULTS)/build-full.json

bench-quick:
	bench/build-timing.sh 1 $(BENCH_RESULTS)/build-quick.json
	dotnet $(BENCH_DLL) quick --results $(BENCH_RESULTS) --build-json $(BENCH_RESULTS)/build-quick.json

# Batch throughput: 2,000 items through BatchRunner + the SQLite ledger on the simulator, 100 ms creates, lognormal 12 s tasks, 1 and 4 creates in flight (about 6 minutes).
bench-batch:
	dotnet build bench/NanoBanana.Batch.Bench -c Release -nologo -v:q
	dotnet bench/NanoBanana.Batch.Bench/bin/Release/net10.0/NanoBanana.Batch.Bench.dll --items 2000 --create-latency-ms 100 --creates-in-flight 1,4 --results $(BENCH_RESULTS)

# Fleets (docs/scale.md): waits that callbacks end against polling (lognormal tasks, median 12 s, on a fake clock;
# about a minute), and one, two and three batch workers on one PostgreSQL ledger (1,000 items, 100 ms creates; a few
# minutes; starts its own PostgreSQL server like the tests).
FLEET_BENCH_DLL := bench/NanoBanana.Fleet.Bench/bin/Release/net10.0/NanoBanana.Fleet.Bench.dll
bench-callbacks:
	dotnet build bench/NanoBanana.Fleet.Bench -c Release -nologo -v:q
	dotnet $(FLEET_BENCH_DLL) callbacks --tasks 300 --results $(BENCH_RESULTS)

bench-workers:
	build/postgres-servers.sh ensure
	dotnet build bench/NanoBanana.Fleet.Bench -c Release -nologo -v:q
	dotnet $(FLEET_BENCH_DLL) workers --items 1000 --create-ms 100 --results $(BENCH_RESULTS)

clean:
	dotnet clean $(SLN) -c $(CONFIG) -v:q

# Packages: every src/ project's .nupkg and .snupkg in one local feed, built in CI mode (deterministic,
# Source Link paths), the packages' own version (<VersionPrefix>), each library validated against its baseline in
# api/packages/ (see check-package-validation-bites). check-packages installs them into
# a throwaway project and runs it (build/package-smoke.sh).
PACKAGES := artifacts/packages
.PHONY: pack check-packages check-package-validation-bites package-baseline api-baseline
pack:
	rm -rf $(PACKAGES)
	dotnet pack $(SLN) -c $(CONFIG) -nologo -v:m -p:ContinuousIntegrationBuild=true

check-packages: pack
	build/package-smoke.sh $(PACKAGES)

# Package validation: `dotnet pack` checks every library package against the last released one, kept offline in
# api/packages/<Id>.<PackageBaselineVersion>.nupkg, and fails on a binary-breaking change (CP0002, ...) unless the
# major version moved (src/Directory.Build.targets). This proves it bites: in a throwaway copy, a removed public member
# fails the pack with CP0002 naming it, and passes under a new major (about 30 s; packs NanoBanana.Client only).
check-package-validation-bites:
	build/package-validation-selftest.sh

# At a release: set <PackageBaselineVersion> to the version being released (= <VersionPrefix>, Directory.Build.props),
# then write its library packages to api/packages/ (XML docs stripped) and commit them (docs/regenerating.md).
package-baseline:
	build/package-baseline.sh $(CONFIG)

# Accept the current public API of every library as its baseline (api/<Assembly>.txt); then review
# `git diff api/` and commit. The PublicApi tests (run by unit-tests) fail until a change is accepted.
api-baseline:
	UPDATE_API_BASELINE=1 dotnet test tests/NanoBanana.PublicApi.Tests -c $(CONFIG) --nologo -v:q
	@git status --short -- api/; git --no-pager diff --stat -- api/
