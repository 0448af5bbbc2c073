#!/usr/bin/env bash
# Brings up ZooKeeper and a cluster of three Gregor brokers on 127.0.0.1, creates a topic replicated
# three times (min.insync.replicas=2), produces and consumes a few messages, prints the cluster as
# ZooKeeper sees it (controller, leaders, ISR), and says how to stop.
#
# With --secure the brokers speak only SASL_SSL (TLS, then SCRAM-SHA-512), also among themselves, with
# a throwaway CA and certificates made on the spot by the JDK's keytool, the ACL authorizer, a super
# user `admin` and a user `app` that may write, read and describe topics `app-*` and read groups
# `app-*`; it writes the client config files (admin.properties, app.properties, app-kcat.properties)
# into <work dir>/secure and prints commands that use them.
#
# Usage: gregor-quickstart.sh                 start (builds first if nothing is built)
#        gregor-quickstart.sh --secure        start with TLS, SCRAM and ACLs
#        gregor-quickstart.sh --stop|--down   stop the brokers and ZooKeeper it started (through their PID files)
# Ctrl-C while it starts stops what it has started.
# Environment:
#   GREGOR_QUICKSTART_DIR   work dir for configs, data, logs and PID files (default /tmp/gregor-quickstart)
#   GREGOR_ZOOKEEPER_PORT   ZooKeeper client port (default 2181)
#   GREGOR_BROKER_PORT      port of broker 0 (default 9092; PLAINTEXT, or SASL_SSL with --secure)
#   GREGOR_BROKER1_PORT     port of broker 1 (default 9093)
#   GREGOR_BROKER2_PORT     port of broker 2 (default 9094)
#   GREGOR_QUICKSTART_TOPIC topic to create (default quickstart-events; app-events with --secure)
set -euo pipefail

bin_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
base_dir="$(cd "$bin_dir/.." && pwd)"
work_dir="${GREGOR_QUICKSTART_DIR:-/tmp/gregor-quickstart}"
zk_port="${GREGOR_ZOOKEEPER_PORT:-2181}"
broker_ports=("${GREGOR_BROKER_PORT:-9092}" "${GREGOR_BROKER1_PORT:-9093}" "${GREGOR_BROKER2_PORT:-9094}")
secure=false
bootstrap="127.0.0.1:${broker_ports[0]},127.0.0.1:${broker_ports[1]},127.0.0.1:${broker_ports[2]}"
zookeeper="127.0.0.1:$zk_port"
# PID files and daemon logs of the started processes live in the work dir, not in <checkout>/logs.
export LOG_DIR="$work_dir/logs"

# Broker N runs from $work_dir/broker-N.properties, so its PID file is $LOG_DIR/server-broker-N.pid.
broker_props() { echo "$work_dir/broker-$1.properties"; }
broker_pid_file() { echo "$LOG_DIR/server-broker-$1.pid"; }
any_pid_file() {
  local id
  for id in 0 1 2; do [[ -f "$(broker_pid_file $id)" ]] && return 0; done
  [[ -f "$LOG_DIR/zookeeper.pid" ]]
}

stop_all() {
  local rc=0 id
  # one at a time, so each hands its leaderships to the others (controlled shutdown)
  for id in 2 1 0; do
    if [[ -f "$(broker_pid_file $id)" ]]; then "$bin_dir/gregor-server-stop.sh" "$(broker_props $id)" || rc=1; fi
  done
  if [[ -f "$LOG_DIR/zookeeper.pid" ]]; then "$bin_dir/zookeeper-server-stop.sh" || rc=1; fi
  return $rc
}

usage_error() {
  echo "$1" >&2
  echo "Usage: $0 [--secure] | --stop | --down | --help" >&2
  exit 1
}

if (($# > 1)); then usage_error "Too many arguments: $*"; fi
case "${1:-}" in
  --stop|--down)
    if ! any_pid_file; then
      echo "Nothing to stop: no PID files in $LOG_DIR"
      exit 0
    fi
    stop_all
    exit $? ;;
  -h|--help)
    sed -n '2,23p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
    exit 0 ;;
  --secure) secure=true ;;
  "") ;;
  *) usage_error "Unknown argument: $1" ;;
esac
if $secure; then
  topic="${GREGOR_QUICKSTART_TOPIC:-app-events}"
  if [[ "$topic" != app-* ]]; then usage_error "With --secure the topic must start with app- (the app user's prefix), got $topic"; fi
else
  topic="${GREGOR_QUICKSTART_TOPIC:-quickstart-events}"
fi

for name in zookeeper server-broker-0 server-broker-1 server-broker-2; do
  if [[ -f "$LOG_DIR/$name.pid" ]] && kill -0 "$(cat "$LOG_DIR/$name.pid")" 2>/dev/null; then
    echo "A quickstart $name is already running (PID $(cat "$LOG_DIR/$name.pid")); stop it first: $0 --stop" >&2
    exit 1
  fi
done

step() { printf '\n==> %s\n' "$*"; }

# Waits up to $1 seconds for the command in the remaining arguments to succeed.
wait_for() {
  local seconds="$1"; shift
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS >= deadline)); then return 1; fi
    sleep 1
  done
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

shopt -s nullglob
built=("$base_dir"/broker/target/gregor-broker-*.jar)
shopt -u nullglob
if [[ ${#built[@]} -eq 0 || ! -d "$base_dir/broker/target/lib" ]]; then
  step "Nothing is built yet: mvn -B -DskipTests package"
  (cd "$base_dir" && mvn -B -q -DskipTests package)
fi

for port in "$zk_port" "${broker_ports[@]}"; do
  if port_open "$port"; then
    echo "Port $port on 127.0.0.1 is already in use; choose others with GREGOR_ZOOKEEPER_PORT / GREGOR_BROKER_PORT / GREGOR_BROKER1_PORT / GREGOR_BROKER2_PORT" >&2
    exit 1
  fi
done

mkdir -p "$work_dir" "$LOG_DIR"
started=false
on_failure() {
  echo >&2
  echo "The quickstart failed. Logs: $LOG_DIR/zookeeper.out, $LOG_DIR/server-broker-N.out and .log" >&2
  if $started; then
    echo "Stopping what it started..." >&2
    stop_all || true
  fi
}
on_interrupt() {
  trap - ERR INT TERM
  echo >&2
  echo "Interrupted." >&2
  if $started; then
    echo "Stopping what it started..." >&2
    stop_all || true
  fi
  exit 130
}
trap on_failure ERR
trap on_interrupt INT TERM

tools_log_config="${GREGOR_LOG_CONFIG:-$base_dir/config/logback-tools.xml}"
secure_dir="$work_dir/secure"
# Client settings of the tools below: none, or the admin's config file with --secure.
admin_opts=()
app_producer_opts=()
app_consumer_opts=()
if $secure; then
  step "Making a throwaway CA and a broker certificate for 127.0.0.1/localhost with keytool (in $secure_dir)"
  command -v keytool >/dev/null || { echo "keytool (from the JDK) is not on the PATH" >&2; false; }
  rm -rf "$secure_dir"
  mkdir -p "$secure_dir"
  chmod 700 "$secure_dir"
  umask 077
  secret() { tr -dc 'A-Za-z0-9' </dev/urandom | head -c 20 || true; }
  store_pw="$(secret)"
  broker_pw="$(secret)"
  admin_pw="$(secret)"
  app_pw="$(secret)"
  kt() {
    local out
    if ! out="$(keytool "$@" 2>&1)"; then echo "keytool $1 failed: $out" >&2; return 1; fi
  }
  kt -genkeypair -alias ca -dname "CN=Gregor quickstart CA" -ext bc:c -keyalg RSA -keysize 2048 -validity 30 \
    -keystore "$secure_dir/ca.p12" -storetype PKCS12 -storepass "$store_pw"
  kt -exportcert -rfc -alias ca -keystore "$secure_dir/ca.p12" -storepass "$store_pw" -file "$secure_dir/ca.pem"
  kt -importcert -noprompt -alias ca -file "$secure_dir/ca.pem" -keystore "$secure_dir/truststore.p12" \
    -storetype PKCS12 -storepass "$store_pw"
  kt -genkeypair -alias broker -dname "CN=localhost,O=Gregor quickstart" -keyalg RSA -keysize 2048 -validity 30 \
    -keystore "$secure_dir/broker.p12" -storetype PKCS12 -storepass "$store_pw"
  kt -certreq -alias broker -keystore "$secure_dir/broker.p12" -storepass "$store_pw" -file "$secure_dir/broker.csr"
  kt -gencert -rfc -alias ca -keystore "$secure_dir/ca.p12" -storepass "$store_pw" -infile "$secure_dir/broker.csr" \
    -outfile "$secure_dir/broker.crt" -ext san=ip:127.0.0.1,dns:localhost -validity 30
  kt -importcert -noprompt -alias ca -file "$secure_dir/ca.pem" -keystore "$secure_dir/broker.p12" -storepass "$store_pw"
  kt -importcert -noprompt -alias broker -file "$secure_dir/broker.crt" -keystore "$secure_dir/broker.p12" -storepass "$store_pw"
  rm -f "$secure_dir/broker.csr"
  echo "CA certificate: $secure_dir/ca.pem; truststore: $secure_dir/truststore.p12; brokers' keystore: $secure_dir/broker.p12"

  jaas() { echo "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"$1\" password=\"$2\";"; }
  client_config() { # $1 user, $2 password
    cat <<EOF
security.protocol=SASL_SSL
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=$(jaas "$1" "$2")
ssl.truststore.type=PKCS12
ssl.truststore.location=$secure_dir/truststore.p12
ssl.truststore.password=$store_pw
EOF
  }
  client_config admin "$admin_pw" >"$secure_dir/admin.properties"
  client_config app "$app_pw" >"$secure_dir/app.properties"
  cat >"$secure_dir/app-kcat.properties" <<EOF
security.protocol=SASL_SSL
sasl.mechanisms=SCRAM-SHA-512
sasl.username=app
sasl.password=$app_pw
ssl.ca.location=$secure_dir/ca.pem
EOF
  printf 'broker=%s\nadmin=%s\napp=%s\n' "$broker_pw" "$admin_pw" "$app_pw" >"$secure_dir/users"
  admin_opts=(--command-config "$secure_dir/admin.properties")
  app_producer_opts=(--producer.config "$secure_dir/app.properties")
  app_consumer_opts=(--consumer.config "$secure_dir/app.properties" --group app-quickstart)
fi

step "Starting ZooKeeper on $zookeeper (data in $work_dir/zookeeper)"
cat >"$work_dir/zookeeper.properties" <<EOF
dataDir=$work_dir/zookeeper
clientPort=$zk_port
clientPortAddress=127.0.0.1
maxClientCnxns=0
admin.enableServer=false
EOF
started=true
GREGOR_HEAP_OPTS="${GREGOR_HEAP_OPTS:--Xmx256M}" "$bin_dir/zookeeper-server-start.sh" -daemon "$work_dir/zookeeper.properties"
if ! wait_for 30 port_open "$zk_port"; then
  echo "ZooKeeper did not open port $zk_port within 30 s" >&2
  false
fi

if $secure; then
  step "Writing the SCRAM-SHA-512 users broker, admin and app and the app's ACLs into ZooKeeper (before any broker starts)"
  GREGOR_HEAP_OPTS="${GREGOR_HEAP_OPTS:--Xmx256M}" GREGOR_LOG_CONFIG="$tools_log_config" \
    "$bin_dir/gregor-run-class.sh" io.gregor.coordination.tools.SecuritySeedCommand \
    --zookeeper "$zookeeper" --users-file "$secure_dir/users" \
    --allow-prefixed "User:app,Topic,app-,Write+Read+Describe" \
    --allow-prefixed "User:app,Group,app-,Read"
  rm -f "$secure_dir/users"
fi

for id in 0 1 2; do
  step "Starting Gregor broker $id on 127.0.0.1:${broker_ports[$id]} (logs in $work_dir/data-$id)"
  cp "$base_dir/config/server.properties" "$(broker_props $id)"
  listener="PLAINTEXT://127.0.0.1:${broker_ports[$id]}"
  if $secure; then
    listener="SASL_SSL://127.0.0.1:${broker_ports[$id]}"
    chmod 600 "$(broker_props $id)"
    # secrets go into the file (not onto the command line, where ps would show them)
    cat >>"$(broker_props $id)" <<EOF

# --- gregor-quickstart.sh --secure: only SASL_SSL, for clients and between brokers ---
security.inter.broker.protocol=SASL_SSL
ssl.keystore.type=PKCS12
ssl.keystore.location=$secure_dir/broker.p12
ssl.keystore.password=$store_pw
ssl.key.password=$store_pw
ssl.truststore.type=PKCS12
ssl.truststore.location=$secure_dir/truststore.p12
ssl.truststore.password=$store_pw
sasl.enabled.mechanisms=SCRAM-SHA-512
sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=$(jaas broker "$broker_pw")
authorizer.class.name=kafka.security.authorizer.AclAuthorizer
super.users=User:broker;User:admin
EOF
  fi
  GREGOR_HEAP_OPTS="${GREGOR_HEAP_OPTS:--Xmx512M}" "$bin_dir/gregor-server-start.sh" -daemon "$(broker_props $id)" \
    --override "broker.id=$id" \
    --override "listeners=$listener" \
    --override "log.dirs=$work_dir/data-$id" \
    --override "zookeeper.connect=$zookeeper" \
    --override "offsets.topic.replication.factor=3" \
    --override "default.replication.factor=3" \
    --override "controlled.shutdown.retry.backoff.ms=500"
done

export GREGOR_HEAP_OPTS="${GREGOR_HEAP_OPTS:--Xmx256M}"
export GREGOR_LOG_CONFIG="$tools_log_config"
for id in 0 1 2; do
  step "Waiting for broker $id to answer (bin/gregor-topics.sh --list, up to 60 s)"
  if ! wait_for 60 "$bin_dir/gregor-topics.sh" --bootstrap-server "127.0.0.1:${broker_ports[$id]}" ${admin_opts[@]+"${admin_opts[@]}"} --list; then
    echo "Broker $id did not answer on 127.0.0.1:${broker_ports[$id]} within 60 s" >&2
    false
  fi
done
echo "The three brokers are up."

admin_shown=""
$secure && admin_shown=" --command-config $secure_dir/admin.properties"
step "bin/gregor-topics.sh$admin_shown --create --topic $topic --partitions 3 --replication-factor 3 --config min.insync.replicas=2"
# retried: the controller may not have seen all three brokers yet (then the replication factor is refused)
if ! wait_for 30 "$bin_dir/gregor-topics.sh" --bootstrap-server "$bootstrap" ${admin_opts[@]+"${admin_opts[@]}"} --create --if-not-exists \
    --topic "$topic" --partitions 3 --replication-factor 3 --config min.insync.replicas=2; then
  "$bin_dir/gregor-topics.sh" --bootstrap-server "$bootstrap" ${admin_opts[@]+"${admin_opts[@]}"} --create --if-not-exists \
    --topic "$topic" --partitions 3 --replication-factor 3 --config min.insync.replicas=2
fi
echo "Created topic $topic."
"$bin_dir/gregor-topics.sh" --bootstrap-server "$bootstrap" ${admin_opts[@]+"${admin_opts[@]}"} --describe --topic "$topic"

app_shown=""
$secure && app_shown=" (as user app, --producer.config $secure_dir/app.properties)"
step "bin/gregor-console-producer.sh$app_shown: five keyed messages"
messages=$'user-1:signed up\nuser-2:signed up\nuser-1:placed order 17\nuser-3:signed up\nuser-2:placed order 18'
printf '%s\n' "$messages"
printf '%s\n' "$messages" | "$bin_dir/gregor-console-producer.sh" --bootstrap-server "$bootstrap" \
  ${app_producer_opts[@]+"${app_producer_opts[@]}"} --topic "$topic" --property parse.key=true --property key.separator=:

$secure && app_shown=" (as user app in group app-quickstart, --consumer.config $secure_dir/app.properties)"
step "bin/gregor-console-consumer.sh$app_shown --from-beginning --max-messages 5"
"$bin_dir/gregor-console-consumer.sh" --bootstrap-server "$bootstrap" ${app_consumer_opts[@]+"${app_consumer_opts[@]}"} \
  --topic "$topic" --from-beginning --max-messages 5 --timeout-ms 30000 --property print.key=true --property key.separator=": "

step "bin/gregor-cluster.sh --zookeeper $zookeeper"
"$bin_dir/gregor-cluster.sh" --zookeeper "$zookeeper"
trap - ERR INT TERM

stop_cmd="$0 --stop"
[[ "$work_dir" != /tmp/gregor-quickstart ]] && stop_cmd="GREGOR_QUICKSTART_DIR=$work_dir $stop_cmd"
if $secure; then
  cat <<EOF

Gregor is running with TLS and SCRAM: brokers $bootstrap (SASL_SSL only, SCRAM-SHA-512), ZooKeeper $zookeeper
(work dir $work_dir; certificates, keystores and client configs in $secure_dir; throwaway, remade on each --secure start).
Users (their passwords are in the config files):
  admin  super user:        $secure_dir/admin.properties
  app    topics app-* (Write, Read, Describe), groups app-* (Read):
                            $secure_dir/app.properties (Java clients and Gregor's tools)
                            $secure_dir/app-kcat.properties (kcat/librdkafka, -F)
The app's config, as the Apache Java client and Gregor's clients take it:
$(sed -e 's/password="[^"]*"/password="..."/' -e 's/^\(ssl.truststore.password=\).*/\1.../' "$secure_dir/app.properties" | sed 's/^/  /')
Try:
  printf 'k1:hello\n' | $bin_dir/gregor-console-producer.sh --bootstrap-server $bootstrap --producer.config $secure_dir/app.properties --topic $topic --property parse.key=true --property key.separator=:
  $bin_dir/gregor-console-consumer.sh --bootstrap-server $bootstrap --consumer.config $secure_dir/app.properties --group app-demo --topic $topic --from-beginning --property print.key=true
  kcat -F $secure_dir/app-kcat.properties -b $bootstrap -C -t $topic -o beginning -e
  $bin_dir/gregor-topics.sh --bootstrap-server $bootstrap --command-config $secure_dir/admin.properties --describe
The app user may not touch other topics (TOPIC_AUTHORIZATION_FAILED):
  echo nope | $bin_dir/gregor-console-producer.sh --bootstrap-server $bootstrap --producer.config $secure_dir/app.properties --topic other-events
To stop everything:
  $stop_cmd
EOF
else
  cat <<EOF

Gregor is running: brokers $bootstrap, ZooKeeper $zookeeper (work dir $work_dir).
Try:
  $bin_dir/gregor-console-consumer.sh --bootstrap-server $bootstrap --topic $topic --from-beginning --property print.key=true
  $bin_dir/gregor-topics.sh --bootstrap-server $bootstrap --describe --under-replicated-partitions
To stop everything:
  $stop_cmd
or one at a time (the PID files are in $LOG_DIR; a broker hands its leaderships away before it stops):
  LOG_DIR=$LOG_DIR $bin_dir/gregor-server-stop.sh $(broker_props 1)
  LOG_DIR=$LOG_DIR $bin_dir/zookeeper-server-stop.sh
EOF
fi
