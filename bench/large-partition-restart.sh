#!/usr/bin/env bash
# Measures how long a Gregor broker holding one large partition takes to serve it again after a
# clean restart and after kill -9, to compare builds (e.g. before and after producer-state snapshots).
#
# The first run with a work dir sets it up: ZooKeeper and broker 0 from bin/ on 127.0.0.1 (free
# ports), a topic "big" of one partition (RF 1, 1 GiB segments), the broker stopped cleanly, then a
# generator JVM appends --gb GiB of idempotent batches of --batch-bytes (--producers producer ids,
# records of 1000 B) straight to the partition's log, as the broker would have written them. Later
# runs with the same --work dir reuse those files, so two builds can be measured on the same data.
#
# Then, with the build under test: one start (timed: "first start"), --runs clean restarts
# (SIGTERM, wait for the exit, start again), and --runs crashes (write a tail of --tail-mb MB with
# gregor-producer-perf-test.sh, idempotent, acks=all; kill -9; start again). Each start is timed
# from the start command until the broker logs that it leads big-0 (the partition's log and
# producer state are loaded then; clients are served right after). Prints each run and the medians,
# with what the broker logged: when it served clients counted from its own start (without the JVM's
# start-up) and, when the build logs it, how it loaded the producer state. Stops what it started,
# by PID.
#
# Usage: bench/large-partition-restart.sh --work DIR [--gb N] [--batch-bytes B] [--producers P]
#                                          [--runs R] [--tail-mb M] [--help]
#   --work DIR        where ZooKeeper's and the broker's data live (kept; delete it yourself)
#   --gb N            GiB to generate when DIR is new (default 10)
#   --batch-bytes B   bytes of record data per batch (default 16384, the Java producer's batch.size)
#   --producers P     producer ids the generated batches come from (default 8)
#   --runs R          clean restarts and crashes to time (default 3 each)
#   --tail-mb M       MB written before each kill -9 (default 100)
#   --cold            before each timed start, evict the partition's files from the page cache
#                     (posix_fadvise DONTNEED on those files only), as after a reboot
# Environment: GREGOR_HOME   the built checkout to run (default: this one; mvn -B -DskipTests package)
#              BENCH_NICE    prefix for the generator and the tail writer (default: nice -n 19 ionice -c 3)
set -euo pipefail

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../lib.sh
source "$script_dir/lib.sh"
home="${GREGOR_HOME:-$(cd "$script_dir/.." && pwd)}"
work="" gb=10 batch_bytes=16384 producers=8 runs=3 tail_mb=100 cold=false
read -r -a nice_cmd <<<"${BENCH_NICE:-nice -n 19 ionice -c 3}"

usage() { sed -n '2,30p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    --work) work="${2:?--work needs a value}"; shift 2 ;;
    --gb) gb="${2:?--gb needs a value}"; shift 2 ;;
    --batch-bytes) batch_bytes="${2:?--batch-bytes needs a value}"; shift 2 ;;
    --producers) producers="${2:?--producers needs a value}"; shift 2 ;;
    --runs) runs="${2:?--runs needs a value}"; shift 2 ;;
    --tail-mb) tail_mb="${2:?--tail-mb needs a value}"; shift 2 ;;
    --cold) cold=true; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "Unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
done
[[ -n "$work" ]] || { echo "--work is required" >&2; usage >&2; exit 2; }
require_positive usage "$gb" "$batch_bytes" "$producers" "$runs" "$tail_mb"

classpath="$(broker_classpath "$home")"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
javac="${JAVA_HOME:+$JAVA_HOME/bin/}javac"

mkdir -p "$work/logs" "$work/gen"
work="$(cd "$work" && pwd)"
export LOG_DIR="$work/logs"
zk_pid="" broker_pid="" elapsed=0 mark=1 partition="" loaded=""

cleanup() { stop_pid "$broker_pid" 120; stop_pid "$zk_pid" 120; }
trap cleanup EXIT

now_ms() { date +%s%3N; }
zk_port="$(free_port)"
broker_port="$(free_port)"
topic="big"
segment_bytes=1073741824

# ---- ZooKeeper (its data is kept in the work dir with the broker's) ----
cat >"$work/zookeeper.properties" <<EOF
dataDir=$work/zookeeper
clientPort=$zk_port
clientPortAddress=127.0.0.1
maxClientCnxns=0
admin.enableServer=false
EOF
GREGOR_HEAP_OPTS="-Xmx256M" "$home/bin/zookeeper-server-start.sh" "$work/zookeeper.properties" >>"$LOG_DIR/zookeeper.out" 2>&1 &
zk_pid=$!
for _ in $(seq 300); do port_open "$zk_port" && break; sleep 0.1; done
port_open "$zk_port" || { echo "ZooKeeper did not open port $zk_port; see $LOG_DIR/zookeeper.out" >&2; exit 1; }

cp "$home/config/server.properties" "$work/server.properties"
broker_out="$LOG_DIR/broker.out"
start_broker() { # starts the broker in the background (the start script execs the JVM, so $! is its PID)
  GREGOR_HEAP_OPTS="-Xmx1G" "$home/bin/gregor-server-start.sh" "$work/server.properties" \
    --override "broker.id=0" \
    --override "listeners=PLAINTEXT://127.0.0.1:$broker_port" \
    --override "log.dirs=$work/data" \
    --override "log.segment.bytes=$segment_bytes" \
    --override "zookeeper.connect=127.0.0.1:$zk_port" \
    >>"$broker_out" 2>&1 &
  broker_pid=$!
}
# Starts the broker and sets $elapsed to the ms from the start command until it logs that it leads
# big-0 (not in a subshell: $broker_pid must stay set).
timed_start() {
  local from_line started
  from_line=$(( $(wc -l <"$broker_out") + 1 ))
  if $cold; then evict_partition; fi
  started="$(now_ms)"
  start_broker
  for _ in $(seq 60000); do
    if tail -n +"$from_line" "$broker_out" | grep -q "is the leader of $topic-0 "; then
      elapsed=$(( $(now_ms) - started ))
      return 0
    fi
    kill -0 "$broker_pid" 2>/dev/null || { echo "the broker exited; see $broker_out" >&2; exit 1; }
    sleep 0.02
  done
  echo "the broker did not lead $topic-0 within 20 minutes; see $broker_out" >&2
  exit 1
}
evict_partition() { # drops the partition's (clean) pages from the page cache; other files are untouched
  python3 - "$work/data/$topic-0" <<'PY'
import os, sys
for name in os.listdir(sys.argv[1]):
    fd = os.open(os.path.join(sys.argv[1], name), os.O_RDONLY)
    try:
        os.fsync(fd)
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    finally:
        os.close(fd)
PY
}
# What the broker itself logged since line $1: the ms from its controller's start (it is the only
# broker) to leading big-0, which is mostly loading the partition for its LeaderAndIsr and is
# untouched by the JVM's start-up; and, when the build logs it, how its producer state was loaded.
broker_lines() { # sets $partition and $loaded (not in a subshell)
  partition="$(tail -n +"$1" "$broker_out" | python3 -c '
import re, sys
from datetime import datetime
start = end = None
for line in sys.stdin:
    stamp = re.match(r"\[(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3})\]", line)
    if not stamp:
        continue
    t = datetime.strptime(stamp.group(1), "%Y-%m-%d %H:%M:%S.%f")
    if start is None and re.search(r"Controller \d+ starting for epoch", line):
        start = t
    if start is not None and "is the leader of '"$topic"'-0 " in line:
        end = t
        break
print(int((end - start).total_seconds() * 1000) if start and end else "?")
')"
  loaded="$(tail -n +"$1" "$broker_out" | grep -o "Loaded the producer state of $topic-0 .*" | tail -1 || true)"
}
report() { # report LABEL: one line for the start just timed, since line $mark
  broker_lines "$mark"
  echo "$1: ${elapsed} ms (controller start to leading $topic-0: $partition ms)${loaded:+  $loaded}"
}
tools_env=(env GREGOR_HEAP_OPTS=-Xmx256M GREGOR_LOG_CONFIG="$home/config/logback-tools.xml")
touch "$broker_out"

# ---- setup: topic and generated data, once per work dir ----
if [[ ! -f "$work/generated" ]]; then
  start_broker
  for _ in $(seq 120); do
    "${tools_env[@]}" "$home/bin/gregor-topics.sh" --bootstrap-server "127.0.0.1:$broker_port" --list >/dev/null 2>&1 && break
    sleep 1
  done
  "${tools_env[@]}" "$home/bin/gregor-topics.sh" --bootstrap-server "127.0.0.1:$broker_port" --create --topic "$topic" \
    --partitions 1 --replication-factor 1 >/dev/null
  for _ in $(seq 600); do grep -q "is the leader of $topic-0 " "$broker_out" && break; sleep 0.1; done
  stop_pid "$broker_pid" 120; broker_pid=""
  cat >"$work/gen/GenerateLog.java" <<'EOF'
import io.gregor.clients.record.Compression;
import io.gregor.clients.record.MemoryRecords;
import io.gregor.clients.record.MemoryRecordsBuilder;
import io.gregor.clients.record.RecordBatch;
import io.gregor.clients.record.TimestampType;
import io.gregor.core.log.Log;
import io.gregor.core.log.LogConfig;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

/** GenerateLog PARTITION_DIR BYTES BATCH_BYTES PRODUCERS SEGMENT_BYTES: appends idempotent batches to a closed partition log. */
public class GenerateLog {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long bytes = Long.parseLong(args[1]);
        int batchBytes = Integer.parseInt(args[2]);
        int producers = Integer.parseInt(args[3]);
        LogConfig config = LogConfig.fromMap(Map.of(LogConfig.SEGMENT_BYTES, args[4]));
        int recordsPerBatch = Math.max(1, batchBytes / 1000);
        byte[] value = new byte[1000];
        new Random(42).nextBytes(value);
        long now = System.currentTimeMillis();
        byte[][] templates = new byte[producers][];
        for (int p = 0; p < producers; p++) {
            MemoryRecordsBuilder b = new MemoryRecordsBuilder(Compression.NONE, TimestampType.CREATE_TIME, 0L,
                    RecordBatch.NO_TIMESTAMP, 1_000_000_000L + p, (short) 0, 0, false, false, 0);
            for (int i = 0; i < recordsPerBatch; i++) {
                b.append(now, null, value);
            }
            ByteBuffer built = b.build().buffer();
            templates[p] = new byte[built.remaining()];
            built.get(templates[p]);
        }
        int[] nextSeq = new int[producers];
        long written = 0, batches = 0;
        // one ms per batch up to now, so the time indexes get entries as with real traffic (with one
        // timestamp for all, loading a segment would read every batch header to find its largest)
        long firstTimestamp = now - bytes / templates[0].length;
        long started = System.nanoTime();
        try (Log log = Log.open(dir, config)) {
            ByteBuffer buf = ByteBuffer.allocate(templates[0].length);
            while (written < bytes) {
                int p = (int) (batches % producers);
                buf.clear();
                buf.put(templates[p]).flip();
                buf.putInt(RecordBatch.BASE_SEQUENCE_OFFSET, nextSeq[p]);
                buf.putLong(RecordBatch.BASE_TIMESTAMP_OFFSET, firstTimestamp + batches);
                buf.putLong(RecordBatch.MAX_TIMESTAMP_OFFSET, firstTimestamp + batches);
                RecordBatch view = new RecordBatch(buf);
                buf.putInt(RecordBatch.CRC_OFFSET, (int) view.computeChecksum());
                log.appendAsLeader(MemoryRecords.readableRecords(buf), 0);
                nextSeq[p] += recordsPerBatch;
                written += buf.limit();
                batches++;
            }
            System.out.printf("generated %d batches, %d bytes, log end offset %d, %d segments in %d ms%n", batches, written,
                    log.logEndOffset(), log.numberOfSegments(), (System.nanoTime() - started) / 1_000_000L);
        }
    }
}
EOF
  "$javac" -nowarn -cp "$classpath" -d "$work/gen" "$work/gen/GenerateLog.java"
  "${nice_cmd[@]}" "$java" -Xmx512m -Dlogback.configurationFile="$home/config/logback-tools.xml" \
    -cp "$work/gen:$classpath" GenerateLog "$work/data/$topic-0" \
    $(( gb * 1024 * 1024 * 1024 )) "$batch_bytes" "$producers" "$segment_bytes"
  echo "gb=$gb batch_bytes=$batch_bytes producers=$producers" >"$work/generated"
fi

echo "Build: $home ($(git -C "$home" log --oneline -1 2>/dev/null || echo 'not a git checkout'))"
echo "Page cache: $($cold && echo 'partition files evicted before each start' || echo 'as left by the previous step (warm)')"
echo "Data: $(cat "$work/generated"), $(du -sh "$work/data/$topic-0" | cut -f1) in $work/data/$topic-0"
median() { printf '%s\n' "$@" | sort -n | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : int((v[NR/2]+v[NR/2+1])/2)}'; }

mark=$(( $(wc -l <"$broker_out") + 1 ))
timed_start
report "first start"
first="$elapsed" first_partition="$partition"

clean=() clean_partition=()
for run in $(seq "$runs"); do
  stop_pid "$broker_pid" 120; broker_pid=""
  mark=$(( $(wc -l <"$broker_out") + 1 ))
  timed_start
  report "clean restart $run"
  clean+=("$elapsed") clean_partition+=("$partition")
done

crash=() crash_partition=()
tail_records=$(( tail_mb * 1000 ))
for run in $(seq "$runs"); do
  "${nice_cmd[@]}" "${tools_env[@]}" "$home/bin/gregor-producer-perf-test.sh" --topic "$topic" \
    --num-records "$tail_records" --record-size 1000 --throughput -1 \
    --producer-props "bootstrap.servers=127.0.0.1:$broker_port" acks=all >"$LOG_DIR/tail-$run.out" 2>&1
  kill -9 "$broker_pid"
  wait "$broker_pid" 2>/dev/null || true
  broker_pid=""
  mark=$(( $(wc -l <"$broker_out") + 1 ))
  timed_start
  report "kill -9 restart $run (after a ${tail_mb} MB tail)"
  crash+=("$elapsed") crash_partition+=("$partition")
done

echo
echo "median ms from the start command until the broker leads $topic-0: first start $first," \
  "clean restart $(median "${clean[@]}"), restart after kill -9 $(median "${crash[@]}")"
echo "median ms from its controller's start until it leads $topic-0: first start $first_partition," \
  "clean restart $(median "${clean_partition[@]}"), restart after kill -9 $(median "${crash_partition[@]}")"
