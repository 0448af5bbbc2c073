#!/usr/bin/env bash
# Gregor ConsumerPerformance on Gregor's own client: see `gregor-consumer-perf-test.sh --help`. Flags and output lines follow Kafka's kafka-consumer-perf-test.sh.
exec "$(dirname "$0")/gregor-run-class.sh" io.gregor.clients.tools.ConsumerPerformance "$@"
