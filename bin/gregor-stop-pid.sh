#!/usr/bin/env bash
# Stops the process whose PID is in $LOG_DIR/NAME.pid (written by gregor-run-class.sh -daemon):
# SIGTERM, then waits up to STOP_TIMEOUT_SECONDS (default 60) for it to exit. Never matches by name.
# Usage: gregor-stop-pid.sh NAME
set -euo pipefail
base_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
name="$1"
log_dir="${LOG_DIR:-$base_dir/logs}"
pid_file="$log_dir/$name.pid"
if [[ ! -f "$pid_file" ]]; then
  echo "No $name to stop: $pid_file does not exist" >&2
  exit 1
fi
pid="$(cat "$pid_file")"
if ! kill -0 "$pid" 2>/dev/null; then
  echo "No $name to stop: PID $pid from $pid_file is not running" >&2
  rm -f "$pid_file"
  exit 1
fi
kill -TERM "$pid"
timeout="${STOP_TIMEOUT_SECONDS:-60}"
for ((i = 0; i < timeout * 10; i++)); do
  if ! kill -0 "$pid" 2>/dev/null; then
    rm -f "$pid_file"
    echo "Stopped $name (PID $pid)"
    exit 0
  fi
  sleep 0.1
done
echo "$name (PID $pid) did not stop within ${timeout}s after SIGTERM" >&2
exit 1
