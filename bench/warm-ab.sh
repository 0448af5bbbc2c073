#!/usr/bin/env bash
# Warm A/B of two Gregor builds: the broker's CPU per MB once its JIT has warmed up, with the CPU
# split by thread group (request handlers, network threads, JIT compiler, GC, ...). compare.sh
# measures cold brokers, where the JIT compiler's work is a large and variable share of a
# short run; this isolates what a change costs the produce and fetch paths in steady state.
#
# Usage: bench/warm-ab.sh [--pairs N] [--records N] [--size BYTES] BEFORE_DIR AFTER_DIR
#   BEFORE_DIR, AFTER_DIR  built Gregor checkouts (mvn -B -DskipTests package), e.g. a worktree at
#                          the commit before a change and this one
#   --pairs N     alternating before/after runs (default 3; odd pairs before first)
#   --records N   records per measured produce (default 1000000); the consume reads 2N
#   --size BYTES  record size (default 1024)
# Per run: one ZooKeeper and one broker (1 GiB heap, G1) from the build's bin/, a 1-partition topic,
# a warm-up produce and consume of N records, then the measured produce (Kafka 3.9.1's
# ProducerPerformance, acks=1) and consume (ConsumerPerformance). Binds 127.0.0.1 only; stops
# every process it started by PID. Needs bench/target/kafka-lib (bench/compare.sh fetches it).
# Prints each run and the medians; writes bench/results/warm-ab-STAMP.md.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib.sh
source "$root/bench/lib.sh"
usage() { sed -n '7,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
pairs=3; records=1000000; size=1024
while [[ $# -gt 0 ]]; do
  case "$1" in
    --pairs|--records|--size)
      [[ $# -ge 2 ]] || { echo "$1 needs a value" >&2; usage >&2; exit 2; }
      require_positive usage "$2"
      case "$1" in --pairs) pairs="$2" ;; --records) records="$2" ;; --size) size="$2" ;; esac
      shift 2 ;;
    -h|--help) usage; exit 0 ;;
    -*) echo "Unknown option: $1" >&2; usage >&2; exit 2 ;;
    *) break ;;
  esac
done
[[ $# -eq 2 && -d "$1" && -d "$2" ]] || { echo "Need BEFORE_DIR and AFTER_DIR (built checkouts)" >&2; usage >&2; exit 2; }
before="$(cd "$1" && pwd)"; after="$(cd "$2" && pwd)"
broker_classpath "$before" >/dev/null; broker_classpath "$after" >/dev/null
kafka_lib="$root/bench/target/kafka-lib"
[[ -f "$kafka_lib/kafka-tools-3.9.1.jar" ]] || { echo "No $kafka_lib: run bench/compare.sh once to fetch Kafka" >&2; exit 1; }

work="$(mktemp -d "${TMPDIR:-/tmp}/gregor-warm-ab.XXXXXX")"
pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do stop_pid "$pid" 5; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

tool() { java -Xmx512M -cp "$kafka_lib/*" "$@"; }
# CPU ticks per thread group of process $1 ("gregor-request-handler-3" -> "gregor-request-handler-N").
threads_cpu() {
  local t s
  for t in /proc/"$1"/task/*; do
    read -r -a s <<<"$(sed 's/.*) //' "$t/stat" 2>/dev/null)" || continue
    echo "$(tr -d ' ' <"$t/comm" | sed 's/[0-9]\+/N/g') $(( s[11] + s[12] ))"
  done | awk '{a[$1] += $2} END {for (k in a) print k, a[k]}' | sort
}

# one_run LABEL HOME: prints "LABEL produce_ms_per_mb consume_ms_per_mb rec_per_s" and the thread split.
one_run() {
  local label="$1" home="$2" dir zk_port broker_port zk_pid broker_pid mb ticks c0 c1 c2
  dir="$work/$label-$RANDOM"; mkdir -p "$dir"
  zk_port=$(free_port); broker_port=$(free_port)
  printf 'dataDir=%s/zk\nclientPort=%s\nclientPortAddress=127.0.0.1\nadmin.enableServer=false\n' "$dir" "$zk_port" >"$dir/zk.properties"
  cat >"$dir/server.properties" <<EOF
broker.id=0
listeners=PLAINTEXT://127.0.0.1:$broker_port
log.dirs=$dir/data
zookeeper.connect=127.0.0.1:$zk_port
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
log.segment.bytes=1073741824
auto.create.topics.enable=false
EOF
  GREGOR_HEAP_OPTS="-Xmx512M" LOG_DIR="$dir/zk-logs" "$home/bin/zookeeper-server-start.sh" "$dir/zk.properties" >"$dir/zk.out" 2>&1 &
  zk_pid=$!; pids+=("$zk_pid")
  wait_for 30 port_open "$zk_port" || { echo "ZooKeeper did not start: $dir/zk.out" >&2; return 1; }
  GREGOR_HEAP_OPTS="-Xmx1G -Xms1G" GREGOR_OPTS="-XX:+UseG1GC" LOG_DIR="$dir/logs" \
    "$home/bin/gregor-server-start.sh" "$dir/server.properties" >"$dir/broker.out" 2>&1 &
  broker_pid=$!; pids+=("$broker_pid")
  wait_for 60 port_open "$broker_port" || { echo "broker did not start: $dir/broker.out" >&2; return 1; }
  tool org.apache.kafka.tools.TopicCommand --bootstrap-server "127.0.0.1:$broker_port" --create --topic t \
    --partitions 1 --replication-factor 1 >/dev/null 2>&1
  local produce=(org.apache.kafka.tools.ProducerPerformance --topic t --num-records "$records" --record-size "$size"
    --throughput -1 --producer-props "bootstrap.servers=127.0.0.1:$broker_port" acks=1)
  local consume=(org.apache.kafka.tools.ConsumerPerformance --bootstrap-server "127.0.0.1:$broker_port" --topic t --timeout 60000)
  tool "${produce[@]}" >/dev/null 2>&1 && tool "${consume[@]}" --messages "$records" >/dev/null 2>&1  # warm-up
  threads_cpu "$broker_pid" >"$dir/t0"
  tool "${produce[@]}" 2>/dev/null | tail -1 >"$dir/produce.out"
  threads_cpu "$broker_pid" >"$dir/t1"
  tool "${consume[@]}" --messages $(( 2 * records )) >/dev/null 2>&1
  threads_cpu "$broker_pid" >"$dir/t2"
  stop_pid "$broker_pid" 5; stop_pid "$zk_pid" 5
  ticks=$(getconf CLK_TCK)
  mb=$(awk -v n="$records" -v s="$size" 'BEGIN {print n * s / 1048576}')
  c0=$(awk '{s += $2} END {print s}' "$dir/t0"); c1=$(awk '{s += $2} END {print s}' "$dir/t1"); c2=$(awk '{s += $2} END {print s}' "$dir/t2")
  echo "$label $(awk -v c=$(( c1 - c0 )) -v t="$ticks" -v mb="$mb" 'BEGIN {printf "%.2f", c * 1000 / t / mb}') \
$(awk -v c=$(( c2 - c1 )) -v t="$ticks" -v mb="$mb" 'BEGIN {printf "%.2f", c * 1000 / t / mb / 2}') \
$(sed 's/.* records sent, \([0-9.]*\) records\/sec.*/\1/' "$dir/produce.out")"
  join "$dir/t0" "$dir/t1" | awk -v t="$ticks" '$3 > $2 {printf "    produce  %-28s %6d ms\n", $1, ($3 - $2) * 1000 / t}' | sort -k3 -nr | head -5
}

results="$work/results"
for (( p = 1; p <= pairs; p++ )); do
  if (( p % 2 == 1 )); then order=(before after); else order=(after before); fi
  for label in "${order[@]}"; do
    if [[ $label == before ]]; then home="$before"; else home="$after"; fi
    run_out="$(one_run "$label" "$home")"
    echo "$run_out" >&2
    echo "$run_out" >>"$work/runs.txt"
    head -1 <<<"$run_out" >>"$results"
  done
done
median() { sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
stamp="$(date -u +%Y-%m-%dT%H%MZ)"
out="$root/bench/results/warm-ab-$stamp.md"
{
  echo "### Warm A/B: \`bench/warm-ab.sh --pairs $pairs --records $records --size $size\` ($stamp)"
  echo
  echo "- before: $(git -C "$before" rev-parse --short HEAD 2>/dev/null || echo "$before"), after: $(git -C "$after" rev-parse --short HEAD 2>/dev/null || echo "$after"); $(nproc) cores, $(java -version 2>&1 | head -1)."
  echo "- Medians of $pairs runs each, after a warm-up produce and consume of the same size. Broker CPU = user + system of all its threads (/proc), per MB produced, and per MB consumed."
  echo
  echo "| | before | after | after / before |"
  echo "|---|---:|---:|---:|"
  for col in 2 3 4; do
    name=$([[ $col == 2 ]] && echo "produce, broker CPU ms/MB" || { [[ $col == 3 ]] && echo "consume, broker CPU ms/MB" || echo "produce, records/s"; })
    b=$(awk -v c=$col '$1 == "before" {print $c}' "$results" | median)
    a=$(awk -v c=$col '$1 == "after" {print $c}' "$results" | median)
    echo "| $name | $b | $a | $(awk -v a="$a" -v b="$b" 'BEGIN {printf "%.2f", a / b}') |"
  done
  echo
  echo "Runs (label, produce ms/MB, consume ms/MB, produce rec/s; the produce's largest thread groups):"
  echo
  echo '```'
  cat "$work/runs.txt"
  echo '```'
} >"$out"
cat "$out"
