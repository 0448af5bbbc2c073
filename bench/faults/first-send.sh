#!/usr/bin/env bash
# The first send to a new topic, against a cluster started a moment before: N times, start
# ZooKeeper and three brokers from bin/ (127.0.0.1, free ports, a fresh work dir), wait only until
# the three broker ports accept connections, then run the client(s) against broker 0 and count the
# runs in which a client failed. The clients, each on a topic of its own that auto-creation makes:
#   python  the classic kafka-python program: KafkaProducer with default settings (retries=0),
#           ten "Hello World! This is message i" to mytopic, waiting on each future
#   java    the Apache Java client's producer with its defaults, the same ten records
#   kcat    kcat -P (librdkafka defaults), the same ten records
# Stops what it started, by PID, after each run.
#
# Usage: bench/faults/first-send.sh [-n N] [--client python|java|kcat|all] [--keep] [--help]
#   -n N        runs (default 50)
#   --client    which client(s) to run in each run (default python)
#   --keep      keep the work dirs of failed runs (configs and broker logs)
# Environment: GREGOR_HOME  the checkout whose bin/ and build to run (default: this one; built with
#                           mvn -B -DskipTests package)
#              JAVA_HOME    the JDK for the Java client (default: java on the PATH)
# Needs: /usr/bin/python3 with Debian's python3-kafka (python), kcat (kcat):
#        apt-get install -y python3-kafka kcat. The Java client's jars come from Maven Central into
#        bench/target/kafka-lib, as for bench/compare.sh.
set -euo pipefail

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../lib.sh
source "$script_dir/../lib.sh"
home="${GREGOR_HOME:-$(cd "$script_dir/../.." && pwd)}"
root="$(cd "$script_dir/../.." && pwd)"
runs=50 client=python keep=false

usage() { sed -n '2,21p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    -n) runs="${2:?-n needs a value}"; shift 2 ;;
    --client) client="${2:?--client needs a value}"; shift 2 ;;
    --keep) keep=true; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "Unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
done
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || { echo "Not a positive number of runs: $runs" >&2; usage >&2; exit 2; }
case "$client" in
  python) clients=(python) ;;
  java) clients=(java) ;;
  kcat) clients=(kcat) ;;
  all) clients=(python java kcat) ;;
  *) echo "Unknown client: $client" >&2; usage >&2; exit 2 ;;
esac

broker_classpath "$home" >/dev/null # exits when not built
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
javac="${JAVA_HOME:+$JAVA_HOME/bin/}javac"

base="$(mktemp -d /tmp/gregor-first-send.XXXXXX)"
pids=()
stop_all() { # SIGTERM to every process still running, SIGKILL after 20 s; by PID only
  local pid waited=0
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    while kill -0 "$pid" 2>/dev/null && ((waited < 200)); do sleep 0.1; waited=$((waited + 1)); done
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  pids=()
}
cleanup() {
  stop_all
  if $keep; then echo "Work dirs of failed runs kept under $base"; else rm -rf "$base"; fi
}
trap cleanup EXIT


# ---- the clients ----
for c in "${clients[@]}"; do
  case "$c" in
    python)
      if ! /usr/bin/python3 -c 'import kafka' 2>/dev/null; then
        echo "/usr/bin/python3 cannot import kafka: apt-get install -y python3-kafka" >&2; exit 1
      fi ;;
    kcat)
      command -v kcat >/dev/null || { echo "kcat is not installed: apt-get install -y kcat" >&2; exit 1; } ;;
    java)
      kafka_lib="$root/bench/target/kafka-lib"
      if ! compgen -G "$kafka_lib/kafka-clients-*.jar" >/dev/null; then
        echo "Fetching the Apache Kafka client jars into $kafka_lib (Maven)"
        mvn -B -q -f "$root/bench/kafka/pom.xml" dependency:copy-dependencies >/dev/null
      fi
      mkdir -p "$base/java"
      cat >"$base/java/FirstSend.java" <<'EOF'
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** The Apache Java producer with its defaults: ten records to a new topic, waiting on each. */
public class FirstSend {
    public static void main(String[] args) throws Exception {
        Properties props = new Properties();
        props.put("bootstrap.servers", args[0]);
        props.put("key.serializer", StringSerializer.class.getName());
        props.put("value.serializer", StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>(args[1], "Hello World! This is message " + i)).get();
            }
        }
    }
}
EOF
      "$javac" -nowarn -cp "$kafka_lib/*" -d "$base/java" "$base/java/FirstSend.java" ;;
  esac
done
cat >"$base/first_send.py" <<'EOF'
import logging, sys
from kafka import KafkaProducer

logging.basicConfig(level=logging.DEBUG if len(sys.argv) > 3 else logging.WARNING,
                    format='%(asctime)s %(levelname)s %(name)s %(message)s')

producer = KafkaProducer(bootstrap_servers=sys.argv[1])
for i in range(10):
    future = producer.send(sys.argv[2], ('Hello World! This is message %d' % i).encode('utf-8'))
    future.get(timeout=60)
producer.close()
EOF

# Runs one client against $1 (bootstrap) in work dir $2; returns its exit status, output in $2/<client>.out.
run_client() {
  local c="$1" bootstrap="$2" dir="$3"
  case "$c" in
    python) timeout 120 /usr/bin/python3 "$base/first_send.py" "$bootstrap" mytopic ${FIRST_SEND_DEBUG:+debug} \
              >"$dir/python.out" 2>&1 ;;
    java) timeout 180 "$java" -Xmx256m -cp "$base/java:$kafka_lib/*" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
            FirstSend "$bootstrap" java-first-send >"$dir/java.out" 2>&1 ;;
    kcat) for i in $(seq 0 9); do echo "Hello World! This is message $i"; done \
            | timeout 120 kcat -P -b "$bootstrap" -t kcat-first-send >"$dir/kcat.out" 2>&1 \
          && ! grep -qi 'fail\|error' "$dir/kcat.out" ;;
  esac
}

declare -A failures=()
for c in "${clients[@]}"; do failures[$c]=0; done
echo "first send to a new topic, $runs runs, client(s): ${clients[*]} (work dirs under $base)"
for run in $(seq "$runs"); do
  dir="$base/run-$run"
  mkdir -p "$dir/logs"
  zk_port="$(free_port)"
  ports=("$(free_port)" "$(free_port)" "$(free_port)")
  cat >"$dir/zookeeper.properties" <<EOF
dataDir=$dir/zookeeper
clientPort=$zk_port
clientPortAddress=127.0.0.1
maxClientCnxns=0
admin.enableServer=false
EOF
  LOG_DIR="$dir/logs" GREGOR_HEAP_OPTS="-Xmx256M" "$home/bin/zookeeper-server-start.sh" "$dir/zookeeper.properties" \
    >"$dir/logs/zookeeper.out" 2>&1 &
  pids+=($!)
  for _ in $(seq 300); do port_open "$zk_port" && break; sleep 0.05; done
  for id in 0 1 2; do
    LOG_DIR="$dir/logs" GREGOR_HEAP_OPTS="-Xmx512M" "$home/bin/gregor-server-start.sh" "$home/config/server.properties" \
      --override "broker.id=$id" --override "listeners=PLAINTEXT://127.0.0.1:${ports[$id]}" \
      --override "log.dirs=$dir/data-$id" --override "zookeeper.connect=127.0.0.1:$zk_port" \
      >"$dir/logs/broker-$id.out" 2>&1 &
    pids+=($!)
  done
  for id in 0 1 2; do
    for _ in $(seq 1200); do port_open "${ports[$id]}" && break; sleep 0.02; done
  done
  failed=()
  for c in "${clients[@]}"; do
    if ! run_client "$c" "127.0.0.1:${ports[0]}" "$dir"; then
      failed+=("$c")
      failures[$c]=$((failures[$c] + 1))
    fi
  done
  stop_all
  if [[ ${#failed[@]} -eq 0 ]]; then
    echo "run $run: ok"
    rm -rf "$dir"
  else
    for c in "${failed[@]}"; do
      echo "run $run: $c FAILED: $(grep -v '^\s*$' "$dir/$c.out" | tail -1)"
    done
    $keep || rm -rf "$dir"
  fi
done

echo
total=0
for c in "${clients[@]}"; do
  echo "$c: ${failures[$c]} of $runs runs failed"
  total=$((total + failures[$c]))
done
[[ $total -eq 0 ]]
