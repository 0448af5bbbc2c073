#!/usr/bin/env bash
# Starts a Gregor broker: gregor-server-start.sh [-daemon] config/server.properties [--override key=value]*
# Without -daemon the JVM replaces this script (exec), so a supervisor's PID is the broker's.
# With -daemon, logs go to logs/<name>.log and .out and the PID to logs/<name>.pid, where <name> is
# "server" for server.properties and "server-X" for X.properties (so several brokers can run side by side).
set -euo pipefail
if [[ $# -lt 1 ]]; then
  echo "USAGE: $0 [-daemon] server.properties [--override property=value]*" >&2
  exit 1
fi
daemon=()
if [[ "$1" == "-daemon" ]]; then daemon=(-daemon); shift; fi
if [[ $# -lt 1 ]]; then
  echo "USAGE: $0 [-daemon] server.properties [--override property=value]*" >&2
  exit 1
fi
# A broker that runs out of heap ends (exit status 3) instead of lingering half alive: a thread that
# died of it may be the one that keeps the broker registered in ZooKeeper. GREGOR_OPTS may turn it off
# (-XX:-ExitOnOutOfMemoryError comes later and wins).
export GREGOR_OPTS="-XX:+ExitOnOutOfMemoryError${GREGOR_OPTS:+ $GREGOR_OPTS}"
base="$(basename "$1" .properties)"
name=server
[[ "$base" != server ]] && name="server-$base"
exec "$(dirname "${BASH_SOURCE[0]}")/gregor-run-class.sh" "${daemon[@]}" -name "$name" io.gregor.broker.Main "$@"
