#!/usr/bin/env bash
# Starts a Gregor broker: gregor-server-start.sh [-daemon] config/server.properties [--override key=value]*
# Without -daemon the JVM replaces this script (exec), so a supervisor's PID is the broker's.
set -euo pipefail
if [[ $# -lt 1 ]]; then
  echo "USAGE: $0 [-daemon] server.properties [--override property=value]*" >&2
  exit 1
fi
daemon=()
if [[ "$1" == "-daemon" ]]; then daemon=(-daemon); shift; fi
exec "$(dirname "${BASH_SOURCE[0]}")/gregor-run-class.sh" "${daemon[@]}" -name server io.gregor.broker.Main "$@"
