#!/usr/bin/env bash
# The frame fuzzer, run on demand (not a CI test): starts ZooKeeper and three Gregor brokers from
# bin/ (1 GiB heap each, 127.0.0.1, free ports, a temporary directory), runs an idempotent acks=all
# producer and a consumer on a topic of RF 3 while sending mutated requests of every API the brokers
# advertise, then checks: brokers alive, no OutOfMemoryError, peak heap after GC, no ZooKeeper
# session expired (registration czxids unchanged), the controller did not move (/controller_epoch
# and /controller unchanged), nothing acknowledged lost, the longest stall. Prints a table; stops
# everything it started, by PID, also on Ctrl-C. See bench/faults/README.md.
#
# Usage: bench/faults/fuzz.sh [--frames N] [--connections C] [--seed S] [--rate R] [--keep]
#                             [--only-apis Api,Api] [--skip-apis Api,Api] [--mutations M,M] [--broker-heap 1G]
#   --frames       mutated frames to send (default 100000)
#   --connections  concurrent fuzzing connections (default 16); each reconnects when closed
#   --seed         seed of the frame sequence (default 1): the same seed sends the same frames
#   --rate         records per second of the verified producer (default 200)
#   --keep         keep the temporary directory (logs, data, GC logs, the brokers' live-heap
#                  histograms at the end) and print its path
#   --only-apis    fuzz only these APIs, by Kafka's names (e.g. JoinGroup,Fetch)
#   --skip-apis    APIs not to fuzz (e.g. LeaderAndIsr,UpdateMetadata,StopReplica)
#   --mutations    only these mutations (see Mutation.java; default all)
# Exit status: 0 when every check passes, 1 when one fails, 2 for bad arguments.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../lib.sh
source "$here/../lib.sh"
base="$(cd "$here/../.." && pwd)"
bin="$base/bin"

frames=100000 connections=16 seed=1 rate=200 keep=false only_apis="" skip_apis="" mutations="" heap=1G
usage() { sed -n '10,21p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    --frames) frames="${2:?}"; shift 2 ;;
    --connections) connections="${2:?}"; shift 2 ;;
    --seed) seed="${2:?}"; shift 2 ;;
    --rate) rate="${2:?}"; shift 2 ;;
    --only-apis) only_apis="${2:?}"; shift 2 ;;
    --skip-apis) skip_apis="${2:?}"; shift 2 ;;
    --mutations) mutations="${2:?}"; shift 2 ;;
    --broker-heap) heap="${2:?}"; shift 2 ;;
    --keep) keep=true; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "Unknown argument: $1" >&2; usage; exit 2 ;;
  esac
done
for n in "$frames" "$connections" "$rate"; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "Not a positive number: $n" >&2; usage; exit 2; }
done
[[ "$seed" =~ ^-?[0-9]+$ ]] || { echo "Not a number: $seed" >&2; usage; exit 2; }

shopt -s nullglob
broker_jars=("$base"/broker/target/gregor-broker-*.jar)
fuzz_jars=("$base"/bench/faults/target/gregor-faults-*.jar)
shopt -u nullglob
if [[ ${#broker_jars[@]} -eq 0 || ${#fuzz_jars[@]} -eq 0 ]]; then
  echo "Building Gregor first (mvn -B -q -DskipTests package)..."
  (cd "$base" && mvn -B -q -DskipTests package)
fi

work="$(mktemp -d /tmp/gregor-fuzz.XXXXXX)"
export LOG_DIR="$work/logs"
mkdir -p "$LOG_DIR"
pids=()

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  if $keep; then echo "Kept $work (logs in $LOG_DIR, GC logs $work/gc-N.log)"; else rm -rf "$work"; fi
  exit $rc
}
trap cleanup EXIT
trap 'echo "Interrupted; stopping what was started" >&2; exit 130' INT TERM

zk() { GREGOR_HEAP_OPTS=-Xmx128M "$bin/zookeeper-shell.sh" "127.0.0.1:$zk_port" "$@" 2>/dev/null; }
czxid() { zk stat "/brokers/ids/$1" | sed -n 's/^cZxid = //p'; }
znode_data() { zk get "$1" | grep -v -E '^(Connecting|WATCHER|WatchedEvent|$)' | tail -1; }

zk_port=$(free_port)
ports=("$(free_port)" "$(free_port)" "$(free_port)")
bootstrap="127.0.0.1:${ports[0]},127.0.0.1:${ports[1]},127.0.0.1:${ports[2]}"

echo "==> ZooKeeper on 127.0.0.1:$zk_port, brokers on $bootstrap, work dir $work"
cat >"$work/zookeeper.properties" <<PROPS
dataDir=$work/zookeeper
clientPort=$zk_port
clientPortAddress=127.0.0.1
maxClientCnxns=0
admin.enableServer=false
PROPS
GREGOR_HEAP_OPTS="-Xmx256M" "$bin/zookeeper-server-start.sh" -daemon "$work/zookeeper.properties" >/dev/null
pids+=("$(cat "$LOG_DIR/zookeeper.pid")")
wait_for 30 port_open "$zk_port" || { echo "ZooKeeper did not start" >&2; exit 1; }

for id in 0 1 2; do
  cp "$base/config/server.properties" "$work/broker-$id.properties"
  GREGOR_HEAP_OPTS="-Xmx$heap -Xms$heap" GREGOR_OPTS="-Xlog:gc:file=$work/gc-$id.log" \
    "$bin/gregor-server-start.sh" -daemon "$work/broker-$id.properties" \
    --override "broker.id=$id" \
    --override "listeners=PLAINTEXT://127.0.0.1:${ports[$id]}" \
    --override "log.dirs=$work/data-$id" \
    --override "zookeeper.connect=127.0.0.1:$zk_port" \
    --override "offsets.topic.replication.factor=3" \
    --override "default.replication.factor=3" \
    --override "controlled.shutdown.retry.backoff.ms=500" >/dev/null
  pids+=("$(cat "$LOG_DIR/server-broker-$id.pid")")
done
for id in 0 1 2; do
  wait_for 60 port_open "${ports[$id]}" || { echo "Broker $id did not open its port" >&2; exit 1; }
done
wait_for 60 bash -c "GREGOR_HEAP_OPTS=-Xmx128M '$bin/zookeeper-shell.sh' 127.0.0.1:$zk_port ls /brokers/ids 2>/dev/null | grep -q '\[0, 1, 2\]'" \
  || { echo "The brokers did not all register" >&2; exit 1; }

declare -A czxid_before
for id in 0 1 2; do czxid_before[$id]="$(czxid $id)"; done
epoch_before="$(znode_data /controller_epoch)"
controller_before="$(znode_data /controller)"
echo "==> Registered: czxids ${czxid_before[0]} ${czxid_before[1]} ${czxid_before[2]}; controller epoch $epoch_before"

fuzz_args=(--bootstrap "$bootstrap" --frames "$frames" --connections "$connections" --seed "$seed" --rate "$rate"
           --summary "$work/summary.properties")
[[ -n "$only_apis" ]] && fuzz_args+=(--only-apis "$only_apis")
[[ -n "$skip_apis" ]] && fuzz_args+=(--skip-apis "$skip_apis")
[[ -n "$mutations" ]] && fuzz_args+=(--mutations "$mutations")
echo "==> Fuzzing: ${fuzz_args[*]}"
set +e
java -Xmx1G -Dlogback.configurationFile="$base/config/logback-tools.xml" \
  -cp "$(ls "$base"/bench/faults/target/gregor-faults-*.jar | head -1):$base/bench/faults/target/lib/*" \
  io.gregor.faults.fuzz.FuzzMain "${fuzz_args[@]}" &
fuzzer=$!
pids+=("$fuzzer")
wait "$fuzzer"
fuzz_rc=$?
set -e

echo
echo "==> Cluster checks"
failed=0
row() { printf '  %-46s %s\n' "$1" "$2"; }
declare -A summary
if [[ -f "$work/summary.properties" ]]; then
  while IFS='=' read -r k v; do summary[$k]="$v"; done <"$work/summary.properties"
fi
for id in 0 1 2; do
  pid="${pids[$((id + 1))]}"
  if kill -0 "$pid" 2>/dev/null; then alive=yes; else alive=NO; failed=1; fi
  oom=$(cat "$LOG_DIR"/server-broker-"$id".* 2>/dev/null | grep -c OutOfMemoryError || true)
  [[ "$oom" -eq 0 ]] || failed=1
  peak=$(grep -o -E '[0-9]+M->[0-9]+M\([0-9]+M\)' "$work/gc-$id.log" 2>/dev/null | sed -E 's/.*->([0-9]+)M.*/\1/' | sort -n | tail -1)
  after="$(czxid $id)"
  if [[ "$after" == "${czxid_before[$id]}" ]]; then session="unchanged ($after)"; else session="CHANGED ${czxid_before[$id]} -> ${after:-none}"; failed=1; fi
  row "broker $id alive" "$alive"
  row "broker $id OutOfMemoryError in logs" "$oom"
  row "broker $id peak heap after GC" "${peak:-?} MiB of $heap"
  row "broker $id registration czxid (session)" "$session"
done
if $keep && command -v jmap >/dev/null; then
  for id in 0 1 2; do jmap -histo:live "${pids[$((id + 1))]}" 2>/dev/null | head -40 >"$work/histo-$id.txt" || true; done
fi
epoch_after="$(znode_data /controller_epoch)"
controller_after="$(znode_data /controller)"
if [[ "$epoch_after" == "$epoch_before" ]]; then row "controller epoch" "unchanged ($epoch_after)"; else row "controller epoch" "CHANGED $epoch_before -> $epoch_after"; failed=1; fi
if [[ "$controller_after" == "$controller_before" ]]; then row "controller" "unchanged"; else row "controller" "CHANGED $controller_before -> $controller_after"; failed=1; fi
topics=$(zk ls /brokers/topics | tail -1 | tr ',' '\n' | grep -c . || true)
row "topics in the cluster at the end" "$topics"
row "frames sent" "${summary[frames]:-?}"
row "acknowledged records lost" "${summary[lost]:-?}"
row "longest time without an acknowledgement" "${summary[longest_ack_gap_ms]:-?} ms"
row "longest time without a record read" "${summary[longest_read_gap_ms]:-?} ms"
if [[ "${summary[lost]:-x}" != 0 || "${summary[duplicated]:-x}" != 0 || "${summary[reordered]:-x}" != 0 ]]; then failed=1; fi
if ((${summary[longest_ack_gap_ms]:-999999} > 1000)); then row "stall over 1 s" "YES"; failed=1; fi
[[ $fuzz_rc -eq 0 ]] || failed=1
if ((failed)); then echo "==> FAILED (see above; rerun with --keep to keep the logs)"; exit 1; fi
echo "==> PASSED"
