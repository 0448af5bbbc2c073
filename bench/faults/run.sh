#!/usr/bin/env bash
# Fault harness (Jepsen-style), run on demand: ZooKeeper and three brokers started from bin/, each in
# its own Linux network namespace on a private bridge, an idempotent acks=all producer and a consumer
# group member running while faults are injected one after another (kill -9, SIGSTOP, ZooKeeper pause
# and restart, network cuts), then a verifying read: a table of what was acknowledged, lost,
# duplicated, reordered, and how long each kind of fault kept writes from being acknowledged.
#
# Usage: bench/faults/run.sh [options]        (as root: it creates network namespaces)
#   --faults N               faults to inject (default 100)
#   --duration SECONDS       stop injecting after this long, whatever the count (default: no limit)
#   --seed N                 seed of the fault schedule and victim choice (default: random, printed)
#   --kinds LIST             comma-separated fault kinds (default: all of them), from:
#                            kill-leader,kill-follower,kill-controller,kill-coordinator,pause-leader,
#                            pause-zookeeper,restart-zookeeper,isolate-broker,cut-leader,
#                            kill-txn-coordinator,fence-producer (transactional workload only; there "all"
#                            includes them)
#   --rate N                 records per second the producer writes (default 200)
#   --partitions N           partitions of the test topic (default 3)
#   --session-timeout-ms N   the brokers' zookeeper.session.timeout.ms (default 6000)
#   --replica-lag-ms N       the brokers' replica.lag.time.max.ms (default 10000)
#   --heal-timeout SECONDS   bound on the wait for the cluster to heal after each fault (default 120)
#   --system gregor|kafka    run Gregor (default) or Apache Kafka 3.9.1 (fetched by bench/kafka/pom.xml)
#   --workload idempotent|transactional
#                            what is written: one idempotent producer (default), or transactional producers
#                            that commit and abort, checked with a read_committed read
#   --keep                   keep the work dir (broker logs, data, acks.csv) even after a clean run
#   --no-build               do not run 'mvn -B -q -DskipTests package' first
#   -h, --help               this text
#
# Exit status: 0 the run was clean, 1 it found a violation (see the report), 2 bad usage,
# 3 the run could not be carried out. The report goes to stdout and to
# bench/faults/results/faults-<system>-<UTC time>.md (+ .csv, one line per fault).
#
# Everything it starts it records by PID and stops on exit (any exit: trap), and it deletes every
# namespace it created (with them the bridge and the veth pairs). It binds nothing outside those
# namespaces. See bench/faults/README.md.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
faults=100
duration_s=""
seed=""
kinds=all
rate=200
partitions=3
session_timeout_ms=6000
replica_lag_ms=10000
heal_timeout_s=120
system=gregor
workload=idempotent
keep=false
build=true

usage() {
  sed -n '8,36p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}
bad_usage() {
  echo "run.sh: $*" >&2
  usage >&2
  exit 2
}
positive() { [[ "$2" =~ ^[1-9][0-9]*$ ]] || bad_usage "$1 needs a positive integer, got '$2'"; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    --faults|--duration|--seed|--kinds|--rate|--partitions|--session-timeout-ms|--replica-lag-ms|--heal-timeout|--system|--workload)
      [[ $# -ge 2 ]] || bad_usage "$1 needs a value"
      case "$1" in
        --faults) positive "$1" "$2"; faults="$2" ;;
        --duration) positive "$1" "$2"; duration_s="$2" ;;
        --seed) [[ "$2" =~ ^[0-9]+$ ]] || bad_usage "--seed needs a non-negative integer"; seed="$2" ;;
        --kinds) [[ "$2" =~ ^(all|[a-z-]+(,[a-z-]+)*)$ ]] || bad_usage "--kinds needs a comma-separated list"; kinds="$2" ;;
        --rate) positive "$1" "$2"; rate="$2" ;;
        --partitions) positive "$1" "$2"; partitions="$2" ;;
        --session-timeout-ms) positive "$1" "$2"; session_timeout_ms="$2" ;;
        --replica-lag-ms) positive "$1" "$2"; replica_lag_ms="$2" ;;
        --heal-timeout) positive "$1" "$2"; heal_timeout_s="$2" ;;
        --system) [[ "$2" == gregor || "$2" == kafka ]] || bad_usage "--system is gregor or kafka"; system="$2" ;;
        --workload) [[ "$2" == idempotent || "$2" == transactional ]] || bad_usage "--workload is idempotent or transactional"; workload="$2" ;;
      esac
      shift 2 ;;
    --keep) keep=true; shift ;;
    --no-build) build=false; shift ;;
    -h|--help) usage; exit 0 ;;
    *) bad_usage "unknown option '$1'" ;;
  esac
done
known_kinds=",kill-leader,kill-follower,kill-controller,kill-coordinator,pause-leader,pause-zookeeper,restart-zookeeper,isolate-broker,cut-leader,kill-txn-coordinator,fence-producer,"
if [[ "$kinds" != all ]]; then
  IFS=, read -r -a kind_list <<<"$kinds"
  for k in "${kind_list[@]}"; do
    [[ "$known_kinds" == *",$k,"* ]] || bad_usage "unknown fault kind '$k'"
  done
fi
[[ -n "$seed" ]] || seed=$(( (RANDOM << 15) | RANDOM ))

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 3; }

[[ "$(id -u)" == 0 ]] || die "run.sh needs root (it creates network namespaces with 'ip netns')"
command -v ip >/dev/null || die "the 'ip' command (iproute2) is missing"
if [[ -n "${JAVA_HOME:-}" ]]; then java="$JAVA_HOME/bin/java"; else java=java; fi

if $build; then
  log "building: mvn -B -q -DskipTests package"
  (cd "$root" && mvn -B -q -DskipTests package) >&2 || die "the build failed"
fi
shopt -s nullglob
harness_jars=("$root"/bench/faults/target/gregor-faults-*.jar)
shopt -u nullglob
[[ ${#harness_jars[@]} -gt 0 && -d "$root/bench/faults/target/lib" ]] \
  || die "the harness is not built: run 'mvn -B -DskipTests package' in $root first"
harness_cp="${harness_jars[0]}:$root/bench/faults/target/lib/*"
kafka_lib="$root/bench/target/kafka-lib"
if [[ "$system" == kafka && ! -f "$kafka_lib/kafka_2.13-3.9.1.jar" ]]; then
  log "fetching Apache Kafka 3.9.1 with Maven into $kafka_lib"
  mvn -B -q -f "$root/bench/kafka/pom.xml" dependency:copy-dependencies >&2 || die "could not fetch Kafka with Maven"
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/gregor-faults.XXXXXX")"
prefix="gf$$"                    # namespace names: unique to this run
net=10.77.0                      # the private subnet on the run's bridge (inside the namespaces only)
zk_port=12181
broker_port=19092
brokers=(1 2 3)
declare -A ip_of=([zk]=$net.2 [b1]=$net.11 [b2]=$net.12 [b3]=$net.13 [client]=$net.100)
declare -A ns_of=()              # node -> its namespace, for every namespace created (deleted on exit)
declare -A pid_of=()             # node -> PID of its running process (started by us, not yet reaped)
cuts=()                          # "namespace ip" of every blackhole route in place
harness_pid=""
run_failed=true

cleanup() {
  local node pid ns
  set +e
  for node in "${!pid_of[@]}"; do kill -KILL "${pid_of[$node]}" 2>/dev/null; done
  [[ -n "$harness_pid" ]] && kill -KILL "$harness_pid" 2>/dev/null
  for node in "${!pid_of[@]}"; do wait "${pid_of[$node]}" 2>/dev/null; done
  [[ -n "$harness_pid" ]] && wait "$harness_pid" 2>/dev/null
  for ns in "${ns_of[@]}"; do ip netns del "$ns" 2>/dev/null; done
  if $keep || $run_failed; then
    log "work dir kept: $work"
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- network: a bridge, a namespace per node
ns_of[bridge]="$prefix-bridge"
ip netns add "${ns_of[bridge]}"
ip -n "${ns_of[bridge]}" link set lo up
ip -n "${ns_of[bridge]}" link add br0 type bridge
ip -n "${ns_of[bridge]}" link set br0 up
for node in zk b1 b2 b3 client; do
  ns_of[$node]="$prefix-$node"
  ip netns add "${ns_of[$node]}"
  ip -n "${ns_of[$node]}" link set lo up
  ip link add eth0 netns "${ns_of[$node]}" type veth peer name "v-$node" netns "${ns_of[bridge]}"
  ip -n "${ns_of[bridge]}" link set "v-$node" master br0
  ip -n "${ns_of[bridge]}" link set "v-$node" up
  ip -n "${ns_of[$node]}" addr add "${ip_of[$node]}/24" dev eth0
  ip -n "${ns_of[$node]}" link set eth0 up
done
log "network: bridge in namespace ${ns_of[bridge]}; zk ${ip_of[zk]}, brokers ${ip_of[b1]} ${ip_of[b2]} ${ip_of[b3]}, client ${ip_of[client]}"

# ---------------------------------------------------------------- processes
mkdir -p "$work/zk/data"
cat >"$work/zk/zookeeper.properties" <<EOF
dataDir=$work/zk/data
clientPort=$zk_port
clientPortAddress=${ip_of[zk]}
maxClientCnxns=0
admin.enableServer=false
4lw.commands.whitelist=srvr
tickTime=2000
EOF
bootstrap="${ip_of[b1]}:$broker_port,${ip_of[b2]}:$broker_port,${ip_of[b3]}:$broker_port"

write_kafka_config() {
  local id=$1
  cat >"$work/b$id/server.properties" <<EOF
broker.id=$id
listeners=PLAINTEXT://${ip_of[b$id]}:$broker_port
log.dirs=$work/b$id/data
zookeeper.connect=${ip_of[zk]}:$zk_port
zookeeper.session.timeout.ms=$session_timeout_ms
replica.lag.time.max.ms=$replica_lag_ms
default.replication.factor=3
min.insync.replicas=2
offsets.topic.replication.factor=3
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=3
transaction.state.log.min.isr=2
auto.create.topics.enable=false
group.initial.rebalance.delay.ms=0
log.segment.bytes=1048576
EOF
}

# Starts NODE's process in NODE's namespace (ip netns exec execs it: $! is the JVM) with output appended to its .out.
start_node() {
  local node=$1 id
  case "$node" in
    zk)
      ip netns exec "${ns_of[zk]}" env GREGOR_HEAP_OPTS="-Xmx256m" LOG_DIR="$work/zk" \
        "$root/bin/zookeeper-server-start.sh" "$work/zk/zookeeper.properties" >>"$work/zk/zookeeper.out" 2>&1 </dev/null &
      ;;
    b*)
      id=${node#b}
      mkdir -p "$work/$node/data"
      if [[ "$system" == gregor ]]; then
        ip netns exec "${ns_of[$node]}" env GREGOR_HEAP_OPTS="-Xmx512m" LOG_DIR="$work/$node" \
          "$root/bin/gregor-server-start.sh" "$root/config/server.properties" \
          --override "broker.id=$id" --override "listeners=PLAINTEXT://${ip_of[$node]}:$broker_port" \
          --override "log.dirs=$work/$node/data" --override "zookeeper.connect=${ip_of[zk]}:$zk_port" \
          --override "zookeeper.session.timeout.ms=$session_timeout_ms" --override "replica.lag.time.max.ms=$replica_lag_ms" \
          --override default.replication.factor=3 --override min.insync.replicas=2 \
          --override offsets.topic.replication.factor=3 --override offsets.topic.num.partitions=10 \
          --override transaction.state.log.replication.factor=3 --override transaction.state.log.min.isr=2 \
          --override auto.create.topics.enable=false --override group.initial.rebalance.delay.ms=0 \
          --override log.segment.bytes=1048576 \
          >>"$work/$node/server.out" 2>&1 </dev/null &
      else
        [[ -f "$work/$node/server.properties" ]] || write_kafka_config "$id"
        ip netns exec "${ns_of[$node]}" "$java" -Xmx512m -Dlog4j.configuration="file:$root/bench/kafka/log4j.properties" \
          -Dkafka.logs.dir="$work/$node/logs" -cp "$kafka_lib/*" kafka.Kafka "$work/$node/server.properties" \
          >>"$work/$node/server.out" 2>&1 </dev/null &
      fi
      ;;
    *) return 1 ;;
  esac
  pid_of[$node]=$!
}

# wait_listening NODE PORT: until NODE's address accepts connections from the client namespace (180 s bound: a loaded machine starts JVMs slowly).
wait_listening() {
  local node=$1 port=$2 deadline=$(( SECONDS + 180 ))
  until ip netns exec "${ns_of[client]}" bash -c "exec 3<>/dev/tcp/${ip_of[$node]}/$port" 2>/dev/null; do
    node_running "$node" || die "$node exited while starting; last lines of $(node_log "$node"): $(tail -5 "$(node_log "$node")")"
    [[ $SECONDS -lt $deadline ]] || die "$node does not listen on ${ip_of[$node]}:$port after 180 s"
    sleep 0.2
  done
}

# The file where NODE's process logs (Gregor and ZooKeeper: their output; Kafka: log4j's server.log).
node_log() {
  if [[ "$1" == b* && "$system" == kafka ]]; then echo "$work/$1/logs/server.log"
  elif [[ "$1" == zk ]]; then echo "$work/zk/zookeeper.out"
  else echo "$work/$1/server.out"; fi
}

# Whether NODE's recorded process still runs (a zombie child counts as gone).
node_running() {
  local pid=${pid_of[$1]:-}
  [[ -n "$pid" ]] || return 1
  local stat
  stat=$(sed 's/^.*) //' "/proc/$pid/stat" 2>/dev/null) || return 1
  [[ "${stat:0:1}" != Z ]]
}

log "work dir $work; system $system; workload $workload; seed $seed"
start_node zk
wait_listening zk "$zk_port"
for id in "${brokers[@]}"; do start_node "b$id"; done
for id in "${brokers[@]}"; do wait_listening "b$id" "$broker_port"; done
log "ZooKeeper (PID ${pid_of[zk]}) and brokers (PIDs ${pid_of[b1]} ${pid_of[b2]} ${pid_of[b3]}) listen"

# ---------------------------------------------------------------- the actuator: commands from the harness
reply=""
do_command() {
  local verb=$1; shift
  local node pid peer
  case "$verb" in
    kill)
      node=$1
      node_running "$node" || { reply="error $node is not running"; return; }
      pid=${pid_of[$node]}
      kill -KILL "$pid"; wait "$pid" 2>/dev/null; unset "pid_of[$node]"
      reply="ok" ;;
    start)
      node=$1
      [[ -n "${ns_of[$node]:-}" && "$node" != client && "$node" != bridge ]] || { reply="error unknown node $node"; return; }
      if [[ -n "${pid_of[$node]:-}" ]]; then
        node_running "$node" && { reply="error $node is already running"; return; }
        wait "${pid_of[$node]}" 2>/dev/null; unset "pid_of[$node]"
      fi
      start_node "$node"
      reply="ok ${pid_of[$node]}" ;;
    stop|cont)
      node=$1
      node_running "$node" || { reply="error $node is not running"; return; }
      if [[ "$verb" == stop ]]; then kill -STOP "${pid_of[$node]}"; else kill -CONT "${pid_of[$node]}"; fi
      reply="ok" ;;
    cut)
      node=$1; shift
      for peer in "$@"; do
        [[ -n "${ip_of[$peer]:-}" && -n "${ip_of[$node]:-}" ]] || { reply="error unknown node in cut $node $peer"; return; }
        # blackhole routes both ways: the two addresses no longer reach each other (ARP and the rest still work)
        ip -n "${ns_of[$node]}" route add blackhole "${ip_of[$peer]}/32" || { reply="error could not cut $node from $peer"; return; }
        cuts+=("${ns_of[$node]} ${ip_of[$peer]}")
        ip -n "${ns_of[$peer]}" route add blackhole "${ip_of[$node]}/32" || { reply="error could not cut $peer from $node"; return; }
        cuts+=("${ns_of[$peer]} ${ip_of[$node]}")
      done
      log "cut $node off from $*"
      reply="ok" ;;
    heal)
      local cut
      for cut in "${cuts[@]}"; do
        ip -n "${cut% *}" route del blackhole "${cut#* }/32" || { reply="error could not remove the route $cut"; return; }
      done
      cuts=()
      log "healed"
      reply="ok" ;;
    alive)
      reply="ok"
      for node in zk b1 b2 b3; do
        if node_running "$node"; then
          reply+=" $node=up"
        elif [[ -n "${pid_of[$node]:-}" ]]; then
          local rc=0
          wait "${pid_of[$node]}" 2>/dev/null || rc=$?
          unset "pid_of[$node]"
          reply+=" $node=exited:$rc"
          log "$node exited on its own (status $rc); its log: $(node_log "$node")"
        else
          reply+=" $node=down"
        fi
      done ;;
    *) reply="error unknown command $verb" ;;
  esac
}

mkfifo "$work/commands.pipe" "$work/replies.pipe"
exec {commands_fd}<>"$work/commands.pipe"   # read-write: neither side blocks opening, and neither sees a false EOF
exec {replies_fd}<>"$work/replies.pipe"
if [[ "$system" == gregor ]]; then
  settings="Gregor at commit $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  git -C "$root" diff --quiet HEAD -- 2>/dev/null || settings+=" with uncommitted changes"
else
  settings="Apache Kafka 3.9.1"
fi
harness_args=(--bootstrap "$bootstrap" --zookeeper "${ip_of[zk]}:$zk_port" --broker-ids "$(IFS=,; echo "${brokers[*]}")"
  --commands "$work/commands.pipe" --replies "$work/replies.pipe" --work-dir "$work"
  --results-dir "$root/bench/faults/results" --faults "$faults" --seed "$seed" --kinds "$kinds" --rate "$rate"
  --partitions "$partitions" --session-timeout-ms "$session_timeout_ms" --replica-lag-time-max-ms "$replica_lag_ms"
  --heal-timeout-s "$heal_timeout_s" --system "$system" --settings "$settings" --workload "$workload")
[[ -n "$duration_s" ]] && harness_args+=(--duration-s "$duration_s")
ip netns exec "${ns_of[client]}" "$java" -Xmx512m -Dlogback.configurationFile="$root/bench/faults/harness-logback.xml" \
  -Dfaults.log.file="$work/harness.log" -cp "$harness_cp" io.gregor.faults.harness.FaultHarness "${harness_args[@]}" \
  </dev/null &
harness_pid=$!
log "harness started (PID $harness_pid); its client log: $work/harness.log"

report=""
partial=""   # what a timed-out read had already taken of a line: bash keeps it in the variable, and so must we
while :; do
  chunk=""
  if ! IFS= read -r -t 5 chunk <&"$commands_fd"; then
    partial+="$chunk"
    if ! kill -0 "$harness_pid" 2>/dev/null || [[ "$(sed 's/^.*) //' "/proc/$harness_pid/stat" 2>/dev/null | cut -c1)" == Z ]]; then
      break
    fi
    continue
  fi
  line="$partial$chunk"
  partial=""
  read -r -a words <<<"$line"
  [[ ${#words[@]} -gt 0 ]] || continue
  if [[ "${words[0]}" == done ]]; then
    report="${words[1]:-}"
    echo "ok" >&"$replies_fd"
    continue
  fi
  do_command "${words[@]}" || reply="error ${words[0]} failed"
  echo "$reply" >&"$replies_fd"
done
harness_rc=0
wait "$harness_pid" || harness_rc=$?
harness_pid=""
if [[ -n "$report" && -f "$report" ]]; then
  echo
  cat "$report"
  echo
  log "report: $report"
fi
case "$harness_rc" in
  0) run_failed=false; exit 0 ;;
  1) exit 1 ;;
  *) log "the harness could not carry out the run (exit status $harness_rc); see $work/harness.log"; exit 3 ;;
esac
