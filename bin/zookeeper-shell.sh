#!/usr/bin/env bash
# ZooKeeper's command-line client: zookeeper-shell.sh host:port[/chroot] [command args...]
# e.g. bin/zookeeper-shell.sh 127.0.0.1:2181 ls /brokers/ids
set -euo pipefail
if [[ $# -lt 1 ]]; then
  echo "USAGE: $0 zookeeper_host:port[/path] [args...]" >&2
  exit 1
fi
server="$1"; shift
export GREGOR_HEAP_OPTS="${GREGOR_HEAP_OPTS:--Xmx256M}"
export GREGOR_LOG_CONFIG="${GREGOR_LOG_CONFIG:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/config/logback-tools.xml}"
exec "$(dirname "${BASH_SOURCE[0]}")/gregor-run-class.sh" -name zookeeper-shell \
  org.apache.zookeeper.ZooKeeperMain -server "$server" "$@"
