#!/usr/bin/env bash
# TLS throughput of one Gregor broker: produce and consume over its SSL listener (client
# certificates required) with the OpenSSL engine (netty-tcnative-boringssl-static) and with the
# JDK engine, and over PLAINTEXT as the baseline, with Gregor's perf tools
# (gregor-producer-perf-test.sh, gregor-consumer-perf-test.sh). A bench, not a test.
#
# Usage: bench/tls.sh [--records N] [--record-size BYTES]   (defaults 500000 and 1000)
#
# Needs the Gregor build (`mvn -B -DskipTests package`) and the JDK's keytool (a throwaway CA and
# certificates are made in the work dir). Binds 127.0.0.1 on free ports; every process it starts
# is stopped by its PID on exit. Note: Gregor's client tools do TLS with the JDK (SSLSocket) in every
# row; the engine switched is the broker's (system property gregor.ssl.engine).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib.sh
source "$root/bench/lib.sh"
records=500000
size=1000
while [[ $# -gt 0 ]]; do
  case "$1" in
    --records) records="$2"; shift ;;
    --record-size) size="$2"; shift ;;
    -h|--help) sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "Unknown option: $1" >&2; exit 1 ;;
  esac
  shift
done
[[ "$records" =~ ^[1-9][0-9]*$ && "$size" =~ ^[1-9][0-9]*$ ]] || { echo "--records and --record-size need positive numbers" >&2; exit 1; }

work="$(mktemp -d -t gregor-tls-bench-XXXXXX)"
export LOG_DIR="$work/logs"
export GREGOR_LOG_CONFIG="$root/config/logback-tools.xml"
mkdir -p "$LOG_DIR"
stop() { [[ -f "$LOG_DIR/$1.pid" ]] && STOP_TIMEOUT_SECONDS=30 "$root/bin/gregor-stop-pid.sh" "$1" >/dev/null 2>&1 || true; }
cleanup() { stop server-broker; stop zookeeper; rm -rf "$work"; }
trap cleanup EXIT

pw=bench-secret
certs="$work/certs"
bench_certs "$certs" "$pw"
ssl_keys() { bench_ssl_keys "$certs" "$pw" "$1"; } # $1: keystore owner
{ echo "security.protocol=SSL"; ssl_keys client; } > "$work/client-ssl.properties"
echo "security.protocol=PLAINTEXT" > "$work/client-plain.properties"

zk_port="$(free_port)"
printf 'dataDir=%s\nclientPort=%s\nadmin.enableServer=false\n' "$work/zk" "$zk_port" > "$work/zookeeper.properties"
GREGOR_HEAP_OPTS="-Xmx256M" "$root/bin/zookeeper-server-start.sh" -daemon "$work/zookeeper.properties"
wait_for 30 port_open "$zk_port" || { echo "ZooKeeper did not start" >&2; exit 1; }

plain_port="$(free_port)"; ssl_port="$(free_port)"
{ echo "broker.id=0"; echo "zookeeper.connect=127.0.0.1:$zk_port"
  echo "listeners=PLAINTEXT://127.0.0.1:$plain_port,SSL://127.0.0.1:$ssl_port"
  echo "inter.broker.listener.name=PLAINTEXT"; echo "ssl.client.auth=required"
  echo "offsets.topic.replication.factor=1"; ssl_keys broker; } > "$work/broker.properties"

results=()
run_case() { # $1 label, $2 engine, $3 port, $4 client config
  local label="$1" engine="$2" port="$3" config="$4" topic="bench-$RANDOM"
  rm -rf "$work/data"
  GREGOR_HEAP_OPTS="-Xmx1G -Xms1G" GREGOR_OPTS="-Dgregor.ssl.engine=$engine" \
    "$root/bin/gregor-server-start.sh" -daemon "$work/broker.properties" --override "log.dirs=$work/data"
  wait_for 60 "$root/bin/gregor-topics.sh" --bootstrap-server "127.0.0.1:$plain_port" --list >/dev/null 2>&1 \
    || { echo "the broker did not start; see $LOG_DIR" >&2; exit 1; }
  "$root/bin/gregor-topics.sh" --bootstrap-server "127.0.0.1:$plain_port" --create --topic "$topic" --partitions 1 >/dev/null
  local produced consumed
  produced="$(GREGOR_HEAP_OPTS=-Xmx512M "$root/bin/gregor-producer-perf-test.sh" --topic "$topic" --num-records "$records" \
    --record-size "$size" --throughput -1 --producer.config "$config" \
    --producer-props "bootstrap.servers=127.0.0.1:$port" acks=1 | tail -1)"
  consumed="$(GREGOR_HEAP_OPTS=-Xmx512M "$root/bin/gregor-consumer-perf-test.sh" --bootstrap-server "127.0.0.1:$port" \
    --topic "$topic" --messages "$records" --consumer.config "$config" | tail -1)"
  local p_mb c_mb
  p_mb="$(sed -n 's/.*records\/sec (\([0-9.]*\) MB\/sec).*/\1/p' <<<"$produced")"
  c_mb="$(awk -F', *' '{print $4}' <<<"$consumed")"
  results+=("| $label | $p_mb | $c_mb |")
  stop server-broker
}
run_case "PLAINTEXT (zero-copy fetch)" auto "$plain_port" "$work/client-plain.properties"
run_case "SSL, OpenSSL engine" openssl "$ssl_port" "$work/client-ssl.properties"
run_case "SSL, JDK engine" jdk "$ssl_port" "$work/client-ssl.properties"

echo "Gregor TLS throughput, $records records of $size bytes, 1 partition, acks=1, $(date -u +%Y-%m-%d), $(nproc) cores"
echo "| listener | produce MB/s | consume MB/s |"
echo "|---|---|---|"
printf '%s\n' "${results[@]}"
