#!/usr/bin/env bash
# Gregor LeaderElectionCommand: see `gregor-leader-election.sh --help`. Flags follow Kafka's kafka-leader-election.sh.
exec "$(dirname "$0")/gregor-run-class.sh" io.gregor.clients.tools.LeaderElectionCommand "$@"
