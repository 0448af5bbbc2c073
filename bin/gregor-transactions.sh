#!/usr/bin/env bash
# Gregor TransactionsCommand: see `gregor-transactions.sh --help`. Commands, flags and output follow Kafka's kafka-transactions.sh.
exec "$(dirname "$0")/gregor-run-class.sh" io.gregor.clients.tools.TransactionsCommand "$@"
