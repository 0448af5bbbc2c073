#!/usr/bin/env bash
# One broker, one topic of many partitions: how long until every partition has a leader, whether the
# broker keeps serving other topics meanwhile, and (Gregor) whether a hostile 32,769-partition
# CreateTopics is refused cleanly. Apache Kafka 3.9.1 (ZooKeeper mode) and Gregor on this machine, the
# topic created by the same tool (bin/gregor-topics.sh), watched by the same Apache Admin client.
#
# Usage: bench/many-partitions.sh [--partitions N] [--system gregor|kafka|both] [--keep]
#   --partitions N  partitions of the topic, replication factor 1 (default 10000)
#   --system        which broker(s) to measure (default both)
#   --keep          keep the work dir (configs, logs, probe output)
#
# Needs the Gregor build (`mvn -B -DskipTests package`); fetches Kafka with Maven on first use
# (bench/kafka/pom.xml -> bench/target/kafka-lib, as bench/compare.sh does). Binds 127.0.0.1 on free
# ports with a fresh temp dir; stops every process it started, by PID, on exit.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib.sh
source "$root/bench/lib.sh"
partitions=10000
systems="gregor kafka"
keep=false
while [[ $# -gt 0 ]]; do
  case "$1" in
    --partitions) [[ $# -ge 2 && "$2" =~ ^[1-9][0-9]*$ ]] || { echo "--partitions needs a positive number" >&2; exit 1; }
                  partitions="$2"; shift ;;
    --system) case "${2:-}" in gregor|kafka) systems="$2" ;; both) systems="gregor kafka" ;;
                *) echo "--system needs gregor, kafka or both" >&2; exit 1 ;; esac; shift ;;
    --keep) keep=true ;;
    -h|--help) sed -n '7,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "Unknown option: $1" >&2; exit 1 ;;
  esac
  shift
done

if [[ -n "${JAVA_HOME:-}" ]]; then java="$JAVA_HOME/bin/java"; javac="$JAVA_HOME/bin/javac"; else java=java; javac=javac; fi
kafka_version=3.9.1
kafka_lib="$root/bench/target/kafka-lib"
classes="$root/bench/target/partitions-classes"
heap="-Xmx1G -Xms1G"
log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

[[ -d "$root/broker/target/lib" ]] || die "Gregor is not built: run 'mvn -B -DskipTests package' in $root first"
if [[ ! -f "$kafka_lib/kafka_2.13-$kafka_version.jar" ]]; then
  log "fetching Apache Kafka $kafka_version with Maven into $kafka_lib"
  mvn -B -q -f "$root/bench/kafka/pom.xml" dependency:copy-dependencies >&2 || die "could not fetch Kafka with Maven"
fi
mkdir -p "$classes"
"$javac" -d "$classes" -cp "$kafka_lib/*" "$root/bench/partitions/PartitionsProbe.java" || die "could not compile the probe"

work="$(mktemp -d /tmp/gregor-many-partitions.XXXXXX)"
pids=()
cleanup() {
  local pid
  for (( i = ${#pids[@]} - 1; i >= 0; i-- )); do
    pid="${pids[$i]}"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  if $keep; then log "work dir kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

wait_port() {
  local deadline=$(( SECONDS + 90 ))
  until (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; do
    kill -0 "$2" 2>/dev/null || die "process $2 exited (see $3)"
    [[ $SECONDS -lt $deadline ]] || die "127.0.0.1:$1 not listening after 90 s (see $3)"
    sleep 0.2
  done
}
spawn() { local out="$1"; shift; "$@" >"$out" 2>&1 & pids+=("$!"); spawned=$!; }

results=()
for sys in $systems; do
  dir="$work/$sys"; mkdir -p "$dir"
  zk_port=$(free_port); broker_port=$(free_port)
  cat >"$dir/zookeeper.properties" <<P
dataDir=$dir/zookeeper-data
clientPort=$zk_port
clientPortAddress=127.0.0.1
maxClientCnxns=0
admin.enableServer=false
P
  cat >"$dir/server.properties" <<P
broker.id=0
listeners=PLAINTEXT://127.0.0.1:$broker_port
log.dirs=$dir/data
zookeeper.connect=127.0.0.1:$zk_port
offsets.topic.replication.factor=1
P
  if [[ $sys == kafka ]]; then
    spawn "$dir/zookeeper.out" "$java" -Xmx512M -Dlog4j.configuration="file:$root/bench/kafka/log4j.properties" \
      -Dkafka.logs.dir="$dir/logs" -Dzookeeper.admin.enableServer=false -cp "$kafka_lib/*" \
      org.apache.zookeeper.server.quorum.QuorumPeerMain "$dir/zookeeper.properties"
    wait_port "$zk_port" "$spawned" "$dir/zookeeper.out"
    spawn "$dir/broker.out" "$java" $heap -Dlog4j.configuration="file:$root/bench/kafka/log4j.properties" \
      -Dkafka.logs.dir="$dir/logs" -cp "$kafka_lib/*" kafka.Kafka "$dir/server.properties"
  else
    spawn "$dir/zookeeper.out" env GREGOR_HEAP_OPTS="-Xmx512M" LOG_DIR="$dir/logs" \
      "$root/bin/zookeeper-server-start.sh" "$dir/zookeeper.properties"
    wait_port "$zk_port" "$spawned" "$dir/zookeeper.out"
    spawn "$dir/broker.out" env GREGOR_HEAP_OPTS="$heap" LOG_DIR="$dir/logs" \
      "$root/bin/gregor-server-start.sh" "$dir/server.properties"
  fi
  broker_pid=$spawned
  wait_port "$broker_port" "$broker_pid" "$dir/broker.out"
  sleep 3 # the broker registers and elects itself controller
  bootstrap="127.0.0.1:$broker_port"
  log "$sys: creating a topic of $partitions partitions (RF 1) with bin/gregor-topics.sh"
  start_ms=$(date +%s%3N)
  "$java" -Xmx256M -Dlog4j.configuration="file:$root/bench/kafka/tools-log4j.properties" -cp "$classes:$kafka_lib/*" \
    PartitionsProbe "$bootstrap" many "$partitions" 600000 "$start_ms" >"$dir/probe.out" 2>"$dir/probe.err" &
  probe_pid=$!; pids+=("$probe_pid")
  "$root/bin/gregor-topics.sh" --bootstrap-server "$bootstrap" --create --topic many --partitions "$partitions" \
    --replication-factor 1 >"$dir/create.out" 2>&1 || true
  tool_ms=$(( $(date +%s%3N) - start_ms ))
  wait "$probe_pid" || true
  leaders=$(awk '/^all_leaders_ms/ {print $2}' "$dir/probe.out")
  side=$(awk '/^side_topics/ {print $2 " ok, " $4 " failed"}' "$dir/probe.out")
  side_max=$(awk '/^side_max_ms/ {print $2}' "$dir/probe.out")
  hostile="-"
  if [[ $sys == gregor ]]; then
    h0=$(date +%s%3N)
    "$root/bin/gregor-topics.sh" --bootstrap-server "$bootstrap" --create --topic hostile --partitions 32769 \
      --replication-factor 1 >"$dir/hostile.out" 2>&1 || true
    hostile="$(( $(date +%s%3N) - h0 )) ms: $(grep -o 'POLICY_VIOLATION[^.]*' "$dir/hostile.out" | head -1)"
    [[ -n "$(grep -o POLICY_VIOLATION "$dir/hostile.out")" ]] || hostile="NOT REFUSED: $(tail -1 "$dir/hostile.out")"
  fi
  # the ZooKeeper client's line when it finds its session expired (a lost connection alone says "reconnect")
  expiries=$(cat "$dir"/broker.out "$dir"/logs/*.log 2>/dev/null | grep -c 'session 0x[0-9a-f]* has expired' || true)
  disconnects=$(cat "$dir"/broker.out "$dir"/logs/*.log 2>/dev/null | grep -c 'Closing socket connection. Attempting reconnect' || true)
  len_errors=$(cat "$dir"/zookeeper.out "$dir"/logs/*.log 2>/dev/null | grep -c 'Len error' || true)
  results+=("| $sys | $partitions | $tool_ms | ${leaders:-timeout} | $side | ${side_max:--} | $disconnects / $expiries | $len_errors | $hostile |")
  log "$sys: every partition led after ${leaders:-timeout} ms"
  for (( i = ${#pids[@]} - 1; i >= 0; i-- )); do
    kill "${pids[$i]}" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "${pids[$i]}" 2>/dev/null || break; sleep 0.1; done
    kill -9 "${pids[$i]}" 2>/dev/null || true
  done
  pids=()
done

echo "| system | partitions | gregor-topics.sh --create returned (ms) | every partition led (ms) | side topics created+produced meanwhile | slowest side topic (ms) | ZooKeeper connection losses / session expiries | ZooKeeper 'Len error' | 32,769-partition CreateTopics |"
echo "|---|---|---|---|---|---|---|---|---|"
printf '%s\n' "${results[@]}"
echo
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%Y-%m-%dT%H:%MZ)"
