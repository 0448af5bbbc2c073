#!/usr/bin/env bash
# Gregor ReassignPartitionsCommand: see `gregor-reassign-partitions.sh --help`. Flags follow Kafka's kafka-reassign-partitions.sh.
exec "$(dirname "$0")/gregor-run-class.sh" io.gregor.coordination.tools.ReassignPartitionsCommand "$@"
