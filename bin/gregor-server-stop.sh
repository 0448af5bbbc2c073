#!/usr/bin/env bash
# Stops a broker started with gregor-server-start.sh -daemon, through its PID file (never by process name):
# gregor-server-stop.sh [config/server.properties]   (the same properties file it was started with)
set -euo pipefail
name=server
if [[ $# -ge 1 ]]; then
  base="$(basename "$1" .properties)"
  [[ "$base" != server ]] && name="server-$base"
fi
exec "$(dirname "${BASH_SOURCE[0]}")/gregor-stop-pid.sh" "$name"
