#!/usr/bin/env bash
# Gregor ConfigsCommand: see `gregor-configs.sh --help`. Flags follow Kafka's kafka-configs.sh (--bootstrap-server mode).
exec "$(dirname "$0")/gregor-run-class.sh" io.gregor.clients.tools.ConfigsCommand "$@"
