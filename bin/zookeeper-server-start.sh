#!/usr/bin/env bash
# Starts ZooKeeper from Gregor's own dependencies: zookeeper-server-start.sh [-daemon] config/zookeeper.properties
set -euo pipefail
if [[ $# -lt 1 ]]; then
  echo "USAGE: $0 [-daemon] zookeeper.properties" >&2
  exit 1
fi
daemon=()
if [[ "$1" == "-daemon" ]]; then daemon=(-daemon); shift; fi
export GREGOR_HEAP_OPTS="${GREGOR_HEAP_OPTS:--Xmx512M -Xms512M}"
exec "$(dirname "${BASH_SOURCE[0]}")/gregor-run-class.sh" "${daemon[@]}" -name zookeeper \
  org.apache.zookeeper.server.quorum.QuorumPeerMain "$@"
