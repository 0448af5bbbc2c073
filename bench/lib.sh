# Shared helpers of the bench and fault scripts; sourced, never run. Every helper acts only on
# processes and ports the calling script started or picked itself.

# A free TCP port on 127.0.0.1 (the kernel's pick; the caller binds it soon after).
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

# True when something accepts connections on 127.0.0.1:<port>.
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# wait_for <seconds> <command...>: polls the command every 0.5 s until it succeeds; false at the deadline.
wait_for() {
  local seconds="$1"; shift
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do ((SECONDS < deadline)) || return 1; sleep 0.5; done
}

# stop_pid <pid> [grace seconds, default 20]: SIGTERM to one process we started, SIGKILL after the grace.
stop_pid() {
  local pid="$1" grace="${2:-20}"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 0
  kill "$pid" 2>/dev/null || true
  local tenths=$((grace * 10))
  for _ in $(seq "$tenths"); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
}

# require_positive <usage function> <value>...: exits 2 with the usage when a value is not a positive integer.
require_positive() {
  local usage_fn="$1"; shift
  local n
  for n in "$@"; do
    [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "Not a positive number: $n" >&2; "$usage_fn" >&2; exit 2; }
  done
}

# broker_classpath <gregor home>: prints the broker's classpath, or exits 1 saying how to build it.
broker_classpath() {
  local home="$1" jars
  shopt -s nullglob
  jars=("$home"/broker/target/gregor-broker-*.jar)
  shopt -u nullglob
  if [[ ${#jars[@]} -eq 0 || ! -d "$home/broker/target/lib" ]]; then
    echo "$home is not built: run (cd $home && mvn -B -DskipTests package)" >&2
    exit 1
  fi
  echo "${jars[0]}:$home/broker/target/lib/*"
}

# bench_certs <dir> <password>: a throwaway CA (JDK keytool) and, signed by it for 127.0.0.1 and
# localhost, the PKCS12 keystores <dir>/broker.p12 and <dir>/client.p12 (key and chain) and the
# truststore <dir>/truststore.p12; false, naming the keytool step, when one fails.
bench_certs() {
  local certs="$1" pw="$2" who
  mkdir -p "$certs"
  _bench_keytool -genkeypair -alias ca -dname "CN=bench-ca" -ext bc:c -keyalg RSA -keysize 2048 -validity 2 \
     -keystore "$certs/ca.p12" -storetype PKCS12 -storepass "$pw" || return 1
  _bench_keytool -exportcert -rfc -alias ca -keystore "$certs/ca.p12" -storepass "$pw" -file "$certs/ca.pem" || return 1
  _bench_keytool -importcert -noprompt -alias ca -file "$certs/ca.pem" -keystore "$certs/truststore.p12" -storetype PKCS12 \
     -storepass "$pw" || return 1
  for who in broker client; do
    _bench_keytool -genkeypair -alias "$who" -dname "CN=$who,O=bench" -keyalg RSA -keysize 2048 -validity 2 \
       -keystore "$certs/$who.p12" -storetype PKCS12 -storepass "$pw" || return 1
    _bench_keytool -certreq -alias "$who" -keystore "$certs/$who.p12" -storepass "$pw" -file "$certs/$who.csr" || return 1
    _bench_keytool -gencert -rfc -alias ca -keystore "$certs/ca.p12" -storepass "$pw" -infile "$certs/$who.csr" \
       -outfile "$certs/$who.crt" -ext san=ip:127.0.0.1,dns:localhost -validity 2 || return 1
    _bench_keytool -importcert -noprompt -alias ca -file "$certs/ca.pem" -keystore "$certs/$who.p12" -storepass "$pw" || return 1
    _bench_keytool -importcert -noprompt -alias "$who" -file "$certs/$who.crt" -keystore "$certs/$who.p12" \
       -storepass "$pw" || return 1
  done
}
_bench_keytool() { keytool "$@" >/dev/null 2>&1 || { echo "keytool $1 failed" >&2; return 1; }; }

# bench_ssl_keys <dir> <password> <owner>: the ssl.keystore.* and ssl.truststore.* lines (one a line) for
# <dir>/<owner>.p12 and <dir>/truststore.p12 as bench_certs made them.
bench_ssl_keys() {
  printf '%s\n' "ssl.keystore.type=PKCS12" "ssl.keystore.location=$1/$3.p12" "ssl.keystore.password=$2" \
    "ssl.key.password=$2" "ssl.truststore.type=PKCS12" "ssl.truststore.location=$1/truststore.p12" \
    "ssl.truststore.password=$2"
}
