# The bigscale case group of bench/compare.sh (issue 16): one topic of 10,000+ partitions on a fresh
# 3-broker cluster per size. Sourced by compare.sh, never run: it uses compare.sh's helpers and
# globals (sys, run, cdir, bootstrap, broker_pid, record, probe helpers, start_cluster/start_broker).

# Each step is bounded by --step-limit: a step that does not finish in time is recorded at the limit
# (">=" in the raw figures, "≥" in the table). After a step fails or hits the limit, the later steps
# of that size are recorded "not-run": each starts from the cluster the step before left. What went
# wrong (a probe's last word, a broker's last error lines) goes to the log and to meta.md.

# big_run OUT PROBE-ARGS...: runs ClusterProbe (Admin request timeout 15 s: a describe of 30,000
# partitions takes seconds on a busy broker) with its output in OUT and sets big_status to its exit status,
# or to 5 when a broker the probe did not stop itself dies meanwhile (it is not waited for to the limit:
# at 30,000 partitions a broker may die of the open-file or memory-map limit while the probe still polls).
big_run() {
  local out="$1" pid id victim
  shift
  # the command itself, not a function, so that its PID is timeout's, which passes a SIGTERM on to the JVM
  spawn "$out" timeout $(( step_limit + 120 )) "$java" -Xmx512M -Dprobe.pollTimeoutMs=15000 \
    -Dlog4j.configuration="file:$root/bench/kafka/tools-log4j.properties" -cp "$classes:$kafka_lib/*" ClusterProbe "$@"
  pid=$spawned_pid
  big_status=""
  while kill -0 "$pid" 2>/dev/null; do
    victim=$(awk '$1 == "victim" {print $2}' "$out" 2>/dev/null)
    for id in "${!broker_pid[@]}"; do
      [[ "$id" == "$victim" ]] && continue
      if ! kill -0 "${broker_pid[$id]}" 2>/dev/null; then
        log "  broker $id died while ClusterProbe $1 ran; stopping the probe"
        kill -TERM "$pid" 2>/dev/null || true
        big_status=5
        break 2
      fi
    done
    sleep 1
  done
  if [[ -z "$big_status" ]]; then
    big_status=0
    wait "$pid" 2>/dev/null || big_status=$?
    unset 'running[$pid]'
  else
    reap "$pid"
  fi
}
if [[ -n "${JAVA_HOME:-}" ]]; then jcmd="$JAVA_HOME/bin/jcmd"; else jcmd=jcmd; fi

# big_note TEXT: one line for the log and the notes under the table.
big_note() {
  log "  NOTE: $*"
  echo "- $sys run $run, $(big_thousands "$big_n") partitions: $*" >>"$work/bigscale-notes.md"
}
big_thousands() { sed -E ':a; s/([0-9])([0-9]{3})($|,)/\1,\2\3/; ta' <<<"$1"; }

# big_row NAME|UNIT VALUE: records one row of the current size.
big_row() { record "$sys" "$big_label: ${1%|*}" "${1##*|}" "$2"; }

# big_step FUNCTION ROW...: runs the step unless an earlier step of this size left no usable cluster,
# in which case its rows are recorded as not run. The step records its own rows (a figure, ">=LIMIT"
# or "failed") and returns non-zero when the cluster is not fit for the next step.
big_step() {
  local fn="$1" row; shift
  if $big_ok; then
    "$fn" || big_ok=false
    return 0
  fi
  for row in "$@"; do big_row "$row" not-run; done
}

# big_outcome STATUS OUT ROW KEY: records the probe figure KEY of OUT as ROW, ">=limit" when the probe's
# deadline passed (status 3, or 124 from timeout), "failed" otherwise; false unless the figure is there.
big_outcome() {
  local status="$1" out="$2" row="$3" key="$4" v
  v=$(awk -v k="$key" '$1 == k {print $2}' "$out")
  if [[ -n "$v" ]]; then big_row "$row" "$v"; return 0; fi
  if [[ $status -eq 5 ]]; then
    big_row "$row" failed
    step_failed "$big_label: ${row%|*}: a broker died (see $cdir/broker-*.out)"
    big_alive
  elif [[ $status -eq 3 || $status -eq 124 ]]; then
    big_row "$row" ">=$(( step_limit * 1000 ))"
    big_note "${row%|*}: not done within the ${step_limit} s limit ($(tail -1 "$out" | cut -c1-300))"
  else
    big_row "$row" failed
    step_failed "$big_label: ${row%|*} (see $out)"; tail -5 "$out" >&2
    big_note "${row%|*}: failed ($(grep -v '^\s*at ' "$out" | tail -1 | cut -c1-300))"
  fi
  return 1
}

# The log lines of a broker that hit a system limit: open files, memory mappings, memory.
big_limit_pattern='Too many open files|Map failed|OutOfMemoryError|Cannot allocate memory|max_map_count'
big_logs() { cat "$cdir/broker-$1.out" "$cdir/logs-$1"/*.log 2>/dev/null; }

# big_alive: true when every broker of broker_pid runs; for one that died, notes the first line naming a
# system limit (if any) and its last error line.
big_alive() {
  local id ok=0 why
  for id in "${!broker_pid[@]}"; do
    kill -0 "${broker_pid[$id]}" 2>/dev/null && continue
    why="$(big_logs "$id" | grep -m1 -E "$big_limit_pattern" | cut -c1-300) ... $(big_logs "$id" \
            | grep -E 'ERROR|FATAL|Exception|Error:' | tail -1 | cut -c1-300)"
    big_note "broker $id (PID ${broker_pid[$id]}) exited: ${why}"
    reap "${broker_pid[$id]}"
    unset 'broker_pid[$id]'
    ok=1
  done
  return $ok
}

# big_victim_gone OUT: the broker a probe stopped (its "victim" line) is reaped and forgotten; sets big_victim.
big_victim_gone() {
  big_victim=$(awk '$1 == "victim" {print $2}' "$1")
  [[ -n "$big_victim" && -n "${broker_pid[$big_victim]:-}" ]] || return 0
  if kill -0 "${broker_pid[$big_victim]}" 2>/dev/null; then stop_pids "${broker_pid[$big_victim]}"; fi
  reap "${broker_pid[$big_victim]}"
  unset 'broker_pid[$big_victim]'
}

# big_median VALUE...: the median (the mean of the middle two for an even count).
big_median() { printf '%s\n' "$@" | sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

# big_footprint ID: "HEAP RSS MAPS FDS" of broker ID: live heap bytes after a full GC (GC.class_histogram
# collects before it counts), resident set bytes, memory mappings and open file descriptors.
big_footprint() {
  local pid="${broker_pid[$1]}" heap rss maps fds
  heap=$("$jcmd" "$pid" GC.class_histogram 2>/dev/null | awk '$1 == "Total" {print $3}')
  rss=$(awk '$1 == "VmRSS:" {print $2 * 1024}' "/proc/$pid/status" 2>/dev/null)
  maps=$( { wc -l <"/proc/$pid/maps"; } 2>/dev/null)
  fds=$(find "/proc/$pid/fd" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l)
  [[ -n "$heap" && -n "$rss" && -n "$maps" ]] || return 1
  echo "$heap $rss $maps $fds"
}

# big_measure WHEN: the footprint of the 3 brokers into big_fp[ID] (a short settle first, so that the
# figures are a steady state, not the tail of the step before); false when one cannot be read.
big_measure() {
  local id
  sleep 10
  for id in 0 1 2; do
    big_fp[$id]=$(big_footprint "$id") || { big_note "footprint of broker $id $1 not readable"; return 1; }
    log "  $sys | broker $id $1: heap, RSS (bytes), maps, fds: ${big_fp[$id]}"
  done
}

big_field() { local f; read -r -a f <<<"${big_fp[$1]}"; echo "${f[$2]}"; }
big_r_base=("heap in use per broker before any topic (live, after a full GC)|MB" "RSS per broker before any topic|MB"
  "memory mappings per broker before any topic|maps" "open file descriptors per broker before any topic|fds")
big_r_create=("create the topic until every partition has a leader|ms"
  "create the topic until every partition is in sync (ISR = 3 replicas), from the same start|ms")
big_r_after=("heap in use per broker after creation (live, after a full GC)|MB" "RSS per broker after creation|MB"
  "memory mappings per broker after creation|maps" "open file descriptors per broker after creation|fds"
  "heap per partition replica (increase over the baseline)|bytes/replica" "RSS per partition replica (increase over the baseline)|bytes/replica"
  "memory mappings per partition replica|maps/replica" "open file descriptors per partition replica|fds/replica")
big_r_kill=("kill -9 the broker leading the most (not the controller) until every partition has a leader|ms"
  "partitions the killed broker led|partitions")
big_r_restart=("restart of that broker (log recovery after kill -9) until it is back in every ISR, from its process start|ms")
big_r_ctl=("kill -9 the controller until a new topic can be created|ms"
  "kill -9 the controller until a new topic can be created and every partition has a leader|ms"
  "restart of the killed controller until it is back in every ISR, from its process start|ms")
big_r_stop=("controlled shutdown (SIGTERM) of the broker leading the most (not the controller) until it has exited and no partition it led is offline|ms"
  "partitions the shut-down broker led|partitions")

# Step 1: the footprint of the fresh cluster, before any topic.
big_baseline() {
  local id i vals
  if ! big_measure "before any topic"; then
    for i in "${big_r_base[@]}"; do big_row "$i" failed; done
    step_failed "baseline footprint"
    big_alive; return # the later steps need every broker
  fi
  for id in 0 1 2; do big_fp0[$id]="${big_fp[$id]}"; done
  for i in 0 1 2 3; do
    vals=(); for id in 0 1 2; do vals+=("$(big_field "$id" "$i")"); done
    if (( i < 2 )); then
      big_row "${big_r_base[$i]}" "$(awk -v b="$(big_median "${vals[@]}")" 'BEGIN {printf "%.1f", b / 1048576}')"
    else
      big_row "${big_r_base[$i]}" "$(big_median "${vals[@]}")"
    fi
  done
}

# Step 2: one topic of N partitions, RF 3, min.insync.replicas=2: every partition led, then in sync.
big_create() {
  local out="$cdir/big-create.out" status=0
  big_run "$out" create-topic-in-sync "$bootstrap" big "$big_n" 3 $(( step_limit * 1000 )) min.insync.replicas=2; status=$big_status
  big_outcome "$status" "$out" "${big_r_create[0]}" created_ms || { big_row "${big_r_create[1]}" not-run; big_alive; return 1; }
  # a cluster whose partitions are led but not all in sync still has a footprint worth reading
  big_outcome "$status" "$out" "${big_r_create[1]}" in_sync_ms || big_isr_short=true
  big_alive
}

# Step 3: the footprint with N replicas on each broker, and the increase per replica over step 1.
big_after() {
  local id i vals per
  if [[ -z "${big_fp0[0]:-}" ]] || ! big_measure "after creation"; then
    for i in "${big_r_after[@]}"; do big_row "$i" failed; done
    step_failed "footprint after creation"
    big_alive && ! $big_isr_short; return
  fi
  for i in 0 1 2 3; do
    vals=(); per=()
    for id in 0 1 2; do
      vals+=("$(big_field "$id" "$i")")
      per+=("$(awk -v a="$(big_field "$id" "$i")" -v b="$(big_field0 "$id" "$i")" -v n="$big_n" 'BEGIN {printf "%.4f", (a - b) / n}')")
    done
    if (( i < 2 )); then
      big_row "${big_r_after[$i]}" "$(awk -v b="$(big_median "${vals[@]}")" 'BEGIN {printf "%.1f", b / 1048576}')"
      big_row "${big_r_after[$(( i + 4 ))]}" "$(awk -v b="$(big_median "${per[@]}")" 'BEGIN {printf "%.0f", b}')"
    else
      big_row "${big_r_after[$i]}" "$(big_median "${vals[@]}")"
      big_row "${big_r_after[$(( i + 4 ))]}" "$(big_median "${per[@]}")"
    fi
  done
  # a topic not fully in sync makes the failover steps meaningless (partitions whose ISR is the victim alone)
  ! $big_isr_short
}
big_field0() { local f; read -r -a f <<<"${big_fp0[$1]}"; echo "${f[$2]}"; }

# Step 4: kill -9 of the non-controller broker leading the most, until every partition has a live leader.
big_kill() {
  local out="$cdir/big-leader-failover.out" status=0
  big_run "$out" leader-failover "$bootstrap" big "$(pid_spec)" $(( step_limit * 1000 )); status=$big_status
  big_victim_gone "$out"
  big_killed="$big_victim"
  if [[ -n "$big_victim" ]]; then big_row "${big_r_kill[1]}" "$(awk '$1 == "victim_leads" {print $2}' "$out")"; else big_row "${big_r_kill[1]}" failed; fi
  big_outcome "$status" "$out" "${big_r_kill[0]}" leaders_recovered_ms && big_alive
}

# big_restart ID ROW: starts broker ID again on its data (after a kill -9: log recovery), until it is
# in the ISR of every partition it holds; timed from the process start.
big_restart() {
  local id="$1" row="$2" out="$cdir/big-restart-$1.out" status=0 t0 broker_start_wait
  [[ -n "$id" ]] || { big_row "$row" failed; return 1; }
  broker_start_wait=$step_limit # start_broker waits this long for the port (Kafka opens it after log recovery)
  t0=$(date +%s%3N)
  if ! start_broker "$id"; then
    if kill -0 "${broker_pid[$id]}" 2>/dev/null; then
      big_row "$row" ">=$(( step_limit * 1000 ))"; big_note "${row%|*}: broker $id not listening within the ${step_limit} s limit"
    else
      big_row "$row" failed; step_failed "$big_label: restart broker $id"; big_alive
    fi
    return 1
  fi
  big_run "$out" await-in-sync "$bootstrap" big "$id" "$t0" $(( step_limit * 1000 )); status=$big_status
  big_outcome "$status" "$out" "$row" in_sync_ms && big_alive
}

# Step 5: the broker killed in step 4 restarts.
big_restart_killed() { big_restart "$big_killed" "${big_r_restart[0]}"; }

# Step 6: kill -9 of the controller, until a new topic can be created and every partition has a live
# leader; then it restarts, until it is back in every ISR.
big_controller() {
  local out="$cdir/big-controller-failover.out" status=0 ok=true
  big_run "$out" controller-failover "$bootstrap" big-after "$(pid_spec)" $(( step_limit * 1000 )) big; status=$big_status
  big_victim_gone "$out"
  big_outcome "$status" "$out" "${big_r_ctl[0]}" topic_created_ms || ok=false
  if $ok; then big_outcome "$status" "$out" "${big_r_ctl[1]}" all_led_ms || ok=false; else big_row "${big_r_ctl[1]}" not-run; fi
  if $ok && big_alive; then
    big_restart "$big_victim" "${big_r_ctl[2]}"
  else
    big_row "${big_r_ctl[2]}" not-run
    return 1
  fi
}

# Step 7: controlled shutdown (SIGTERM) of the non-controller broker leading the most, until its
# process has exited and every partition it led has a live leader.
big_stop() {
  local out="$cdir/big-controlled-shutdown.out" status=0
  big_run "$out" controlled-shutdown "$bootstrap" big "$(pid_spec)" $(( step_limit * 1000 )); status=$big_status
  big_victim_gone "$out"
  if [[ -n "$big_victim" ]]; then big_row "${big_r_stop[1]}" "$(awk '$1 == "victim_leads" {print $2}' "$out")"; else big_row "${big_r_stop[1]}" failed; fi
  log "  $sys | broker ${big_victim:-?} exited $(awk '$1 == "exited_ms" {print $2}' "$out") ms after SIGTERM"
  big_outcome "$status" "$out" "${big_r_stop[0]}" shutdown_ms
}

# big_limit_errors: notes every broker of the cluster (running or not) whose logs name a system limit.
big_limit_errors() {
  local id count
  for id in 0 1 2; do
    count=$(big_logs "$id" | grep -c -E "$big_limit_pattern" || true)
    [[ $count -gt 0 ]] || continue
    big_note "broker $id logged $count line(s) naming a system limit; the first: $(big_logs "$id" | grep -m1 -E "$big_limit_pattern" | cut -c1-300)"
  done
}

bigscale_cases() {
  wanted bigscale || return 0
  local n row
  for n in ${big_partitions//,/ }; do
    big_n=$n
    big_label="$(big_thousands "$n") partitions in one topic, RF 3, min.insync.replicas=2, fresh 3 brokers"
    big_ok=true; big_isr_short=false; big_killed=""; big_fp=(); big_fp0=()
    log "$sys run $run: bigscale, $n partitions"
    if start_cluster "big$n" 3; then
      big_step big_baseline "${big_r_base[@]}"
    else
      step_failed "start 3-broker cluster for $n partitions"; big_note "the 3-broker cluster did not start"
      big_ok=false
      for row in "${big_r_base[@]}"; do big_row "$row" failed; done
    fi
    # a topic led but not fully in sync in time still gets its footprint read (big_create returns 0)
    big_step big_create "${big_r_create[@]}"
    big_step big_after "${big_r_after[@]}"
    big_step big_kill "${big_r_kill[@]}"
    big_step big_restart_killed "${big_r_restart[@]}"
    big_step big_controller "${big_r_ctl[@]}"
    big_step big_stop "${big_r_stop[@]}"
    big_limit_errors
    stop_cluster
  done
}

big_sizes() { local n out=""; for n in ${big_partitions//,/ }; do out+="${out:+, }$(big_thousands "$n")"; done; echo "$out"; }

# The lines meta.md gets for the bigscale rows.
bigscale_meta() {
  cat <<EOM
- Bigscale (issue 16): for each size ($(big_sizes) partitions) a fresh cluster of 3 brokers with its own ZooKeeper, one topic \`big\` of N partitions, RF 3, \`min.insync.replicas=2\`, each broker holding N replicas; the steps in order, each timed by the Apache Admin client (ClusterProbe, polling every 50 ms, request timeout 15 s) and bounded by ${step_limit} s: a step that does not finish in time counts as ${step_limit} s and its cell says "≥" / "at the time limit"; after a step fails or hits the limit the later steps of that size are "not run" (each starts from the cluster the one before left).
- Bigscale steps: (1) footprint per broker before any topic; (2) CreateTopics until every partition has a leader, and from the same start until every partition's ISR holds all 3 replicas (as the brokers' metadata shows it: in both systems a changed ISR reaches it through ZooKeeper and the controller); (3) footprint after creation, and its increase over (1) divided by N (per partition replica); (4) SIGKILL of the non-controller broker leading the most partitions until every partition has a live leader; (5) restart of that broker on its data (log recovery after kill -9) until it is in the ISR of every partition, from the process start; (6) SIGKILL of the controller until a 1-partition topic can be created, and until also every partition of \`big\` has a live leader; then its restart until it is back in every ISR, from the process start; (7) SIGTERM (what kafka-server-stop.sh sends: the broker's controlled shutdown) to the non-controller broker leading the most partitions, until its process has exited and every partition it led has a live leader.
- Bigscale footprints: medians over the 3 brokers, then over the runs. Heap in use: the live bytes \`jcmd PID GC.class_histogram\` counts after the full GC it forces (\`GC.run\` would only start a concurrent cycle under \`-XX:+ExplicitGCInvokesConcurrent\`); RSS: VmRSS of /proc/PID/status; memory mappings: lines of /proc/PID/maps (the limit is vm.max_map_count, $(cat /proc/sys/vm/max_map_count 2>/dev/null || echo unknown) here); open file descriptors: entries of /proc/PID/fd (the limit is \`ulimit -n\`, $(ulimit -n) here). Each footprint is read 10 s after the step before it. No system limit was raised.
EOM
  if [[ -s "$work/bigscale-notes.md" ]]; then
    echo "- What happened in the bigscale steps that did not finish:"
    sed 's/^- /  - /' "$work/bigscale-notes.md"
  fi
}
