#!/usr/bin/env bash
# Shows a cluster as ZooKeeper holds it: cluster id, brokers, controller, topics and partition
# leaders/ISR. gregor-cluster.sh --zookeeper host:port[/chroot] [--json] [--zk-tls-config-file file]
export GREGOR_HEAP_OPTS="${GREGOR_HEAP_OPTS:--Xmx256M}"
export GREGOR_LOG_CONFIG="${GREGOR_LOG_CONFIG:-$(dirname "$0")/../config/logback-tools.xml}"
exec "$(dirname "$0")/gregor-run-class.sh" io.gregor.coordination.tools.ClusterCommand "$@"
