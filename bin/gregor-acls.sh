#!/usr/bin/env bash
# Gregor AclsCommand: see `gregor-acls.sh --help`. Flags follow Kafka's kafka-acls.sh (--bootstrap-server mode).
exec "$(dirname "$0")/gregor-run-class.sh" io.gregor.clients.tools.AclsCommand "$@"
