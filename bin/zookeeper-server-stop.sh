#!/usr/bin/env bash
# Stops the ZooKeeper started with zookeeper-server-start.sh -daemon (through its PID file).
exec "$(dirname "${BASH_SOURCE[0]}")/gregor-stop-pid.sh" zookeeper
