#!/usr/bin/env bash
# Side-by-side benchmark: Apache Kafka 3.9.1 (ZooKeeper mode) and Gregor on this machine, in one run,
# under the same load generator (Kafka's ProducerPerformance / ConsumerPerformance from kafka-tools).
#
# Usage: bench/compare.sh [--quick] [--runs N] [--only GROUPS] [--keep] [--no-results] [--profile] [--baseline DIR]
#                         [--big-partitions LIST] [--step-limit SECONDS]
#   --quick      smaller record counts (the whole run fits ~15 minutes on 2 cores without bigscale)
#   --runs N     alternating runs per system (default 3; each figure is the median over them)
#   --only LIST  comma-separated subset of the case groups single,replicated,scale,ssl,many,latency,
#                fanout,bigscale (default: all); many, latency and fanout are the load cases of the 3-broker
#                cluster: produce to 1,000 partitions, end-to-end latency, five consumer groups
#   --big-partitions LIST  partition counts of the bigscale group, one fresh 3-broker cluster each
#                (default 10000,30000; with --quick 3000)
#   --step-limit SECONDS   time limit of each bigscale step (default 600): a step still running then
#                counts as the limit, marked so in the table, and the later steps of that size are skipped
#   --no-results write the table to the work dir only (implies --keep), never to bench/results: for smoke tests
#   --keep       keep the work dir (configs, broker logs, raw figures) instead of deleting it
#   --profile    record every broker of both systems with JDK Flight Recorder (settings=profile),
#                dumped as broker-ID.jfr in each cluster's work dir when the cluster stops (a broker
#                killed by the scale case leaves none), and each load-tool run as TOOL-NANOS.jfr;
#                implies --keep, and does not touch latest.*
#   --baseline DIR  compare against another built Gregor checkout at DIR (e.g. a worktree at an
#                earlier commit) instead of Kafka: before/after figures of a change; writes
#                bench/results/baseline-STAMP.{md,csv} and does not touch latest.*
#
# Needs the Gregor build (`mvn -B -DskipTests package`); fetches Kafka with Maven on first use
# (bench/kafka/pom.xml -> bench/target/kafka-lib). Everything binds to 127.0.0.1 on free ports with
# fresh temp dirs; every process this script starts is stopped by its PID on exit.
# Prints the table and writes bench/results/latest.{md,csv} plus a dated copy of each.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib.sh
source "$root/bench/lib.sh"
quick=false
runs=3
keep=false
profile=false
only=single,replicated,scale,ssl,many,latency,fanout,bigscale
case_groups="single|replicated|scale|ssl|many|latency|fanout|bigscale"
no_results=false
baseline=""
big_partitions=""
step_limit=600
usage() {
  awk 'NR >= 5 && /^#$/ { exit } NR >= 5' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) quick=true ;;
    --runs) [[ $# -ge 2 && "$2" =~ ^[1-9][0-9]*$ ]] || { echo "--runs needs a positive number" >&2; exit 1; }
            runs="$2"; shift ;;
    --keep) keep=true ;;
    --profile) profile=true; keep=true ;;
    --no-results) no_results=true; keep=true ;;
    --only) [[ $# -ge 2 && "$2" =~ ^($case_groups)(,($case_groups))*$ ]] \
              || { echo "--only needs a comma-separated list of ${case_groups//|/, }" >&2; exit 1; }
            only="$2"; shift ;;
    --big-partitions) [[ $# -ge 2 && "$2" =~ ^[1-9][0-9]*(,[1-9][0-9]*)*$ ]] \
                        || { echo "--big-partitions needs a comma-separated list of positive numbers" >&2; exit 1; }
                      big_partitions="$2"; shift ;;
    --step-limit) [[ $# -ge 2 && "$2" =~ ^[1-9][0-9]*$ ]] || { echo "--step-limit needs a positive number of seconds" >&2; exit 1; }
                  step_limit="$2"; shift ;;
    --baseline) [[ $# -ge 2 && -d "$2" ]] || { echo "--baseline needs a Gregor checkout directory" >&2; exit 1; }
                baseline="$(cd "$2" && pwd)"; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "Unknown option: $1" >&2; usage >&2; exit 1 ;;
  esac
  shift
done

if $quick; then
  n_small=200000; n_large=30000; n_repl=100000; n_lat=20000; scale_partitions=300; mode="--quick"
  n_many=100000; n_e2e=50000; n_fanout=100000
else
  n_small=2000000; n_large=500000; n_repl=1000000; n_lat=100000; scale_partitions=1000; mode="full"
  n_many=1000000; n_e2e=300000; n_fanout=1000000
fi
quick_flag=""
if $quick; then quick_flag=" --quick"; fi
if [[ -z "$big_partitions" ]]; then if $quick; then big_partitions=3000; else big_partitions=10000,30000; fi; fi
kafka_version=3.9.1
broker_heap="-Xmx1G -Xms1G"
zk_heap="-Xmx512M -Xms512M"
tool_heap="-Xmx512M"
# Kafka's kafka-run-class.sh defaults, given to both brokers, both ZooKeepers and the tools.
jvm_flags="-server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true -Duser.language=en -Duser.country=US"
session_timeout_ms=6000

if [[ -n "${JAVA_HOME:-}" ]]; then java="$JAVA_HOME/bin/java"; javac="$JAVA_HOME/bin/javac"; else java=java; javac=javac; fi
kafka_lib="$root/bench/target/kafka-lib"
classes="$root/bench/target/compare-classes"

log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

shopt -s nullglob
gregor_jars=("$root"/broker/target/gregor-broker-*.jar)
shopt -u nullglob
[[ ${#gregor_jars[@]} -gt 0 && -d "$root/broker/target/lib" ]] \
  || die "Gregor is not built: run 'mvn -B -DskipTests package' in $root first"
# The system compared with Gregor: Kafka, or with --baseline an earlier Gregor build ("baseline").
other=kafka
if [[ -n "$baseline" ]]; then
  other=baseline
  broker_classpath "$baseline" >/dev/null
  baseline_rev="$(git -C "$baseline" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  gregor_rev="$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
fi
# gregor_home: the checkout whose bin/ starts the current system's ZooKeeper and brokers.
gregor_home() { if [[ $sys == baseline ]]; then echo "$baseline"; else echo "$root"; fi; }

if [[ ! -f "$kafka_lib/kafka_2.13-$kafka_version.jar" || ! -f "$kafka_lib/kafka-tools-$kafka_version.jar" ]]; then
  log "fetching Apache Kafka $kafka_version and its dependencies with Maven into $kafka_lib"
  mvn -B -q -f "$root/bench/kafka/pom.xml" dependency:copy-dependencies >&2 || die "could not fetch Kafka with Maven"
fi
mkdir -p "$classes"
if [[ ! -f "$classes/ClusterProbe.class" || ! -f "$classes/BenchReport.class" || ! -f "$classes/JmxQuery.class" \
      || ! -f "$classes/LatencyProbe.class" || ! -f "$classes/FanOutProbe.class" || ! -f "$classes/OneByOnePartitioner.class" \
      || ! -f "$classes/TopicCleanup.class" \
      || -n "$(find "$root/bench/compare" -name '*.java' -newer "$classes/ClusterProbe.class")" ]]; then
  "$javac" -d "$classes" -cp "$kafka_lib/*" "$root"/bench/compare/*.java || die "could not compile bench/compare"
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/gregor-bench.XXXXXX")"
raw="$work/raw.csv"
: >"$raw"
declare -A running=()   # PIDs this script started and has not reaped yet; stopped on exit
failed_steps=0

cleanup() {
  local pid
  for pid in "${!running[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  for pid in "${!running[@]}"; do wait "$pid" 2>/dev/null || true; done
  if $keep || [[ $failed_steps -gt 0 ]]; then
    log "work dir kept: $work"
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Starts "$@" in the background with output to $1; sets spawned_pid.
spawn() {
  local out="$1"; shift
  "$@" >"$out" 2>&1 </dev/null &
  spawned_pid=$!
  running[$spawned_pid]=1
}

# Reaps a PID of ours that has exited (or was killed), so it is never signalled again.
reap() {
  { wait "$1"; } 2>/dev/null || true
  unset 'running[$1]'
}

# Stops PIDs this script started: SIGKILL (the data dirs are thrown away), then reaps them.
stop_pids() {
  local pid
  for pid in "$@"; do kill -KILL "$pid" 2>/dev/null || true; done
  for pid in "$@"; do reap "$pid"; done
}

handed_out=" "
# Listening ports come from below the kernel's ephemeral range, so that no outgoing connection (of the
# brokers, or of anything else on the machine) can take a port between our check and the bind.
read -r ephemeral_low _ < /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || ephemeral_low=32768
port_low=10000
port_span=$(( ephemeral_low > port_low + 2000 ? ephemeral_low - port_low : 20000 ))
# Sets port to a free 127.0.0.1 port not handed out before in this run.
next_port() {
  while :; do
    port=$(( port_low + RANDOM % port_span ))
    [[ "$handed_out" == *" $port "* ]] && continue
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      handed_out+="$port "
      return
    fi
  done
}

# wait_port PORT PID OUT [SECONDS]: until 127.0.0.1:PORT accepts connections (at most SECONDS, default
# 90); fails if PID died (shows OUT).
wait_port() {
  local wait="${4:-90}"
  local deadline=$(( SECONDS + wait ))
  until (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; do
    if ! kill -0 "$2" 2>/dev/null; then log "process $2 exited; last lines of $3:"; tail -20 "$3" >&2; return 1; fi
    [[ $SECONDS -lt $deadline ]] || { log "127.0.0.1:$1 not listening after $wait s ($3)"; return 1; }
    sleep 0.2
  done
}

kafka_tool() {
  local flags="$jvm_flags"
  if $profile; then flags+=" -XX:StartFlightRecording=settings=profile,filename=$cdir/${1##*.}-$(date +%s%N).jfr"; fi
  timeout 600 "$java" $tool_heap $flags -Dlog4j.configuration="file:$root/bench/kafka/tools-log4j.properties" \
    -cp "$classes:$kafka_lib/*" "$@"
}
probe() {
  timeout 900 "$java" -Xmx256M -Dlog4j.configuration="file:$root/bench/kafka/tools-log4j.properties" \
    -cp "$classes:$kafka_lib/*" ClusterProbe "$@"
}

# record SYSTEM CASE UNIT VALUE
record() {
  echo "$1,$run,$2,$3,$4" >>"$raw"
  log "  $1 | $2 | $4 $3"
}
step_failed() {
  failed_steps=$(( failed_steps + 1 ))
  log "STEP FAILED ($sys run $run): $*"
}

# ---- TLS ----------------------------------------------------------------------------------------

# One throwaway CA and certificates (JDK keytool) for both systems, made once per run of this script:
# the brokers' SSL listener and the load tools' client certificate (ssl.client.auth=required).
with_ssl=false
ssl_pw=bench-secret
make_certs() {
  bench_certs "$work/certs" "$ssl_pw" || die "could not make the certificates"
  { echo "security.protocol=SSL"; ssl_keys client; } >"$work/client-ssl.properties"
}
ssl_keys() { bench_ssl_keys "$work/certs" "$ssl_pw" "$1"; }

# ---- clusters -------------------------------------------------------------------------------

start_zookeeper() {
  local zk_cfg="$cdir/zookeeper.properties"
  next_port; zk_port=$port
  cat >"$zk_cfg" <<EOF
dataDir=$cdir/zookeeper-data
clientPort=$zk_port
clientPortAddress=127.0.0.1
maxClientCnxns=0
tickTime=2000
admin.enableServer=false
EOF
  if [[ $sys == kafka ]]; then
    spawn "$cdir/zookeeper.out" "$java" $zk_heap $jvm_flags -Dlog4j.configuration="file:$root/bench/kafka/log4j.properties" \
      -Dkafka.logs.dir="$cdir/logs-zookeeper" -Dzookeeper.admin.enableServer=false -cp "$kafka_lib/*" \
      org.apache.zookeeper.server.quorum.QuorumPeerMain "$zk_cfg"
  else
    spawn "$cdir/zookeeper.out" env GREGOR_HEAP_OPTS="$zk_heap" GREGOR_OPTS="$jvm_flags" LOG_DIR="$cdir/logs-zookeeper" \
      "$(gregor_home)/bin/zookeeper-server-start.sh" "$zk_cfg"
  fi
  zk_pid=$spawned_pid
  wait_port "$zk_port" "$zk_pid" "$cdir/zookeeper.out"
}

# start_broker ID: starts (or restarts, same config and data) broker ID of the current cluster; waits
# broker_start_wait seconds (default 90) for its port.
start_broker() {
  local id="$1" cfg="$cdir/server-$1.properties" out="$cdir/broker-$1.out" flags="$jvm_flags"
  if $profile; then flags+=" -XX:StartFlightRecording=name=bench,settings=profile"; fi
  # a restart keeps the output of the run before (the controller's log of a step is often the killed broker's)
  if [[ -s "$out" ]]; then mv "$out" "$out.$(date +%H%M%S)"; fi
  [[ -n "${broker_jmx[$id]:-}" ]] || { next_port; broker_jmx[$id]=$port; }
  flags+=" $(jmx_flags "${broker_jmx[$id]}")"
  if [[ $sys == kafka ]]; then
    spawn "$out" "$java" $broker_heap $flags -Dlog4j.configuration="file:$root/bench/kafka/log4j.properties" \
      -Dkafka.logs.dir="$cdir/logs-$id" -cp "$kafka_lib/*" kafka.Kafka "$cfg"
  else
    spawn "$out" env GREGOR_HEAP_OPTS="$broker_heap" GREGOR_OPTS="$flags" LOG_DIR="$cdir/logs-$id" \
      "$(gregor_home)/bin/gregor-server-start.sh" "$cfg"
  fi
  broker_pid[$id]=$spawned_pid
  wait_port "${broker_port[$id]}" "$spawned_pid" "$out" "${broker_start_wait:-90}"
}

pid_spec() {
  local id spec=""
  for id in "${!broker_pid[@]}"; do spec+="${spec:+,}$id=${broker_pid[$id]}"; done
  echo "$spec"
}

# start_cluster NAME BROKERS: its own ZooKeeper and BROKERS fresh brokers; sets bootstrap. A cluster
# that does not come up is stopped and started once more on other ports.
start_cluster() {
  start_cluster_once "$1" "$2" && return 0
  log "$sys run $run: the $2-broker cluster did not start; stopping it and trying once more"
  stop_cluster
  start_cluster_once "$1-retry" "$2" && return 0
  stop_cluster
  return 1
}

start_cluster_once() {
  local name="$1" n="$2" id rf
  cdir="$work/$sys-run$run-$name"
  mkdir -p "$cdir"
  broker_pid=(); broker_port=(); broker_jmx=(); zk_pid=""
  start_zookeeper || return 1
  rf=$(( n < 3 ? n : 3 ))
  bootstrap=""
  client_bootstrap=""
  for (( id = 0; id < n; id++ )); do
    next_port; broker_port[$id]=$port
    bootstrap+="${bootstrap:+,}127.0.0.1:$port"
    local listeners="PLAINTEXT://127.0.0.1:$port"
    if $with_ssl; then # the load tools use the SSL listener; the probe and the brokers PLAINTEXT
      next_port
      listeners+=",SSL://127.0.0.1:$port"
      client_bootstrap+="${client_bootstrap:+,}127.0.0.1:$port"
    fi
    cat >"$cdir/server-$id.properties" <<EOF
broker.id=$id
listeners=$listeners
advertised.listeners=$listeners
inter.broker.listener.name=PLAINTEXT
log.dirs=$cdir/data-$id
zookeeper.connect=127.0.0.1:$zk_port
zookeeper.session.timeout.ms=$session_timeout_ms
num.network.threads=3
num.io.threads=8
num.partitions=1
default.replication.factor=1
auto.create.topics.enable=false
delete.topic.enable=true
offsets.topic.replication.factor=$rf
offsets.topic.num.partitions=50
transaction.state.log.replication.factor=$rf
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
log.segment.bytes=1073741824
EOF
    if $with_ssl; then { echo "ssl.client.auth=required"; ssl_keys broker; } >>"$cdir/server-$id.properties"; fi
  done
  $with_ssl || client_bootstrap="$bootstrap"
  client_config=()
  if $with_ssl; then client_config=("$work/client-ssl.properties"); fi
  for (( id = 0; id < n; id++ )); do start_broker "$id" || return 1; done
  probe await-brokers "$bootstrap" "$n" 120000 >/dev/null || return 1
  for (( id = 0; id < n; id++ )); do
    kill -0 "${broker_pid[$id]}" 2>/dev/null || { log "broker $id exited:"; tail -n 5 "$cdir/broker-$id.out" >&2; return 1; }
  done
}

stop_cluster() {
  local id
  if $profile; then
    for id in "${!broker_pid[@]}"; do
      jcmd "${broker_pid[$id]}" JFR.dump name=bench filename="$cdir/broker-$id.jfr" >/dev/null 2>&1 \
        || log "no JFR recording from broker $id"
    done
  fi
  stop_pids "${broker_pid[@]}" ${zk_pid:+"$zk_pid"}
  $keep || rm -rf "$cdir"/data-* "$cdir"/zookeeper-data
}

# ---- fetch metrics over JMX ----------------------------------------------------------------------

# Every broker has a JMX port on 127.0.0.1, so the harness reads the brokers' own RequestMetrics
# (Kafka and Gregor publish the same MBean names; bench/compare/JmxQuery.java).
jmx_flags() {
  echo "-Dcom.sun.management.jmxremote.port=$1 -Dcom.sun.management.jmxremote.rmi.port=$1" \
    "-Dcom.sun.management.jmxremote.host=127.0.0.1 -Djava.rmi.server.hostname=127.0.0.1" \
    "-Dcom.sun.management.jmxremote.authenticate=false -Dcom.sun.management.jmxremote.ssl=false"
}
fetch_total=kafka.network:type=RequestMetrics,name=TotalTimeMs,request=FetchConsumer
# fetch_metrics: "COUNT MEAN" of broker 0's FetchConsumer TotalTimeMs ("0 0" before its first fetch)
fetch_metrics() {
  "$java" -Xmx64M -cp "$classes" JmxQuery "127.0.0.1:${broker_jmx[0]}" "$fetch_total" Count "$fetch_total" Mean 2>/dev/null \
    | awk '{v[NR] = ($3 == "NaN" ? 0 : $3)} END {print v[1] + 0, v[2] + 0}'
}
# record_fetch_time CASE COUNT_MEAN_BEFORE: on a 1-broker cluster, the mean time per consumer fetch
# (arrival to last byte written, Kafka's TotalTimeMs) and the number of fetches of one consumer run.
# Only for the cluster's first consumer: Gregor's histograms hold the last 30-60 s (Kafka's mean is
# all-time), so a later run's mean would mix in the earlier one's fetches.
record_fetch_time() {
  local label="$1" before="$2" after
  [[ ${#broker_pid[@]} -eq 1 && "${before%% *}" == 0 ]] || return 0
  after=$(fetch_metrics) || return 0
  [[ "${after%% *}" != 0 ]] || return 0
  record "$sys" "$label: broker FetchConsumer TotalTimeMs mean" ms/fetch "${after#* }"
  record "$sys" "$label: consumer fetch requests" fetches "${after%% *}"
}

# ---- cases ----------------------------------------------------------------------------------

# The CPU time (user + system, in milliseconds) the running brokers have used so far, from /proc.
broker_cpu_ms() {
  local pid total=0 ticks stat f
  ticks=$(getconf CLK_TCK)
  for pid in "${broker_pid[@]}"; do
    stat=$(cat "/proc/$pid/stat" 2>/dev/null) || continue
    # the fields after the ")" that ends the command name, from the state: utime and stime are the 12th and 13th
    read -r -a f <<<"${stat##*) }"
    total=$(( total + f[11] + f[12] ))
  done
  echo $(( total * 1000 / ticks ))
}

# record_cpu CASE CPU_MS_BEFORE COUNT SIZE: the brokers' CPU per MB moved by one load-tool run (a
# figure the machine's other load hardly changes, unlike the throughput).
record_cpu() {
  local label="$1" before="$2" count="$3" size="$4" after
  after=$(broker_cpu_ms)
  record "$sys" "$label" "broker CPU ms/MB" "$(awk -v c=$(( after - before )) -v n="$count" -v s="$size" \
    'BEGIN { printf "%.2f", c / (n * s / 1048576) }')"
}

# produce CASE TOPIC COUNT SIZE THROUGHPUT ACKS [latency]: Kafka's ProducerPerformance, records figures.
# producer_props: more key=value producer settings for it (the many-partitions case's partitioner).
producer_props=()
produce() {
  local label="$1" topic="$2" count="$3" size="$4" tput="$5" acks="$6" what="${7:-throughput}" out fig cpu
  out="$cdir/producer-$topic.out"
  cpu=$(broker_cpu_ms)
  if ! kafka_tool org.apache.kafka.tools.ProducerPerformance --topic "$topic" --num-records "$count" \
      --record-size "$size" --throughput "$tput" ${client_config[@]:+--producer.config "${client_config[0]}"} \
      --producer-props bootstrap.servers="$client_bootstrap" acks="$acks" ${producer_props[@]:+"${producer_props[@]}"} >"$out" 2>&1; then
    step_failed "producer $label (see $out)"; tail -5 "$out" >&2; return 1
  fi
  fig=$(sed -nE 's/^([0-9]+) records sent, ([0-9.]+) records\/sec \(([0-9.]+) MB\/sec\).* ([0-9]+) ms 50th, ([0-9]+) ms 95th, ([0-9]+) ms 99th, ([0-9]+) ms 99\.9th\.$/\1 \2 \3 \4 \6 \7/p' "$out" | tail -1)
  read -r sent rate mbs p50 p99 p999 <<<"$fig"
  if [[ -z "$fig" || "$sent" != "$count" ]]; then step_failed "producer $label: no summary line for $count records in $out"; return 1; fi
  if [[ $what == latency ]]; then
    record "$sys" "$label: producer rate achieved" rec/s "$rate"
    record "$sys" "$label: producer latency p50" ms "$p50"
    record "$sys" "$label: producer latency p99" ms "$p99"
    record "$sys" "$label: producer latency p99.9" ms "$p999"
  else
    record "$sys" "$label: producer" rec/s "$rate"
    record "$sys" "$label: producer" MB/s "$mbs"
    record_cpu "$label: producer" "$cpu" "$count" "$size"
  fi
}

# consume CASE TOPIC COUNT [SIZE]: Kafka's ConsumerPerformance (own group), records fetch.nMsg.sec /
# fetch.MB.sec, and with SIZE (the record size) the brokers' CPU per MB.
consume() {
  local label="$1" topic="$2" count="$3" size="${4:-}" out line cpu fetches
  out="$cdir/consumer-$topic.out"
  fetches="? ?"
  if [[ ${#broker_pid[@]} -eq 1 ]]; then fetches=$(fetch_metrics || echo "? ?"); fi
  cpu=$(broker_cpu_ms)
  if ! kafka_tool org.apache.kafka.tools.ConsumerPerformance --bootstrap-server "$client_bootstrap" --topic "$topic" \
      --messages "$count" --timeout 30000 --group "bench-$topic-$run" \
      ${client_config[@]:+--consumer.config "${client_config[0]}"} >"$out" 2>&1; then
    step_failed "consumer $label (see $out)"; tail -5 "$out" >&2; return 1
  fi
  line=$(grep -E '^[0-9]{4}-[0-9]{2}-[0-9]{2} .*, .*, ' "$out" | tail -1 || true)
  IFS=',' read -r _ _ _ _ nmsg _ _ _ fetch_mbs fetch_rate <<<"$line"
  nmsg="${nmsg// /}"
  if [[ ! "$nmsg" =~ ^[0-9]+$ ]] || (( nmsg < count )); then
    step_failed "consumer $label: read ${nmsg:-no} of $count records ($out)"; return 1
  fi
  record "$sys" "$label: consumer" rec/s "${fetch_rate// /}"
  record "$sys" "$label: consumer" MB/s "${fetch_mbs// /}"
  if [[ -n $size ]]; then record_cpu "$label: consumer" "$cpu" "$count" "$size"; fi
  record_fetch_time "$label: consumer" "$fetches"
}

create_topic() {
  probe create-topic "$bootstrap" "$@" >"$cdir/create-$1.out" 2>&1 || { step_failed "create topic $1"; cat "$cdir/create-$1.out" >&2; return 1; }
}

wanted() { [[ ",$only," == *",$1,"* ]]; }

single_broker_cases() {
  wanted single || return 0
  log "$sys run $run: 1 broker"
  start_cluster single 1 || { step_failed "start 1-broker cluster"; return 0; }
  local c1="1 broker, 1 partition, RF 1, acks=1, 100 B" c2="1 broker, 1 partition, RF 1, acks=1, 1 KiB"
  create_topic p1-100b 1 1 120000 && produce "$c1" p1-100b "$n_small" 100 -1 1 && consume "$c1" p1-100b "$n_small" 100 || true
  create_topic p1-1k 1 1 120000 && produce "$c2" p1-1k "$n_large" 1024 -1 1 && consume "$c2" p1-1k "$n_large" 1024 || true
  stop_cluster
}

three_broker_cases() {
  wanted replicated || wanted scale || wanted many || wanted latency || wanted fanout || return 0
  log "$sys run $run: 3 brokers"
  start_cluster three 3 || { step_failed "start 3-broker cluster"; return 0; }
  local c3="3 brokers, 3 partitions, RF 3, min.insync.replicas=2, acks=all, 100 B"
  local c4="3 brokers, 3 partitions, RF 3, min.insync.replicas=2, acks=all, 100 B at 10,000 rec/s"
  if wanted replicated; then
    create_topic r3-100b 3 3 120000 min.insync.replicas=2 && produce "$c3" r3-100b "$n_repl" 100 -1 all \
      && consume "$c3" r3-100b "$n_repl" 100 || true
    create_topic r3-lat 3 3 120000 min.insync.replicas=2 && produce "$c4" r3-lat "$n_lat" 100 10000 all latency || true
  fi
  if wanted latency; then latency_cases; fi
  if wanted fanout; then fanout_case; fi
  if wanted many; then many_partitions_case; fi
  if wanted scale; then scale_case; fi
  stop_cluster
}

ssl_cases() {
  wanted ssl || return 0
  log "$sys run $run: 1 broker over SSL"
  with_ssl=true
  if start_cluster ssl 1; then
    local c5="1 broker, 1 partition, RF 1, acks=1, 1 KiB, SSL with client certificates"
    create_topic s1-1k 1 1 120000 && produce "$c5" s1-1k "$n_large" 1024 -1 1 && consume "$c5" s1-1k "$n_large" 1024 || true
    stop_cluster
  else
    step_failed "start 1-broker SSL cluster"
  fi
  with_ssl=false
}

scale_case() {
  local label="$scale_partitions partitions, RF 3, 3 brokers" out victim ms
  out="$cdir/scale-create.out"
  if ! probe create-topic "$bootstrap" scale "$scale_partitions" 3 600000 min.insync.replicas=2 >"$out" 2>&1; then
    step_failed "create $label (see $out)"; tail -5 "$out" >&2; return 0
  fi
  record "$sys" "$label: create topic until every partition has a leader" ms "$(awk '/^created_ms/ {print $2}' "$out")"
  out="$cdir/scale-leader-failover.out"
  if ! probe leader-failover "$bootstrap" scale "$(pid_spec)" 300000 >"$out" 2>&1; then
    step_failed "leader failover (see $out)"; tail -5 "$out" >&2; return 0
  fi
  victim=$(awk '/^victim / {print $2}' "$out")
  reap "${broker_pid[$victim]}"
  unset 'broker_pid[$victim]'
  # The victim leads about a third (its count goes to the log, not the case name, so rows line up).
  log "  $sys | broker $victim led $(awk '/^victim_leads/ {print $2, $3, $4}' "$out") partitions"
  record "$sys" "$label: kill -9 the broker leading the most (about a third) until every partition has a leader" \
    ms "$(awk '/^leaders_recovered_ms/ {print $2}' "$out")"
  start_broker "$victim" && probe await-brokers "$bootstrap" 3 300000 >/dev/null \
    || { step_failed "restart broker $victim"; return 0; }
  out="$cdir/scale-controller-failover.out"
  if ! probe controller-failover "$bootstrap" after-failover "$(pid_spec)" 300000 >"$out" 2>&1; then
    step_failed "controller failover (see $out)"; tail -5 "$out" >&2; return 0
  fi
  victim=$(awk '/^victim / {print $2}' "$out")
  reap "${broker_pid[$victim]}"
  unset 'broker_pid[$victim]'
  record "$sys" "$label: kill -9 the controller until a new topic can be created" ms "$(awk '/^topic_created_ms/ {print $2}' "$out")"
}

# shellcheck source=compare-bigscale.sh
source "$root/bench/compare-bigscale.sh"

# ---- load cases of the 3-broker cluster (issue 16) --------------------------------------------
# Each runs on the cluster three_broker_cases started, before scale_case kills brokers; every topic is
# RF 3 with min.insync.replicas=2 and written with acks=all. many runs last and deletes its topic, so
# that neither the other load cases nor the scale case's failovers carry its 1,000 partitions.

# many: ProducerPerformance, 100 B records one by one over 1,000 partitions. Kafka 3.9.1's
# RoundRobinPartitioner skips a partition whenever a record starts a new batch (KAFKA-9965), so the
# records go through bench/compare/OneByOnePartitioner, and its check afterwards fails the step unless
# every partition got its share.
many_partitions_case() {
  local label="1,000 partitions, RF 3, min.insync.replicas=2, acks=all, 100 B round-robin one record per partition" out
  create_topic many 1000 3 600000 min.insync.replicas=2 || return 0
  producer_props=(partitioner.class=OneByOnePartitioner)
  produce "$label" many "$n_many" 100 -1 all || true
  producer_props=()
  out="$cdir/many-spread.out"
  kafka_tool OneByOnePartitioner "$bootstrap" many "$n_many" >"$out" 2>&1 \
    || { step_failed "many partitions: records not spread one by one (see $out)"; tail -3 "$out" >&2; }
  out="$cdir/many-delete.out"
  kafka_tool TopicCleanup "$bootstrap" many 300000 >"$out" 2>&1 \
    || { step_failed "many partitions: delete the topic (see $out)"; tail -3 "$out" >&2; return 0; }
  log "  $sys | 1,000-partition topic deleted in $(awk '/^deleted_ms / {print $2}' "$out") ms"
}

# latency: (a) Kafka's EndToEndLatency (send one record, wait for its ack and for the consumer to
# get it, 1,000 times; it prints the average with decimals, the percentiles in whole ms); (b)
# bench/compare/LatencyProbe at a fixed 10,000 rec/s, send to receive, 5 s warm-up discarded.
latency_cases() {
  local c1="End-to-end latency (Kafka's EndToEndLatency), 1 partition, RF 3, min.insync.replicas=2, acks=all, 100 B, 1,000 round trips"
  local c2="End-to-end latency (LatencyProbe, send to receive), 3 partitions, RF 3, min.insync.replicas=2, acks=all, 100 B at 10,000 rec/s"
  local out fig avg p50 p99 p999
  if create_topic e2e 1 3 120000 min.insync.replicas=2; then
    out="$cdir/end-to-end-latency.out"
    if kafka_tool org.apache.kafka.tools.EndToEndLatency "$client_bootstrap" e2e 1000 all 100 >"$out" 2>&1; then
      avg=$(sed -nE 's/^Avg latency: ([0-9.]+) ms$/\1/p' "$out")
      fig=$(sed -nE 's/^Percentiles: 50th = ([0-9]+), 99th = ([0-9]+), 99\.9th = ([0-9]+)$/\1 \2 \3/p' "$out")
      read -r p50 p99 p999 <<<"$fig"
      if [[ -n "$avg" && -n "$p999" ]]; then
        record "$sys" "$c1: avg" ms "$avg"
        record "$sys" "$c1: p50" ms "$p50"
        record "$sys" "$c1: p99" ms "$p99"
        record "$sys" "$c1: p99.9" ms "$p999"
      else
        step_failed "EndToEndLatency: no result lines in $out"
      fi
    else
      step_failed "EndToEndLatency (see $out)"; tail -5 "$out" >&2
    fi
  fi
  if create_topic lat-fixed 3 3 120000 min.insync.replicas=2; then
    out="$cdir/latency-probe.out"
    if kafka_tool LatencyProbe "$client_bootstrap" lat-fixed 10000 5 "$n_e2e" 100 >"$out" 2>&1; then
      log "  $sys | LatencyProbe: $(awk '/^(rate_achieved|behind_max_ms) / {printf "%s %s  ", $1, $2}' "$out")"
      record "$sys" "$c2: producer rate achieved" rec/s "$(awk '/^rate_achieved / {print $2}' "$out")"
      record "$sys" "$c2: p50" ms "$(awk '/^p50_ms / {print $2}' "$out")"
      record "$sys" "$c2: p99" ms "$(awk '/^p99_ms / {print $2}' "$out")"
      record "$sys" "$c2: p99.9" ms "$(awk '/^p999_ms / {print $2}' "$out")"
      record "$sys" "$c2: max" ms "$(awk '/^max_ms / {print $2}' "$out")"
    else
      step_failed "LatencyProbe (see $out)"; tail -5 "$out" >&2
    fi
  fi
}

# fanout: ProducerPerformance writes the records first, then bench/compare/FanOutProbe reads them with
# five consumer groups at once; the rate counts from the start of all five to the last one done.
fanout_case() {
  local label="Fan-out: 5 consumer groups read one 6-partition topic, RF 3, min.insync.replicas=2, acks=all, 100 B" out cpu
  create_topic fanout 6 3 120000 min.insync.replicas=2 && produce "$label" fanout "$n_fanout" 100 -1 all || return 0
  out="$cdir/fanout.out"
  cpu=$(broker_cpu_ms)
  if ! kafka_tool FanOutProbe "$client_bootstrap" fanout 5 "$n_fanout" 300 "bench-fanout-$run" >"$out" 2>&1; then
    step_failed "fan-out (see $out)"; tail -5 "$out" >&2; return 0
  fi
  record "$sys" "$label: 5 groups, aggregate consume" rec/s "$(awk '/^rec_per_s / {print $2}' "$out")"
  record "$sys" "$label: 5 groups, aggregate consume" MB/s "$(awk '/^mb_per_s / {print $2}' "$out")"
  record_cpu "$label: 5 groups, aggregate consume" "$cpu" $(( 5 * n_fanout )) 100
}

# ---- main -----------------------------------------------------------------------------------

log "bench/compare.sh $mode: $runs alternating runs; work dir $work"
declare -a broker_pid broker_port broker_jmx
if wanted ssl; then make_certs; fi
started_at=$SECONDS
for (( run = 1; run <= runs; run++ )); do
  if (( run % 2 == 1 )); then order=("$other" gregor); else order=(gregor "$other"); fi
  for sys in "${order[@]}"; do
    single_broker_cases
    three_broker_cases
    ssl_cases
    bigscale_cases
  done
done
elapsed=$(( SECONDS - started_at ))

cpu="$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | sed 's/.*: //' || true)"
mem="$(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo 2>/dev/null || true)"
jv="$("$java" -version 2>&1 | head -1)"
stamp="$(date -u +%Y-%m-%dT%H%MZ)"
cat >"$work/meta.md" <<EOF
### Kafka $kafka_version vs Gregor: \`bench/compare.sh${quick_flag}\` ($stamp)

- Machine: ${cpu:-unknown CPU}, $(nproc) cores, ${mem:-unknown memory}, $(uname -sr); $jv. Took $(( elapsed / 60 )) min $(( elapsed % 60 )) s.
- Every figure is the **median of $runs alternating runs** (odd runs Kafka first, even runs Gregor first); ratio = Gregor / Kafka (for rec/s and MB/s above 1 favours Gregor, for ms and broker CPU ms/MB below 1 does). Broker CPU ms/MB: the CPU time (user + system, /proc) all brokers used during one load-tool run, per MB of records moved.
- Both brokers: same JVM and flags, \`$broker_heap $jvm_flags\`; each cluster has its own ZooKeeper (\`$zk_heap\`, Kafka's ZooKeeper 3.8 for Kafka, Gregor's bin/zookeeper-server-start.sh for Gregor), fresh data dirs, 127.0.0.1 only, \`zookeeper.session.timeout.ms=$session_timeout_ms\`, otherwise default broker settings.
- Load: Kafka $kafka_version's \`ProducerPerformance\` and \`ConsumerPerformance\` (kafka-tools) for both, default client settings but \`acks\`. Records per run: $n_small x 100 B, $n_large x 1 KiB (1 broker); $n_repl x 100 B (3 brokers); $n_lat at 10,000 rec/s for latency. Consumer figures are ConsumerPerformance's fetch.nMsg.sec / fetch.MB.sec (excluding the group join).
- Fetch time (1-broker consumer rows): the broker's own \`kafka.network:type=RequestMetrics,name=TotalTimeMs,request=FetchConsumer\` over JMX after the run, its mean (whole milliseconds per fetch, from arrival to the last byte written, as both systems record it) and count; only the cluster's first consumer run gets these rows (Gregor's histograms hold the last 30-60 s). \`bench/fetch-profile.sh\` splits this time into its phases.
- SSL: one broker with a PLAINTEXT and an SSL listener (\`ssl.client.auth=required\`, PKCS12 keystore and truststore from a throwaway CA made with keytool, the same files for both); the load tools connect to the SSL listener with a client certificate. Kafka uses the JDK's TLS engine (its default), Gregor the OpenSSL one (netty-tcnative-boringssl-static); the tools use the JDK's for both.
- Scale: one topic of $scale_partitions partitions, RF 3, on the same 3-broker cluster. Broker failover: SIGKILL of the non-controller broker leading the most partitions, until the Admin client sees a live leader for every partition (polled every 50 ms; includes ZooKeeper session expiry). Controller failover (after restarting that broker): SIGKILL of the controller, until CreateTopics of a new 1-partition topic succeeds.
EOF
if wanted many || wanted latency || wanted fanout; then
  cat >>"$work/meta.md" <<EOF
- Load cases, on the same 3-broker cluster, each topic RF 3 with \`min.insync.replicas=2\`, acks=all, 100 B records. Many partitions (after the other two; its topic is deleted before the scale case): ProducerPerformance, $n_many records over 1,000 partitions, one record per partition in turn (bench/compare/OneByOnePartitioner: Kafka 3.9.1's RoundRobinPartitioner skips a partition at every new batch, KAFKA-9965; the spread is checked afterwards). End-to-end latency: Kafka's \`EndToEndLatency\` (1 partition, 1,000 sequential round trips: send, wait for the ack and the consumer's poll; it prints whole-ms percentiles), and bench/compare/LatencyProbe (one producer at a fixed 10,000 rec/s on an absolute schedule to 3 partitions, one consumer in the same JVM; send-to-receive time by System.nanoTime; 5 s warm-up discarded, then $n_e2e records). Fan-out: ProducerPerformance writes $n_fanout records to 6 partitions, then bench/compare/FanOutProbe reads them with 5 consumer groups (one consumer each, default settings, from the earliest offset) at once; aggregate rate = 5 x $n_fanout / time from starting all five (group joins included) until the last is done; broker CPU over that read.
EOF
fi
if $quick; then
  echo "- \`--quick\` uses $scale_partitions partitions for the scale case instead of 1000 (and the smaller record counts above) to fit its time budget." >>"$work/meta.md"
fi
if [[ -n "$baseline" ]]; then
  # Before/after of a Gregor change: the meta above describes the Kafka comparison; say what differs.
  cat >"$work/meta.md" <<EOF
### Gregor before ($baseline_rev) and after ($gregor_rev): \`bench/compare.sh${quick_flag} --baseline\` ($stamp)

- Machine: ${cpu:-unknown CPU}, $(nproc) cores, ${mem:-unknown memory}, $(uname -sr); $jv. Took $(( elapsed / 60 )) min $(( elapsed % 60 )) s.
- Every figure is the **median of $runs alternating runs** (odd runs before first, even runs after first); ratio = after / before. Broker CPU ms/MB: the CPU time (user + system, /proc) all brokers used during one load-tool run, per MB of records moved.
- Both builds: the same broker settings, JVM flags (\`$broker_heap $jvm_flags\`), ZooKeeper and load tools (Kafka $kafka_version's ProducerPerformance / ConsumerPerformance) as the Kafka comparison; records per run: $n_small x 100 B, $n_large x 1 KiB (1 broker); $n_repl x 100 B (3 brokers).
EOF
fi
if wanted bigscale; then bigscale_meta >>"$work/meta.md"; fi
if [[ $failed_steps -gt 0 ]]; then
  echo "- **$failed_steps step(s) failed**; cells with fewer runs say so (see the harness output)." >>"$work/meta.md"
fi
if $no_results; then
  # a smoke test: the table goes to the work dir (kept with --keep) and the terminal only
  "$java" -cp "$classes" BenchReport "$raw" "$work/meta.md" "$work/compare.md" "$work/compare.csv" "$runs" \
    ${baseline:+before after}
  log "--no-results: table in $work/compare.md, bench/results untouched; took ${elapsed}s"
elif [[ -n "$baseline" ]]; then
  mkdir -p "$root/bench/results"
  "$java" -cp "$classes" BenchReport "$raw" "$work/meta.md" "$root/bench/results/baseline-$stamp.md" \
    "$root/bench/results/baseline-$stamp.csv" "$runs" "before" "after"
  log "written bench/results/baseline-$stamp.md and .csv; took ${elapsed}s"
elif $profile; then
  # A profiled run's figures are not comparable: the table goes to the work dir only.
  "$java" -cp "$classes" BenchReport "$raw" "$work/meta.md" "$work/profiled.md" "$work/profiled.csv" "$runs"
  log "profiled run: table in $work/profiled.md, recordings in $work/*/broker-*.jfr; took ${elapsed}s"
else
  mkdir -p "$root/bench/results"
  cp "$raw" "$root/bench/results/raw-$stamp.csv"
  "$java" -cp "$classes" BenchReport "$raw" "$work/meta.md" "$root/bench/results/latest.md" "$root/bench/results/latest.csv" "$runs"
  cp "$root/bench/results/latest.md" "$root/bench/results/compare-$stamp.md"
  cp "$root/bench/results/latest.csv" "$root/bench/results/compare-$stamp.csv"
  log "written bench/results/latest.md and latest.csv (and compare-$stamp.*); took ${elapsed}s"
fi
[[ $failed_steps -eq 0 ]]
