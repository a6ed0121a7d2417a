#!/usr/bin/env bash
# The contract's breaking-change check. Prints one verdict line, then only the breaking findings with their
# paths; the full report (Optic's whole diff, the enum analysis) goes to REPORT. Exit 1 on a breaking change
# unless the major version moved, 2 when the check itself could not run.
# usage: build/breaking.sh [BASELINE] [SPEC] [REPORT]
#   BASELINE  default: the last released contract in openapi/released/ (the one before the spec's version when
#             the spec is its own released copy; otherwise the newest)
#   SPEC      default: openapi/v1/nano-banana-2-lite.yaml
#   REPORT    default: artifacts/breaking/report.txt
# The diff and its rules are Optic's (@useoptic/optic, pinned in package-lock.json), with the contract's enum
# policy in place of Optic's enum rules: adding a value to any enum is not breaking, removing or renaming one is
# (build/breaking.js, docs/regenerating.md).
set -euo pipefail
cd "$(dirname "$0")/.."
exec node build/breaking.js "$@"
