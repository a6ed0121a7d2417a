#!/usr/bin/env bash
# The PostgreSQL servers the tests start (tests/NanoBanana.Testing/PostgresServer.cs):
#   build/postgres-servers.sh ensure      installs Debian's postgresql when initdb is missing
#   build/postgres-servers.sh stop ROOT   stops every server whose data directory is under ROOT, then removes ROOT
# build/test.sh calls both: the tests stop their own servers, and this stops whatever a crashed or killed test left.
set -uo pipefail
pg_tool() {
  command -v "$1" 2>/dev/null && return 0
  ls -d /usr/lib/postgresql/*/bin/"$1" 2>/dev/null | sort -V | tail -n 1 | grep . && return 0
  return 1
}
case "${1:-}" in
  ensure)
    if ! pg_tool initdb > /dev/null; then
      echo "PostgreSQL's initdb is missing: installing Debian's postgresql" >&2
      if [ "$(id -u)" -eq 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql > /dev/null
      else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql > /dev/null; fi
      pg_tool initdb > /dev/null || { echo "initdb still missing after installing postgresql" >&2; exit 1; }
    fi
    ;;
  stop)
    root=${2:?root folder}
    [ -d "$root" ] || exit 0
    pg_ctl=$(pg_tool pg_ctl) || exit 0
    for pid in "$root"/*/data/postmaster.pid; do
      [ -f "$pid" ] || continue
      data=$(dirname "$pid")
      if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$pg_ctl" -D "$data" -m immediate -w stop > /dev/null 2>&1
      else "$pg_ctl" -D "$data" -m immediate -w stop > /dev/null 2>&1; fi
    done
    rm -rf "$root"
    ;;
  *) echo "usage: $0 ensure | stop ROOT" >&2; exit 2 ;;
esac
