#!/usr/bin/env bash
# Runs a Java main class with the classpath of this checkout's build
# (broker/target/*.jar + broker/target/lib/*.jar, and the console's console/target/*.jar, whose
# dependencies are the broker's too; made by `mvn -B -DskipTests package`).
#
# Usage: gregor-run-class.sh [-daemon] [-name NAME] CLASS [ARGS...]
#   -daemon  detach (nohup); stdout/stderr go to $LOG_DIR/NAME.out, the PID to $LOG_DIR/NAME.pid
#   -name    the name used for the log and PID files (default: gregor)
# Environment: JAVA_HOME, GREGOR_HEAP_OPTS, GREGOR_OPTS, LOG_DIR (default <checkout>/logs),
#              GREGOR_LOG_CONFIG (default <checkout>/config/logback.xml)
set -euo pipefail

base_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
daemon=false
name=gregor
while [[ $# -gt 0 ]]; do
  case "$1" in
    -daemon) daemon=true; shift ;;
    -name) name="$2"; shift 2 ;;
    *) break ;;
  esac
done
if [[ $# -lt 1 ]]; then
  echo "USAGE: $0 [-daemon] [-name NAME] CLASS [ARGS...]" >&2
  exit 1
fi

shopt -s nullglob
jars=("$base_dir"/broker/target/gregor-broker-*.jar "$base_dir"/broker/target/lib/*.jar
      "$base_dir"/console/target/gregor-console-*.jar)
shopt -u nullglob
main_jars=()
for j in "${jars[@]}"; do
  case "$j" in *-tests.jar|*-sources.jar) ;; *) main_jars+=("$j") ;; esac
done
if [[ ${#main_jars[@]} -eq 0 || ! -d "$base_dir/broker/target/lib" ]]; then
  echo "Gregor is not built: run 'mvn -B -DskipTests package' in $base_dir first." >&2
  exit 1
fi
classpath="$(IFS=:; echo "${main_jars[*]}")"

if [[ -n "${JAVA_HOME:-}" ]]; then java="$JAVA_HOME/bin/java"; else java=java; fi
log_dir="${LOG_DIR:-$base_dir/logs}"
mkdir -p "$log_dir"
log_config="${GREGOR_LOG_CONFIG:-$base_dir/config/logback.xml}"
appender=CONSOLE
$daemon && appender=FILE
heap_opts="${GREGOR_HEAP_OPTS:--Xmx1G -Xms1G}"

# shellcheck disable=SC2206
cmd=("$java" $heap_opts ${GREGOR_OPTS:-} -Dlogback.configurationFile="$log_config"
     -Dgregor.logs.dir="$log_dir" -Dgregor.log.name="$name" -Dgregor.log.appender="$appender"
     -Dzookeeper.admin.enableServer=false -cp "$classpath" "$@")

if $daemon; then
  pid_file="$log_dir/$name.pid"
  if [[ -f "$pid_file" ]] && kill -0 "$(cat "$pid_file")" 2>/dev/null; then
    echo "$name is already running with PID $(cat "$pid_file") ($pid_file)" >&2
    exit 1
  fi
  nohup "${cmd[@]}" >"$log_dir/$name.out" 2>&1 </dev/null &
  echo $! >"$pid_file"
  echo "Started $name (PID $!); logs in $log_dir/$name.log and $log_dir/$name.out"
else
  exec "${cmd[@]}"
fi
