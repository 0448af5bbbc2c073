#!/usr/bin/env bash
# Gregor DeleteRecordsCommand: see `gregor-delete-records.sh --help`. Flags and offset JSON follow Kafka's kafka-delete-records.sh.
exec "$(dirname "$0")/gregor-run-class.sh" io.gregor.clients.tools.DeleteRecordsCommand "$@"
