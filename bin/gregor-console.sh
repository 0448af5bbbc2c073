#!/usr/bin/env bash
# Gregor's web console, a process of its own beside the brokers: see `gregor-console.sh --help`.
#   gregor-console.sh --bootstrap-server H:P --zookeeper H:P[/chroot] [--listen 127.0.0.1:9080]
#                     [--read-only] [--command-config client.properties] [--metrics ID=URL,...]
# Put -daemon first to detach (logs and PID in $LOG_DIR/gregor-console.*); stop it with
# bin/gregor-stop-pid.sh gregor-console.
export GREGOR_HEAP_OPTS="${GREGOR_HEAP_OPTS:--Xmx256M}"
daemon=()
if [[ "${1:-}" == "-daemon" ]]; then daemon=(-daemon); shift; fi
exec "$(dirname "$0")/gregor-run-class.sh" "${daemon[@]}" -name gregor-console io.gregor.console.ConsoleMain "$@"
