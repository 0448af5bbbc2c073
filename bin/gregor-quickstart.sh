#!/usr/bin/env bash
# Brings up ZooKeeper and a cluster of three Gregor brokers on 127.0.0.1, creates a topic replicated
# three times (min.insync.replicas=2), produces and consumes a few messages, prints the cluster as
# ZooKeeper sees it (controller, leaders, ISR), and says how to stop.
#
# Usage: gregor-quickstart.sh          start (builds first if nothing is built)
#        gregor-quickstart.sh --stop   stop the brokers and ZooKeeper it started (through their PID files)
# Environment:
#   GREGOR_QUICKSTART_DIR   work dir for configs, data, logs and PID files (default /tmp/gregor-quickstart)
#   GREGOR_ZOOKEEPER_PORT   ZooKeeper client port (default 2181)
#   GREGOR_BROKER_PORT      PLAINTEXT port of broker 0 (default 9092)
#   GREGOR_BROKER1_PORT     PLAINTEXT port of broker 1 (default 9093)
#   GREGOR_BROKER2_PORT     PLAINTEXT port of broker 2 (default 9094)
#   GREGOR_QUICKSTART_TOPIC topic to create (default quickstart-events)
set -euo pipefail

bin_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
base_dir="$(cd "$bin_dir/.." && pwd)"
work_dir="${GREGOR_QUICKSTART_DIR:-/tmp/gregor-quickstart}"
zk_port="${GREGOR_ZOOKEEPER_PORT:-2181}"
broker_ports=("${GREGOR_BROKER_PORT:-9092}" "${GREGOR_BROKER1_PORT:-9093}" "${GREGOR_BROKER2_PORT:-9094}")
topic="${GREGOR_QUICKSTART_TOPIC:-quickstart-events}"
bootstrap="127.0.0.1:${broker_ports[0]},127.0.0.1:${broker_ports[1]},127.0.0.1:${broker_ports[2]}"
zookeeper="127.0.0.1:$zk_port"
# PID files and daemon logs of the started processes live in the work dir, not in <checkout>/logs.
export LOG_DIR="$work_dir/logs"

# Broker N runs from $work_dir/broker-N.properties, so its PID file is $LOG_DIR/server-broker-N.pid.
broker_props() { echo "$work_dir/broker-$1.properties"; }
broker_pid_file() { echo "$LOG_DIR/server-broker-$1.pid"; }
any_pid_file() {
  local id
  for id in 0 1 2; do [[ -f "$(broker_pid_file $id)" ]] && return 0; done
  [[ -f "$LOG_DIR/zookeeper.pid" ]]
}

stop_all() {
  local rc=0 id
  # one at a time, so each hands its leaderships to the others (controlled shutdown)
  for id in 2 1 0; do
    if [[ -f "$(broker_pid_file $id)" ]]; then "$bin_dir/gregor-server-stop.sh" "$(broker_props $id)" || rc=1; fi
  done
  if [[ -f "$LOG_DIR/zookeeper.pid" ]]; then "$bin_dir/zookeeper-server-stop.sh" || rc=1; fi
  return $rc
}

case "${1:-}" in
  --stop)
    if ! any_pid_file; then
      echo "Nothing to stop: no PID files in $LOG_DIR"
      exit 0
    fi
    stop_all
    exit $? ;;
  -h|--help)
    sed -n '2,14p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
    exit 0 ;;
  "") ;;
  *)
    echo "Unknown argument: $1 (usage: $0 [--stop|--help])" >&2
    exit 1 ;;
esac

for name in zookeeper server-broker-0 server-broker-1 server-broker-2; do
  if [[ -f "$LOG_DIR/$name.pid" ]] && kill -0 "$(cat "$LOG_DIR/$name.pid")" 2>/dev/null; then
    echo "A quickstart $name is already running (PID $(cat "$LOG_DIR/$name.pid")); stop it first: $0 --stop" >&2
    exit 1
  fi
done

step() { printf '\n==> %s\n' "$*"; }

# Waits up to $1 seconds for the command in the remaining arguments to succeed.
wait_for() {
  local seconds="$1"; shift
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS >= deadline)); then return 1; fi
    sleep 1
  done
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

shopt -s nullglob
built=("$base_dir"/broker/target/gregor-broker-*.jar)
shopt -u nullglob
if [[ ${#built[@]} -eq 0 || ! -d "$base_dir/broker/target/lib" ]]; then
  step "Nothing is built yet: mvn -B -DskipTests package"
  (cd "$base_dir" && mvn -B -q -DskipTests package)
fi

for port in "$zk_port" "${broker_ports[@]}"; do
  if port_open "$port"; then
    echo "Port $port on 127.0.0.1 is already in use; choose others with GREGOR_ZOOKEEPER_PORT / GREGOR_BROKER_PORT / GREGOR_BROKER1_PORT / GREGOR_BROKER2_PORT" >&2
    exit 1
  fi
done

mkdir -p "$work_dir" "$LOG_DIR"
started=false
on_failure() {
  echo >&2
  echo "The quickstart failed. Logs: $LOG_DIR/zookeeper.out, $LOG_DIR/server-broker-N.out and .log" >&2
  if $started; then
    echo "Stopping what it started..." >&2
    stop_all || true
  fi
}
trap on_failure ERR

step "Starting ZooKeeper on $zookeeper (data in $work_dir/zookeeper)"
cat >"$work_dir/zookeeper.properties" <<EOF
dataDir=$work_dir/zookeeper
clientPort=$zk_port
clientPortAddress=127.0.0.1
maxClientCnxns=0
admin.enableServer=false
EOF
started=true
GREGOR_HEAP_OPTS="${GREGOR_HEAP_OPTS:--Xmx256M}" "$bin_dir/zookeeper-server-start.sh" -daemon "$work_dir/zookeeper.properties"
if ! wait_for 30 port_open "$zk_port"; then
  echo "ZooKeeper did not open port $zk_port within 30 s" >&2
  false
fi

for id in 0 1 2; do
  step "Starting Gregor broker $id on 127.0.0.1:${broker_ports[$id]} (logs in $work_dir/data-$id)"
  cp "$base_dir/config/server.properties" "$(broker_props $id)"
  GREGOR_HEAP_OPTS="${GREGOR_HEAP_OPTS:--Xmx512M}" "$bin_dir/gregor-server-start.sh" -daemon "$(broker_props $id)" \
    --override "broker.id=$id" \
    --override "listeners=PLAINTEXT://127.0.0.1:${broker_ports[$id]}" \
    --override "log.dirs=$work_dir/data-$id" \
    --override "zookeeper.connect=$zookeeper" \
    --override "offsets.topic.replication.factor=3" \
    --override "default.replication.factor=3" \
    --override "controlled.shutdown.retry.backoff.ms=500"
done

export GREGOR_HEAP_OPTS="${GREGOR_HEAP_OPTS:--Xmx256M}"
export GREGOR_LOG_CONFIG="${GREGOR_LOG_CONFIG:-$base_dir/config/logback-tools.xml}"
for id in 0 1 2; do
  step "Waiting for broker $id to answer (bin/gregor-topics.sh --list, up to 60 s)"
  if ! wait_for 60 "$bin_dir/gregor-topics.sh" --bootstrap-server "127.0.0.1:${broker_ports[$id]}" --list; then
    echo "Broker $id did not answer on 127.0.0.1:${broker_ports[$id]} within 60 s" >&2
    false
  fi
done
echo "The three brokers are up."

step "bin/gregor-topics.sh --create --topic $topic --partitions 3 --replication-factor 3 --config min.insync.replicas=2"
# retried: the controller may not have seen all three brokers yet (then the replication factor is refused)
if ! wait_for 30 "$bin_dir/gregor-topics.sh" --bootstrap-server "$bootstrap" --create --if-not-exists --topic "$topic" \
    --partitions 3 --replication-factor 3 --config min.insync.replicas=2; then
  "$bin_dir/gregor-topics.sh" --bootstrap-server "$bootstrap" --create --if-not-exists --topic "$topic" \
    --partitions 3 --replication-factor 3 --config min.insync.replicas=2
fi
echo "Created topic $topic."
"$bin_dir/gregor-topics.sh" --bootstrap-server "$bootstrap" --describe --topic "$topic"

step "bin/gregor-console-producer.sh: five keyed messages"
messages=$'user-1:signed up\nuser-2:signed up\nuser-1:placed order 17\nuser-3:signed up\nuser-2:placed order 18'
printf '%s\n' "$messages"
printf '%s\n' "$messages" | "$bin_dir/gregor-console-producer.sh" --bootstrap-server "$bootstrap" --topic "$topic" \
  --property parse.key=true --property key.separator=:

step "bin/gregor-console-consumer.sh --from-beginning --max-messages 5"
"$bin_dir/gregor-console-consumer.sh" --bootstrap-server "$bootstrap" --topic "$topic" --from-beginning \
  --max-messages 5 --timeout-ms 30000 --property print.key=true --property key.separator=": "

step "bin/gregor-cluster.sh --zookeeper $zookeeper"
"$bin_dir/gregor-cluster.sh" --zookeeper "$zookeeper"
trap - ERR

stop_cmd="$0 --stop"
[[ "$work_dir" != /tmp/gregor-quickstart ]] && stop_cmd="GREGOR_QUICKSTART_DIR=$work_dir $stop_cmd"
cat <<EOF

Gregor is running: brokers $bootstrap, ZooKeeper $zookeeper (work dir $work_dir).
Try:
  $bin_dir/gregor-console-consumer.sh --bootstrap-server $bootstrap --topic $topic --from-beginning --property print.key=true
  $bin_dir/gregor-topics.sh --bootstrap-server $bootstrap --describe --under-replicated-partitions
To stop everything:
  $stop_cmd
or one at a time (the PID files are in $LOG_DIR; a broker hands its leaderships away before it stops):
  LOG_DIR=$LOG_DIR $bin_dir/gregor-server-stop.sh $(broker_props 1)
  LOG_DIR=$LOG_DIR $bin_dir/zookeeper-server-stop.sh
EOF
