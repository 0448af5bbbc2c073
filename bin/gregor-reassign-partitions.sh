#!/usr/bin/env bash
# Gregor ReassignPartitionsCommand: see `gregor-reassign-partitions.sh --help`. Flags follow Kafka's kafka-reassign-partitions.sh.
export GREGOR_HEAP_OPTS="${GREGOR_HEAP_OPTS:--Xmx256M}"
export GREGOR_LOG_CONFIG="${GREGOR_LOG_CONFIG:-$(dirname "$0")/../config/logback-tools.xml}"
exec "$(dirname "$0")/gregor-run-class.sh" io.gregor.coordination.tools.ReassignPartitionsCommand "$@"
