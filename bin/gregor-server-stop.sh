#!/usr/bin/env bash
# Stops the broker started with gregor-server-start.sh -daemon (through its PID file, never by process name).
exec "$(dirname "${BASH_SOURCE[0]}")/gregor-stop-pid.sh" server
