#!/usr/bin/env bash
# ZooKeeper's command-line client: zookeeper-shell.sh host:port[/chroot] [-zk-tls-config-file file] [command args...]
# e.g. bin/zookeeper-shell.sh 127.0.0.1:2181 ls /brokers/ids
# -zk-tls-config-file: a properties file with Kafka's zookeeper.ssl.* and zookeeper.clientCnxnSocket keys (TLS);
# SASL: GREGOR_OPTS=-Djava.security.auth.login.config=<JAAS file with a Client section>
set -euo pipefail
if [[ $# -lt 1 ]]; then
  echo "USAGE: $0 zookeeper_host:port[/path] [-zk-tls-config-file file] [args...]" >&2
  exit 1
fi
export GREGOR_HEAP_OPTS="${GREGOR_HEAP_OPTS:--Xmx256M}"
export GREGOR_LOG_CONFIG="${GREGOR_LOG_CONFIG:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/config/logback-tools.xml}"
exec "$(dirname "${BASH_SOURCE[0]}")/gregor-run-class.sh" -name zookeeper-shell \
  io.gregor.coordination.tools.ZooKeeperShell "$@"
