#!/usr/bin/env bash
# Gregor ProducerPerformance on Gregor's own client: see `gregor-producer-perf-test.sh --help`. Flags and output lines follow Kafka's kafka-producer-perf-test.sh.
exec "$(dirname "$0")/gregor-run-class.sh" io.gregor.clients.tools.ProducerPerformance "$@"
