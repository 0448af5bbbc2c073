#!/usr/bin/env bash
# Gregor LogDirsCommand: see `gregor-log-dirs.sh --help`. Flags and output follow Kafka's kafka-log-dirs.sh.
exec "$(dirname "$0")/gregor-run-class.sh" io.gregor.clients.tools.LogDirsCommand "$@"
