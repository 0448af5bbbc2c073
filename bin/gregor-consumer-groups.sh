#!/usr/bin/env bash
# Gregor ConsumerGroupsCommand: see `gregor-consumer-groups.sh --help`. Flags follow Kafka's kafka-consumer-groups.sh.
exec "$(dirname "$0")/gregor-run-class.sh" io.gregor.clients.tools.ConsumerGroupsCommand "$@"
