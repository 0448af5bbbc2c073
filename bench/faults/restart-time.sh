#!/usr/bin/env bash
# Measures how long a Gregor broker takes, after kill -9 and an immediate restart, until the data of
# every partition it holds is readable through it again.
#
# Starts ZooKeeper and one broker from bin/ on 127.0.0.1 (free ports, a temp work dir), creates a
# topic of --partitions partitions (replication factor 1), writes --records records of 100 B to each
# (acks=all), then --runs times: kill -9 the broker, start it again at once on the same ports and
# log dir, and time from the kill until one Fetch from offset 0 returns every partition's records
# (polled every 10 ms by a probe JVM started before the kill). Prints per run: when the port
# accepted again, when the first Metadata answer named the topic with this broker as every leader,
# when all data was readable; then the median of each. Stops what it started, by PID, on exit.
#
# Usage: bench/faults/restart-time.sh [--runs N] [--partitions P] [--records R]
#                                     [--session-timeout-ms MS] [--keep] [--help]
#   --runs N                 kill/restart rounds (default 5)
#   --partitions P           partitions on the broker (default 100)
#   --records R              records per partition (default 100)
#   --session-timeout-ms MS  zookeeper.session.timeout.ms of the broker (default 18000, Kafka's)
#   --keep                   keep the work dir (configs, logs, data) instead of deleting it
# Environment: GREGOR_HOME   the checkout whose bin/ and build to measure (default: this one;
#                            it must be built: mvn -B -DskipTests package)
#              JAVA_HOME     the JDK for the probe (default: java on the PATH)
set -euo pipefail

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../lib.sh
source "$script_dir/../lib.sh"
home="${GREGOR_HOME:-$(cd "$script_dir/../.." && pwd)}"
runs=5 partitions=100 records=100 session_ms=18000 keep=false

usage() { sed -n '2,21p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) runs="${2:?--runs needs a value}"; shift 2 ;;
    --partitions) partitions="${2:?--partitions needs a value}"; shift 2 ;;
    --records) records="${2:?--records needs a value}"; shift 2 ;;
    --session-timeout-ms) session_ms="${2:?--session-timeout-ms needs a value}"; shift 2 ;;
    --keep) keep=true; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "Unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
done
require_positive usage "$runs" "$partitions" "$records" "$session_ms"

classpath="$(broker_classpath "$home")"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
javac="${JAVA_HOME:+$JAVA_HOME/bin/}javac"

work="$(mktemp -d /tmp/gregor-restart-time.XXXXXX)"
export LOG_DIR="$work/logs"
mkdir -p "$LOG_DIR"
zk_pid="" broker_pid="" probe_pid=""

cleanup() {
  stop_pid "$probe_pid"; stop_pid "$broker_pid"; stop_pid "$zk_pid"
  if $keep; then echo "Work dir kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

now_ms() { date +%s%3N; }

zk_port="$(free_port)"
broker_port="$(free_port)"
topic="restart-time"

# ---- the probe: one JVM per phase, so its start-up is never inside a measurement ----
mkdir -p "$work/probe"
cat >"$work/probe/RestartProbe.java" <<'EOF'
import io.gregor.clients.network.KafkaConnection;
import io.gregor.clients.network.MetadataParser;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.FetchRequest;
import io.gregor.clients.protocol.schemas.FetchResponse;
import io.gregor.clients.protocol.schemas.MetadataResponse;
import io.gregor.clients.protocol.schemas.ProduceRequest;
import io.gregor.clients.protocol.schemas.ProduceResponse;
import io.gregor.clients.record.Compression;
import io.gregor.clients.record.MemoryRecords;
import io.gregor.clients.record.MemoryRecordsBuilder;
import io.gregor.clients.record.RecordBatch;
import io.gregor.clients.record.Records;
import io.gregor.clients.record.TimestampType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.util.List;

/** produce PORT TOPIC PARTITIONS RECORDS | measure PORT TOPIC PARTITIONS RECORDS BROKER_ID (reads the kill time in ms from stdin). */
public class RestartProbe {
    public static void main(String[] args) throws Exception {
        InetSocketAddress broker = new InetSocketAddress("127.0.0.1", Integer.parseInt(args[1]));
        String topic = args[2];
        int partitions = Integer.parseInt(args[3]);
        int records = Integer.parseInt(args[4]);
        if (args[0].equals("produce")) {
            produce(broker, topic, partitions, records);
        } else {
            measure(broker, topic, partitions, records, Integer.parseInt(args[5]));
        }
    }

    static void produce(InetSocketAddress broker, String topic, int partitions, int records) throws Exception {
        byte[] value = new byte[100];
        try (KafkaConnection connection = KafkaConnection.connect(broker, "restart-time-producer", 5_000)) {
            for (int p = 0; p < partitions; p++) {
                MemoryRecordsBuilder builder = new MemoryRecordsBuilder(Compression.NONE, TimestampType.CREATE_TIME, 0,
                        RecordBatch.NO_TIMESTAMP, -1, (short) -1, -1, false, false, RecordBatch.NO_PARTITION_LEADER_EPOCH);
                for (int i = 0; i < records; i++) {
                    builder.append(System.currentTimeMillis(), null, value);
                }
                Struct request = ApiMessages.request(ApiKey.PRODUCE).newStruct().set(ProduceRequest.ACKS, (short) -1)
                        .set(ProduceRequest.TIMEOUT_MS, 30_000);
                request.addElement(ProduceRequest.TOPIC_DATA).set(ProduceRequest.TopicData.NAME, topic)
                        .addElement(ProduceRequest.TopicData.PARTITION_DATA).set(ProduceRequest.TopicData.PartitionData.INDEX, p)
                        .set(ProduceRequest.TopicData.PartitionData.RECORDS, builder.build());
                // with many partitions the broker may not lead them all yet: retry, bounded, until it does
                long leadDeadline = System.currentTimeMillis() + 300_000;
                Struct answer;
                short error;
                do {
                    answer = connection.send(ApiKey.PRODUCE, (short) 9, request).getStructs(ProduceResponse.RESPONSES).get(0)
                            .getStructs(ProduceResponse.Responses.PARTITION_RESPONSES).get(0);
                    error = answer.get(ProduceResponse.Responses.PartitionResponses.ERROR_CODE);
                    if ((error == 3 || error == 6) && System.currentTimeMillis() < leadDeadline) {
                        Thread.sleep(100);
                    }
                } while ((error == 3 || error == 6) && System.currentTimeMillis() < leadDeadline);
                if (error != 0) {
                    throw new IllegalStateException("produce to partition " + p + " failed: " + answer);
                }
            }
        }
    }

    static void measure(InetSocketAddress broker, String topic, int partitions, int records, int brokerId) throws Exception {
        long killedAtMs = Long.parseLong(new BufferedReader(new InputStreamReader(System.in)).readLine().trim());
        long deadline = System.currentTimeMillis() + 120_000;
        long listening = -1, metadata = -1;
        KafkaConnection connection = null;
        while (System.currentTimeMillis() < deadline) {
            try {
                if (connection == null) {
                    connection = KafkaConnection.connect(broker, "restart-time-probe", 100);
                    if (listening < 0) {
                        listening = System.currentTimeMillis() - killedAtMs;
                    }
                }
                if (metadata < 0) {
                    Struct answer = connection.send(ApiKey.METADATA, (short) 12, MetadataParser.request(List.of(topic), false));
                    if (!namesEveryLeader(answer, partitions, brokerId)) {
                        throw new IOException("metadata without every leader yet: " + answer);
                    }
                    metadata = System.currentTimeMillis() - killedAtMs;
                }
                if (allReadable(connection, topic, partitions, records)) {
                    long serving = System.currentTimeMillis() - killedAtMs;
                    System.out.println("listening_ms=" + listening + " metadata_ms=" + metadata + " serving_ms=" + serving);
                    return;
                }
            } catch (IOException | RuntimeException notYet) {
                if (connection != null) {
                    try { connection.close(); } catch (IOException ignored) { }
                    connection = null;
                }
            }
            Thread.sleep(10);
        }
        System.out.println("listening_ms=" + listening + " metadata_ms=" + metadata + " serving_ms=timeout");
        System.exit(1);
    }

    static boolean namesEveryLeader(Struct answer, int partitions, int brokerId) {
        for (Struct t : answer.getStructs(MetadataResponse.TOPICS)) {
            if (t.get(MetadataResponse.Topics.ERROR_CODE) != 0
                    || t.getStructs(MetadataResponse.Topics.PARTITIONS).size() != partitions) {
                return false;
            }
            for (Struct p : t.getStructs(MetadataResponse.Topics.PARTITIONS)) {
                if (p.get(MetadataResponse.Topics.Partitions.ERROR_CODE) != 0
                        || p.get(MetadataResponse.Topics.Partitions.LEADER_ID) != brokerId) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    /** One Fetch from offset 0 of every partition: true when each returns an error-free batch reaching its last record. */
    static boolean allReadable(KafkaConnection connection, String topic, int partitions, int records) throws IOException {
        Struct request = ApiMessages.request(ApiKey.FETCH).newStruct().set(FetchRequest.REPLICA_ID, -1)
                .set(FetchRequest.MAX_WAIT_MS, 0).set(FetchRequest.MIN_BYTES, 0).set(FetchRequest.MAX_BYTES, 64 << 20)
                .set(FetchRequest.ISOLATION_LEVEL, (byte) 0).set(FetchRequest.SESSION_ID, 0)
                .set(FetchRequest.SESSION_EPOCH, -1);
        Struct t = request.addElement(FetchRequest.TOPICS).set(FetchRequest.Topics.TOPIC, topic);
        for (int p = 0; p < partitions; p++) {
            t.addElement(FetchRequest.Topics.PARTITIONS).set(FetchRequest.Topics.Partitions.PARTITION, p)
                    .set(FetchRequest.Topics.Partitions.FETCH_OFFSET, 0L)
                    .set(FetchRequest.Topics.Partitions.PARTITION_MAX_BYTES, 1 << 20);
        }
        Struct response = connection.send(ApiKey.FETCH, (short) 12, request);
        int complete = 0;
        for (Struct topicData : response.getStructs(FetchResponse.RESPONSES)) {
            for (Struct p : topicData.getStructs(FetchResponse.Responses.PARTITIONS)) {
                Records fetched = p.get(FetchResponse.Responses.Partitions.RECORDS);
                if (p.get(FetchResponse.Responses.Partitions.ERROR_CODE) != 0 || !(fetched instanceof MemoryRecords memory)) {
                    continue;
                }
                long last = -1;
                for (RecordBatch batch : memory.batches()) {
                    last = Math.max(last, batch.lastOffset());
                }
                if (last >= records - 1) {
                    complete++;
                }
            }
        }
        return complete == partitions;
    }
}
EOF
"$javac" -q -nowarn -cp "$classpath" -d "$work/probe" "$work/probe/RestartProbe.java" 2>/dev/null \
  || "$javac" -nowarn -cp "$classpath" -d "$work/probe" "$work/probe/RestartProbe.java"
probe() { "$java" -Xmx256m -cp "$work/probe:$classpath" RestartProbe "$@"; }

# ---- ZooKeeper and the broker, from bin/ ----
cat >"$work/zookeeper.properties" <<EOF
dataDir=$work/zookeeper
clientPort=$zk_port
clientPortAddress=127.0.0.1
maxClientCnxns=0
admin.enableServer=false
EOF
GREGOR_HEAP_OPTS="-Xmx256M" "$home/bin/zookeeper-server-start.sh" "$work/zookeeper.properties" >"$LOG_DIR/zookeeper.out" 2>&1 &
zk_pid=$!
for _ in $(seq 300); do port_open "$zk_port" && break; sleep 0.1; done
port_open "$zk_port" || { echo "ZooKeeper did not open port $zk_port; see $LOG_DIR/zookeeper.out" >&2; exit 1; }

cp "$home/config/server.properties" "$work/server.properties"
start_broker() { # starts the broker in the background (the start script execs the JVM, so $! is its PID)
  GREGOR_HEAP_OPTS="-Xmx1G" "$home/bin/gregor-server-start.sh" "$work/server.properties" \
    --override "broker.id=0" \
    --override "listeners=PLAINTEXT://127.0.0.1:$broker_port" \
    --override "log.dirs=$work/data" \
    --override "zookeeper.connect=127.0.0.1:$zk_port" \
    --override "zookeeper.session.timeout.ms=$session_ms" \
    >>"$LOG_DIR/broker.out" 2>&1 &
  broker_pid=$!
}

echo "Work dir $work; ZooKeeper 127.0.0.1:$zk_port, broker 0 on 127.0.0.1:$broker_port (session timeout $session_ms ms)"
start_broker
tools_env=(env GREGOR_HEAP_OPTS=-Xmx256M GREGOR_LOG_CONFIG="$home/config/logback-tools.xml")
for _ in $(seq 60); do
  "${tools_env[@]}" "$home/bin/gregor-topics.sh" --bootstrap-server "127.0.0.1:$broker_port" --list >/dev/null 2>&1 && break
  sleep 1
done
"${tools_env[@]}" "$home/bin/gregor-topics.sh" --bootstrap-server "127.0.0.1:$broker_port" --create --topic "$topic" \
  --partitions "$partitions" --replication-factor 1 >/dev/null
probe produce "$broker_port" "$topic" "$partitions" "$records"
echo "Topic $topic: $partitions partitions x $records records of 100 B, written with acks=all"

listening=() metadata=() serving=()
for run in $(seq "$runs"); do
  mkfifo "$work/go-$run"
  probe measure "$broker_port" "$topic" "$partitions" "$records" 0 <"$work/go-$run" >"$work/result-$run" &
  probe_pid=$!
  exec 4>"$work/go-$run"
  sleep 2 # the probe JVM starts and waits for the kill time; the broker serves meanwhile
  killed_at="$(now_ms)"
  kill -9 "$broker_pid"
  wait "$broker_pid" 2>/dev/null || true
  start_broker
  echo "run $run: killed at $killed_at, restarted at $(now_ms)" >>"$LOG_DIR/timeline"
  echo "$killed_at" >&4
  exec 4>&-
  wait "$probe_pid" || true
  probe_pid=""
  result="$(cat "$work/result-$run")"
  echo "run $run: $result"
  [[ "$result" =~ listening_ms=([0-9-]+)\ metadata_ms=([0-9-]+)\ serving_ms=([0-9]+) ]] \
    || { echo "run $run did not get every partition back within 120 s; broker log: $LOG_DIR/broker.out" >&2; exit 1; }
  listening+=("${BASH_REMATCH[1]}") metadata+=("${BASH_REMATCH[2]}") serving+=("${BASH_REMATCH[3]}")
  # let the broker settle before the next kill (it serves, so it is ready)
done

median() { printf '%s\n' "$@" | sort -n | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : int((v[NR/2]+v[NR/2+1])/2)}'; }
echo
echo "kill -9 + immediate restart, 1 broker, $partitions partitions, $runs runs (ms after the kill, median):"
echo "  port accepting again:                  $(median "${listening[@]}")"
echo "  Metadata names it leader of all:       $(median "${metadata[@]}")"
echo "  every partition's data readable:       $(median "${serving[@]}")"
