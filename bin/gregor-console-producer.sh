#!/usr/bin/env bash
# Gregor ConsoleProducer: see `gregor-console-producer.sh --help`. Flags follow Kafka's tool of the same purpose.
exec "$(dirname "$0")/gregor-run-class.sh" io.gregor.clients.tools.ConsoleProducer "$@"
