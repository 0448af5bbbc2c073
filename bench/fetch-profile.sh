#!/usr/bin/env bash
# The single-partition consume per fetch, Kafka 3.9.1 and Gregor side by side (issue 16): time per
# FetchConsumer request from the brokers' own RequestMetrics over JMX, fetches per run, records and
# bytes per fetch, and the broker's CPU per consumed record, split by thread group.
#
# Usage: bench/fetch-profile.sh [--runs N] [--records N] [--size BYTES] [--systems LIST] [--before DIR]
#                               [--warm] [--strace SECONDS] [--jfr] [--keep]
#   --runs N        alternating runs per system (default 3; odd runs in list order, even runs reversed)
#   --records N     records produced, then consumed (default 2000000)
#   --size BYTES    record size (default 100)
#   --systems LIST  comma-separated: kafka, gregor (this checkout), before (needs --before); default kafka,gregor
#   --before DIR    another built Gregor checkout, as system "before" (added to the list when not named)
#   --warm          consume once before the measured consume (the JIT warmed up), then wait until
#                   Gregor's 30-60 s request histograms no longer hold the warm-up's fetches
#   --strace SECS   strace -c -f the broker for SECS seconds from the start of the measured consume
#   --jfr           JDK Flight Recorder (settings=profile) on the broker, dumped after the consume
#   --keep          keep the work dir (configs, logs, tool output, recordings)
#   --gregor-prop K=V  a broker setting for system gregor only (repeatable), e.g. to compare settings
#                   of one build: --before . --gregor-prop socket.send.buffer.bytes=102400
# Per run: one ZooKeeper and one broker (as bench/compare.sh's 1-broker case: same flags, heap and
# settings, plus a JMX port on 127.0.0.1), a 1-partition topic, Kafka 3.9.1's ProducerPerformance
# (acks=1), then ConsumerPerformance of the same records. Prints one line per run and the medians;
# writes nothing under bench/results. Needs bench/target/kafka-lib (bench/compare.sh fetches it).
#
# TotalTimeMs and its phases: the mean per FetchConsumer request of the measured consume. Kafka's
# Yammer histograms keep an all-time mean, so the figure is (sum after - sum before) / fetches; Gregor's
# keep the last 30-60 s, which (cold, or after --warm's wait) hold only the measured consume.
# p50/p99: the histograms' own percentiles at the end of the consume (Kafka's decaying sample, Gregor's
# window). Whole milliseconds, as both record them.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib.sh
source "$root/bench/lib.sh"
usage() { sed -n '6,19p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
gregor_props=(); runs=3; records=2000000; size=100; systems=kafka,gregor; before=""; warm=false; strace_secs=0; jfr=false; keep=false
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs|--records|--size|--strace)
      [[ $# -ge 2 ]] || { echo "$1 needs a value" >&2; usage >&2; exit 2; }
      require_positive usage "$2"
      case "$1" in --runs) runs="$2" ;; --records) records="$2" ;; --size) size="$2" ;; --strace) strace_secs="$2" ;; esac
      shift 2 ;;
    --systems)
      [[ $# -ge 2 && "$2" =~ ^(kafka|gregor|before)(,(kafka|gregor|before))*$ ]] \
        || { echo "--systems needs a comma-separated list of kafka, gregor, before" >&2; exit 2; }
      systems="$2"; shift 2 ;;
    --before)
      [[ $# -ge 2 && -d "$2" ]] || { echo "--before needs a built Gregor checkout" >&2; exit 2; }
      before="$(cd "$2" && pwd)"; shift 2 ;;
    --warm) warm=true; shift ;;
    --gregor-prop)
      [[ $# -ge 2 && "$2" == *=* ]] || { echo "--gregor-prop needs KEY=VALUE" >&2; exit 2; }
      gregor_props+=("$2"); shift 2 ;;
    --jfr) jfr=true; keep=true; shift ;;
    --keep) keep=true; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "Unknown option: $1" >&2; usage >&2; exit 2 ;;
  esac
done
if [[ -n "$before" && ",$systems," != *",before,"* ]]; then systems+=",before"; fi
if [[ ",$systems," == *",before,"* && -z "$before" ]]; then echo "system before needs --before DIR" >&2; exit 2; fi
IFS=',' read -r -a system_list <<<"$systems"
broker_classpath "$root" >/dev/null
[[ -z "$before" ]] || broker_classpath "$before" >/dev/null

kafka_lib="$root/bench/target/kafka-lib"
classes="$root/bench/target/compare-classes"
[[ -f "$kafka_lib/kafka-tools-3.9.1.jar" ]] || { echo "No $kafka_lib: run bench/compare.sh once to fetch Kafka" >&2; exit 1; }
mkdir -p "$classes"
if [[ ! -f "$classes/JmxQuery.class" || -n "$(find "$root/bench/compare" -name '*.java' -newer "$classes/JmxQuery.class")" ]]; then
  javac -d "$classes" -cp "$kafka_lib/*" "$root"/bench/compare/*.java
fi
jvm_flags="-server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true -Duser.language=en -Duser.country=US"
broker_heap="-Xmx1G -Xms1G"

work="$(mktemp -d "${TMPDIR:-/tmp}/gregor-fetch-profile.XXXXXX")"
pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do stop_pid "$pid" 5; done
  if $keep; then echo "work dir kept: $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

tool() {
  java -Xmx512M $jvm_flags -Dlog4j.configuration="file:$root/bench/kafka/tools-log4j.properties" -cp "$kafka_lib/*" "$@"
}
jmx() { java -Xmx64M -cp "$classes" JmxQuery "$@"; }

rm_=kafka.network:type=RequestMetrics
fetch_mbeans=()
for h in TotalTimeMs RequestQueueTimeMs LocalTimeMs RemoteTimeMs ResponseQueueTimeMs ResponseSendTimeMs; do
  fetch_mbeans+=("$rm_,name=$h,request=FetchConsumer" Count "$rm_,name=$h,request=FetchConsumer" Mean)
done
fetch_mbeans+=("$rm_,name=TotalTimeMs,request=FetchConsumer" 50thPercentile
               "$rm_,name=TotalTimeMs,request=FetchConsumer" 99thPercentile
               "$rm_,name=TotalTimeMs,request=FetchConsumer" SnapshotSize
               "kafka.server:type=BrokerTopicMetrics,name=BytesOutPerSec" Count)
# jmx_read PORT FILE: the fetch MBeans as "name attribute value" lines
jmx_read() { jmx "127.0.0.1:$1" "${fetch_mbeans[@]}" >"$2"; }
# jmx_value FILE NAME ATTRIBUTE
# (a histogram Kafka has not made yet reads NaN: 0 here)
jmx_value() { awk -v n="$2" -v a="$3" '$1 == n && $2 == a {print ($3 == "NaN" ? 0 : $3)}' "$1"; }

# CPU ticks (user + system, and system) per thread group of process $1 (digits folded: "data-plane-kafka-request-handler-3" -> "...-N").
threads_cpu() {
  local t s
  for t in /proc/"$1"/task/*; do
    read -r -a s <<<"$(sed 's/.*) //' "$t/stat" 2>/dev/null)" || continue
    echo "$(tr -d ' ' <"$t/comm" | sed 's/[0-9]\+/N/g') $(( s[11] + s[12] )) ${s[12]}"
  done | awk '{a[$1] += $2; k[$1] += $3} END {for (n in a) print n, a[n], k[n]}' | sort
}

# one_run SYSTEM: prints the run's figures as "key=value" words on one line
one_run() {
  local sys="$1" dir zk_port port jmx_port zk_pid broker_pid ticks home flags
  dir="$work/$sys-run$run"; mkdir -p "$dir"
  zk_port=$(free_port); port=$(free_port); jmx_port=$(free_port)
  printf 'dataDir=%s/zk\nclientPort=%s\nclientPortAddress=127.0.0.1\nadmin.enableServer=false\nmaxClientCnxns=0\n' \
    "$dir" "$zk_port" >"$dir/zk.properties"
  java -Xmx512M $jvm_flags -Dlog4j.configuration="file:$root/bench/kafka/log4j.properties" -Dkafka.logs.dir="$dir/logs-zk" \
    -Dzookeeper.admin.enableServer=false -cp "$kafka_lib/*" org.apache.zookeeper.server.quorum.QuorumPeerMain \
    "$dir/zk.properties" >"$dir/zk.out" 2>&1 </dev/null &
  zk_pid=$!; pids+=("$zk_pid"); run_pids+=("$zk_pid")
  wait_for 60 port_open "$zk_port" || { echo "ZooKeeper did not start: $dir/zk.out" >&2; return 1; }
  cat >"$dir/server.properties" <<EOF
broker.id=0
listeners=PLAINTEXT://127.0.0.1:$port
advertised.listeners=PLAINTEXT://127.0.0.1:$port
log.dirs=$dir/data
zookeeper.connect=127.0.0.1:$zk_port
zookeeper.session.timeout.ms=6000
num.network.threads=3
num.io.threads=8
num.partitions=1
default.replication.factor=1
auto.create.topics.enable=false
offsets.topic.replication.factor=1
offsets.topic.num.partitions=50
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
log.segment.bytes=1073741824
EOF
  if [[ $sys == gregor && ${#gregor_props[@]} -gt 0 ]]; then printf '%s\n' "${gregor_props[@]}" >>"$dir/server.properties"; fi
  flags="$jvm_flags -Dcom.sun.management.jmxremote.port=$jmx_port -Dcom.sun.management.jmxremote.rmi.port=$jmx_port"
  flags+=" -Dcom.sun.management.jmxremote.host=127.0.0.1 -Djava.rmi.server.hostname=127.0.0.1"
  flags+=" -Dcom.sun.management.jmxremote.authenticate=false -Dcom.sun.management.jmxremote.ssl=false"
  if $jfr; then flags+=" -XX:StartFlightRecording=name=bench,settings=profile"; fi
  if [[ $sys == kafka ]]; then
    java $broker_heap $flags -Dlog4j.configuration="file:$root/bench/kafka/log4j.properties" -Dkafka.logs.dir="$dir/logs" \
      -cp "$kafka_lib/*" kafka.Kafka "$dir/server.properties" >"$dir/broker.out" 2>&1 </dev/null &
  else
    home="$root"; [[ $sys == before ]] && home="$before"
    GREGOR_HEAP_OPTS="$broker_heap" GREGOR_OPTS="$flags" LOG_DIR="$dir/logs" \
      "$home/bin/gregor-server-start.sh" "$dir/server.properties" >"$dir/broker.out" 2>&1 </dev/null &
  fi
  broker_pid=$!; pids+=("$broker_pid"); run_pids+=("$broker_pid")
  wait_for 90 port_open "$port" || { echo "broker did not start: $dir/broker.out" >&2; return 1; }
  java -Xmx256M -Dlog4j.configuration="file:$root/bench/kafka/tools-log4j.properties" -cp "$classes:$kafka_lib/*" \
    ClusterProbe create-topic "127.0.0.1:$port" t 1 1 120000 >"$dir/create.out" 2>&1 \
    || { echo "create topic failed: $dir/create.out" >&2; return 1; }
  tool org.apache.kafka.tools.ProducerPerformance --topic t --num-records "$records" --record-size "$size" \
    --throughput -1 --producer-props "bootstrap.servers=127.0.0.1:$port" acks=1 >"$dir/producer.out" 2>&1 \
    || { echo "producer failed: $dir/producer.out" >&2; return 1; }
  local consume=(org.apache.kafka.tools.ConsumerPerformance --bootstrap-server "127.0.0.1:$port" --topic t
    --messages "$records" --timeout 30000)
  if $warm; then
    tool "${consume[@]}" --group "warm-$run" >"$dir/warm-consumer.out" 2>&1 || { echo "warm-up consume failed" >&2; return 1; }
    if [[ $sys != kafka ]]; then # until the 30-60 s histogram window no longer holds the warm-up's fetches
      local deadline=$(( SECONDS + 90 ))
      while jmx_read "$jmx_port" "$dir/jmx-wait" && \
            [[ "$(jmx_value "$dir/jmx-wait" "$rm_,name=TotalTimeMs,request=FetchConsumer" SnapshotSize)" != 0.0 ]]; do
        (( SECONDS < deadline )) || { echo "Gregor's fetch histogram window did not empty in 90 s" >&2; return 1; }
        sleep 5
      done
    fi
  fi
  jmx_read "$jmx_port" "$dir/jmx0"
  threads_cpu "$broker_pid" >"$dir/t0"
  local strace_pid=""
  if (( strace_secs > 0 )); then
    timeout -s INT "$strace_secs" strace -c -f -p "$broker_pid" -o "$dir/strace.txt" 2>/dev/null &
    strace_pid=$!
  fi
  /usr/bin/time -f "%U %S" -o "$dir/consumer.time" \
    java -Xmx512M $jvm_flags -Dlog4j.configuration="file:$root/bench/kafka/tools-log4j.properties" -cp "$kafka_lib/*" \
    "${consume[@]}" --group "bench-$run" >"$dir/consumer.out" 2>&1 || { echo "consume failed: $dir/consumer.out" >&2; return 1; }
  threads_cpu "$broker_pid" >"$dir/t1"
  jmx_read "$jmx_port" "$dir/jmx1"
  if [[ -n $strace_pid ]]; then wait "$strace_pid" 2>/dev/null || true; fi
  if $jfr; then jcmd "$broker_pid" JFR.dump name=bench filename="$dir/broker.jfr" >/dev/null 2>&1 || true; fi
  stop_pid "$broker_pid" 5; stop_pid "$zk_pid" 5
  ticks=$(getconf CLK_TCK)

  local line nmsg rate c0 c1 fetches
  line=$(grep -E '^[0-9]{4}-[0-9]{2}-[0-9]{2} .*, .*, ' "$dir/consumer.out" | tail -1 || true)
  IFS=',' read -r _ _ _ _ nmsg _ _ _ _ rate <<<"$line"
  nmsg="${nmsg// /}"; rate="${rate// /}"
  [[ "$nmsg" =~ ^[0-9]+$ ]] && (( nmsg >= records )) || { echo "consumer read ${nmsg:-no} of $records records ($dir)" >&2; return 1; }
  local name="$rm_,name=TotalTimeMs,request=FetchConsumer"
  c0=$(jmx_value "$dir/jmx0" "$name" Count); c1=$(jmx_value "$dir/jmx1" "$name" Count)
  fetches=$(awk -v a="$c0" -v b="$c1" 'BEGIN {printf "%d", b - a}')
  printf '%s run=%s rec/s=%s fetches=%s rec/fetch=%s bytes/fetch=%s' "$sys" "$run" "$rate" "$fetches" \
    "$(awk -v n="$nmsg" -v f="$fetches" 'BEGIN {printf "%.0f", (f > 0) ? n / f : 0}')" \
    "$(awk -v a="$(jmx_value "$dir/jmx0" kafka.server:type=BrokerTopicMetrics,name=BytesOutPerSec Count)" \
          -v b="$(jmx_value "$dir/jmx1" kafka.server:type=BrokerTopicMetrics,name=BytesOutPerSec Count)" -v f="$fetches" \
          'BEGIN {printf "%.0f", (f > 0) ? (b - a) / f : 0}')"
  local h m0 m1 n0 n1
  for h in TotalTimeMs RequestQueueTimeMs LocalTimeMs RemoteTimeMs ResponseQueueTimeMs ResponseSendTimeMs; do
    name="$rm_,name=$h,request=FetchConsumer"
    n0=$(jmx_value "$dir/jmx0" "$name" Count); n1=$(jmx_value "$dir/jmx1" "$name" Count)
    m0=$(jmx_value "$dir/jmx0" "$name" Mean); m1=$(jmx_value "$dir/jmx1" "$name" Mean)
    if [[ $sys == kafka ]]; then # all-time mean: the run's own from the sums
      printf ' %s=%s' "$h" "$(awk -v n0="$n0" -v n1="$n1" -v m0="$m0" -v m1="$m1" \
        'BEGIN {printf "%.3f", (n1 > n0) ? (m1 * n1 - m0 * n0) / (n1 - n0) : 0}')"
    else # the window's mean: only this consume's fetches are in it (cold, or after --warm's wait)
      printf ' %s=%.3f' "$h" "$m1"
    fi
  done
  printf ' p50=%s p99=%s' "$(jmx_value "$dir/jmx1" "$rm_,name=TotalTimeMs,request=FetchConsumer" 50thPercentile)" \
    "$(jmx_value "$dir/jmx1" "$rm_,name=TotalTimeMs,request=FetchConsumer" 99thPercentile)"
  local cpu0 cpu1 client
  cpu0=$(awk '{s += $2} END {print s}' "$dir/t0"); cpu1=$(awk '{s += $2} END {print s}' "$dir/t1")
  # without the JIT compiler's threads, whose share of a short cold run varies the most
  local jit0 jit1 sys0 sys1
  jit0=$(awk '$1 ~ /Compiler/ {s += $2} END {print s + 0}' "$dir/t0"); jit1=$(awk '$1 ~ /Compiler/ {s += $2} END {print s + 0}' "$dir/t1")
  sys0=$(awk '{s += $3} END {print s}' "$dir/t0"); sys1=$(awk '{s += $3} END {print s}' "$dir/t1")
  printf ' broker_cpu_ms=%s broker_sys_ms=%s broker_jit_ms=%s broker_us/rec=%s broker_us/rec_nojit=%s' \
    "$(( (cpu1 - cpu0) * 1000 / ticks ))" "$(( (sys1 - sys0) * 1000 / ticks ))" "$(( (jit1 - jit0) * 1000 / ticks ))" \
    "$(awk -v c=$(( cpu1 - cpu0 )) -v t="$ticks" -v n="$records" 'BEGIN {printf "%.3f", c * 1e6 / t / n}')" \
    "$(awk -v c=$(( cpu1 - cpu0 - jit1 + jit0 )) -v t="$ticks" -v n="$records" 'BEGIN {printf "%.3f", c * 1e6 / t / n}')"
  read -r cu cs <"$dir/consumer.time" || true
  client=$(awk -v u="${cu:-0}" -v s="${cs:-0}" 'BEGIN {printf "%.0f", (u + s) * 1000}')
  printf ' client_cpu_ms=%s\n' "$client"
  join -a2 -e0 -o 0,1.2,1.3,2.2,2.3 "$dir/t0" "$dir/t1" | awk -v t="$ticks" \
    '$4 > $2 {printf "    %-28s %6d ms (system %d ms)\n", $1, ($4 - $2) * 1000 / t, ($5 - $3) * 1000 / t}' | sort -k2 -nr | head -8
  if [[ -f "$dir/strace.txt" ]]; then sed -n '1,14p' "$dir/strace.txt" | sed 's/^/    strace: /'; fi
  if $jfr; then echo "    jfr: $dir/broker.jfr"; fi
}

results="$work/results"
: >"$results"
for (( run = 1; run <= runs; run++ )); do
  order=("${system_list[@]}")
  if (( run % 2 == 0 )); then
    order=(); for (( i = ${#system_list[@]} - 1; i >= 0; i-- )); do order+=("${system_list[$i]}"); done
  fi
  for sys in "${order[@]}"; do
    run_pids=()
    if one_run "$sys" >"$work/$sys-run$run.txt"; then
      cat "$work/$sys-run$run.txt"
      head -1 "$work/$sys-run$run.txt" >>"$results"
    else
      echo "$sys run $run failed" >&2
    fi
    for pid in "${run_pids[@]}"; do stop_pid "$pid" 5; done
  done
done

median() { sort -n | awk '{v[NR] = $1} END {if (NR == 0) print "-"; else print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
echo
echo "medians of $runs runs ($records x $size B, 1 broker, 1 partition; $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)):"
keys=(rec/s fetches rec/fetch bytes/fetch TotalTimeMs RequestQueueTimeMs LocalTimeMs RemoteTimeMs ResponseQueueTimeMs
      ResponseSendTimeMs p50 p99 broker_cpu_ms broker_sys_ms broker_jit_ms broker_us/rec broker_us/rec_nojit client_cpu_ms)
printf '%-20s' ""; for sys in "${system_list[@]}"; do printf '%14s' "$sys"; done; echo
for k in "${keys[@]}"; do
  printf '%-20s' "$k"
  for sys in "${system_list[@]}"; do
    printf '%14s' "$(awk -v s="$sys" -v k="$k" '$1 == s {for (i = 2; i <= NF; i++) {split($i, kv, "="); if (kv[1] == k) print kv[2]}}' "$results" | median)"
  done
  echo
done
