package io.gregor.faults.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The run's table: the invariants (acknowledged, lost, duplicated, reordered, ...; for the
 * transactional workload also the transactions' outcomes and what read_committed showed of them), then per fault
 * kind how many were injected and what they cost (time to heal, longest time without an
 * acknowledgement, group stall), then any violation. Written as Markdown to
 * {@code <results>/faults-<system>-<UTC time>.md}, with one CSV line per fault beside it.
 */
final class Report {
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final HarnessOptions options;
    private final RunOutcome outcome;
    private final Instant started;

    Report(HarnessOptions options, RunOutcome outcome, Instant started) {
        this.options = options;
        this.outcome = outcome;
        this.started = started;
    }

    /** The Markdown file {@link #write} writes (the CSV file has the same name, ending in .csv). */
    Path file() {
        return options.resultsDir().resolve("faults-" + options.system() + "-" + FILE_TIME.format(started) + ".md");
    }

    void write() throws IOException {
        Files.createDirectories(options.resultsDir());
        Files.writeString(file(), markdown(), StandardCharsets.UTF_8);
        String csvName = file().getFileName().toString().replaceFirst("\\.md$", ".csv");
        Files.writeString(options.resultsDir().resolve(csvName), csv(), StandardCharsets.UTF_8);
    }

    /** No acknowledged record lost, duplicated, reordered or misplaced, the read complete, and no other violation. */
    boolean clean() {
        return outcome.verdict().clean() && outcome.transactions().map(TxnVerdict::clean).orElse(true)
                && violations().isEmpty();
    }

    String markdown() {
        Verdict v = outcome.verdict();
        Availability a = outcome.availability();
        StringBuilder md = new StringBuilder();
        md.append("# Fault run of ").append(started).append(" (").append(options.system()).append(", ")
                .append(options.workload().label()).append(" workload, seed ").append(options.seed()).append(")\n\n");
        md.append(clean() ? "**Result: clean.**" : "**Result: NOT clean.**")
                .append(" ").append(outcome.faults().size()).append(" faults in ")
                .append(outcome.runMillis() / 60_000).append(" min ").append(outcome.runMillis() / 1000 % 60)
                .append(" s; stopped because ").append(outcome.stopReason()).append("; ").append(findings().size())
                .append(" findings.\n\n");
        md.append("Settings: 3 brokers and ZooKeeper, each in its own network namespace; topic `")
                .append(HarnessOptions.TOPIC).append("` with ").append(options.partitions())
                .append(" partitions, replication factor 3, min.insync.replicas=2; zookeeper.session.timeout.ms=")
                .append(options.sessionTimeoutMs()).append(", replica.lag.time.max.ms=").append(options.replicaLagTimeMaxMs())
                .append("; ").append(producerSettings())
                .append("; one consumer group member (auto commit").append(outcome.transactions().isPresent() ? ", read_committed" : "")
                .append("); heal bound ")
                .append(options.healTimeout().toSeconds()).append(" s")
                .append(options.settings().isBlank() ? "" : "; " + options.settings()).append("; ")
                .append(outcome.loadAverages()).append(" on ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores.\n\n");

        md.append("| | |\n|---|---:|\n");
        row(md, "faults injected", outcome.faults().size());
        row(md, "records sent", outcome.sent());
        outcome.transactions().ifPresent(t -> transactionRows(md, t));
        row(md, outcome.transactions().isPresent() ? "records of acknowledged commits" : "records acknowledged", v.acknowledged());
        row(md, "**lost** (acknowledged, not read)", v.lost());
        row(md, "**duplicated** (read more than once)", v.duplicated());
        row(md, "**reordered** (acknowledged, out of sequence in the partition)", v.reordered());
        row(md, "acknowledged at an offset that holds another record", v.offsetMismatches());
        if (outcome.transactions().isPresent()) {
            row(md, "records of unknown-outcome transactions read (their commits had happened)", v.unacknowledgedRead());
        } else {
            row(md, "sends failed (indeterminate, not lost)", outcome.failedSends());
            row(md, "unacknowledged records read (indeterminate writes that landed)", v.unacknowledgedRead());
        }
        row(md, "records read by the verifying consumer", v.read());
        row(md, "partitions with byte-identical replicas at the end", outcome.replicas().identical() + " of "
                + outcome.replicas().partitions());
        row(md, "faults not healed within the bound", outcome.faults().stream().filter(f -> !f.healed()).count());
        row(md, "cluster processes that exited on their own", outcome.unexpectedExits().size());
        row(md, "group member: records consumed, partition assignments", outcome.groupConsumed() + ", "
                + outcome.groupAssignments());
        row(md, "longest time without an acknowledgement, one partition", a.longestPartitionGap() + " ms");
        row(md, "longest time without any acknowledgement, whole topic", a.longestTopicGap() + " ms");
        row(md, "longest time the group member consumed nothing", a.longestGroupStall() + " ms");
        md.append('\n');

        md.append("| fault | injected | not healed | healed after, median / max | longest ack gap of a partition, "
                + "median / max | whole topic, max | group stall, max |\n|---|---:|---:|---:|---:|---:|---:|\n");
        Map<FaultKind, List<FaultRecord>> byKind = new EnumMap<>(FaultKind.class);
        for (FaultRecord f : outcome.faults()) {
            byKind.computeIfAbsent(f.kind(), k -> new ArrayList<>()).add(f);
        }
        for (Map.Entry<FaultKind, List<FaultRecord>> e : byKind.entrySet()) {
            List<FaultRecord> fs = e.getValue();
            List<Long> healed = fs.stream().filter(FaultRecord::healed)
                    .map(f -> RunClock.millisBetween(f.startNanos(), f.healedNanos())).sorted().toList();
            List<Long> gaps = fs.stream().map(a::partitionGap).sorted().toList();
            md.append("| ").append(e.getKey().label()).append(" | ").append(fs.size()).append(" | ")
                    .append(fs.stream().filter(f -> !f.healed()).count()).append(" | ")
                    .append(seconds(median(healed))).append(" / ").append(seconds(max(healed))).append(" | ")
                    .append(seconds(median(gaps))).append(" / ").append(seconds(max(gaps))).append(" | ")
                    .append(seconds(fs.stream().mapToLong(a::topicGap).max().orElse(0))).append(" | ")
                    .append(seconds(fs.stream().mapToLong(a::groupStall).max().orElse(0))).append(" |\n");
        }
        md.append('\n');
        md.append("Faults: ");
        List<String> described = new ArrayList<>();
        for (FaultKind kind : byKind.keySet()) {
            described.add("`" + kind.label() + "`: " + kind.description());
        }
        md.append(String.join("; ", described)).append(". \"Healed after\" counts from the fault's start until "
                + "every partition has a leader and a full ISR, each partition acknowledged a write and the group "
                + "member consumed again. Gaps are charged to the fault whose window they overlap.\n\n");

        List<CutLeaderCheck.Result> cuts = outcome.cutLeaderChecks();
        if (!cuts.isEmpty()) {
            long latest = cuts.stream().mapToLong(CutLeaderCheck.Result::lastAckInLeaderEpochMs).max().orElse(-1);
            long silent = cuts.stream().filter(c -> c.lastAckInLeaderEpochMs() < 0).count();
            long moved = cuts.stream().filter(c -> c.acksFromNewLeader() > 0).count();
            md.append("Leader cut off from its followers (").append(cuts.size()).append(" times): its latest acknowledgement "
                    + "in its own leader epoch came ").append(latest < 0 ? "never" : latest + " ms after the cut")
                    .append(" (bound: replica.lag.time.max.ms = ").append(options.replicaLagTimeMaxMs()).append(" ms; ")
                    .append(silent).append(" times none at all); ").append(moved)
                    .append(" times a new leader took a partition over during the cut and acknowledged writes; "
                            + "what the cut leader had acknowledged is in the lost count above.\n\n");
        }

        section(md, "Violations", violations());
        section(md, "Findings", findings());
        md.append("Per-fault detail: the CSV file beside this one.\n");
        return md.toString();
    }

    private String producerSettings() {
        if (outcome.transactions().isPresent()) {
            return "producers: " + TransactionalWriter.PRODUCERS + " Apache Java clients, transactional (transaction.timeout.ms="
                    + TransactionalWriter.TRANSACTION_TIMEOUT_MS + "), acks=all, " + TransactionalWriter.RECORDS_PER_TRANSACTION
                    + " records per transaction over all partitions, every " + TransactionalWriter.ABORT_EVERY
                    + "th transaction aborted, " + options.recordsPerSecond() + " records/s in all, request.timeout.ms="
                    + TransactionalWriter.REQUEST_TIMEOUT_MS + ", delivery.timeout.ms=" + TransactionalWriter.DELIVERY_TIMEOUT_MS
                    + ", max.block.ms=" + TransactionalWriter.MAX_BLOCK_MS + "; verified by a read_committed read";
        }
        return "producer: Apache Java client, acks=all, enable.idempotence=true, " + options.recordsPerSecond()
                + " records/s, request.timeout.ms=" + SequencedProducer.REQUEST_TIMEOUT_MS + ", delivery.timeout.ms="
                + SequencedProducer.DELIVERY_TIMEOUT_MS;
    }

    private void transactionRows(StringBuilder md, TxnVerdict t) {
        row(md, "transactions committed (commitTransaction() returned)", t.committed());
        row(md, "transactions aborted on purpose", t.deliberatelyAborted());
        row(md, "transactions abandoned after an error (commit never called)", t.abortedAfterError());
        row(md, "transactions of unknown outcome (commitTransaction() threw), found committed", t.unknown() + ", "
                + t.unknownFoundCommitted());
        row(md, "producers re-initialised after a fatal error", outcome.producerReinitialisations());
        row(md, "**records of never-committed transactions visible to read_committed**", t.abortedVisible());
        row(md, "**transactions partly visible** (neither all nor none of their records)", t.partiallyVisible());
        row(md, "**records of transactions aborted on purpose given to the read_committed group member** during the run",
                t.seenByGroupMember());
        row(md, "records of never-committed transactions in the log (read_uncommitted), which read_committed left out",
                t.neverCommittedInLog() < 0 ? "not counted" : t.neverCommittedInLog());
    }

    /** What must never happen (a run with any is not clean), each on one line. */
    private List<String> violations() {
        List<String> problems = new ArrayList<>();
        Verdict v = outcome.verdict();
        outcome.transactions().ifPresent(t -> problems.addAll(t.examples()));
        if (!v.complete()) {
            problems.add("the verifying read is incomplete: " + v.incompleteReason());
        }
        if (v.malformed() > 0) {
            problems.add(v.malformed() + " records with values the harness did not write");
        }
        if (v.duplicated() > 0 || v.reordered() > 0 || v.offsetMismatches() > 0) {
            problems.add(v.duplicated() + " duplicated, " + v.reordered() + " reordered, " + v.offsetMismatches()
                    + " acknowledged at an offset that holds another record (per record: the verifier's counts)");
        }
        for (Verdict.LostRecord lost : v.lostExamples()) {
            problems.add("lost " + HarnessOptions.TOPIC + "-" + lost.partition() + " seq " + lost.seq() + " (acknowledged at offset "
                    + lost.offset() + ", " + RunClock.wall(lost.ackNanos()) + ", " + chargedTo(lost.ackNanos()) + ")");
        }
        for (FaultRecord f : outcome.faults()) {
            for (String violation : f.violations()) {
                problems.add("fault " + f.index() + " (" + f.kind().label() + "): " + violation);
            }
        }
        for (CutLeaderCheck.Result cut : outcome.cutLeaderChecks()) {
            cut.violation().ifPresent(text -> problems.add("fault " + cut.fault().index() + " (cut-leader): " + text));
        }
        problems.addAll(outcome.replicas().differences().stream().map(d -> "replicas differ: " + d).toList());
        return problems;
    }

    /** What a careful operator wants to know but that breaks no guarantee: unhealed faults, crashes, failed sends. */
    private List<String> findings() {
        List<String> findings = new ArrayList<>();
        for (FaultRecord f : outcome.faults()) {
            if (!f.healed()) {
                findings.add("fault " + f.index() + " (" + f.kind().label() + " " + f.target() + ") not healed within "
                        + options.healTimeout().toSeconds() + " s: " + String.join("; ", f.notes()));
            }
        }
        findings.addAll(outcome.unexpectedExits().stream().map(e -> "process exited on its own: " + e).toList());
        findings.addAll(outcome.faultsNotCarriedOut().stream().map(e -> "fault not carried out: " + e).toList());
        if (!outcome.failureExamples().isEmpty()) {
            findings.add("failed sends (the first ones): " + outcome.failureExamples());
        }
        return findings;
    }

    private String chargedTo(long nanos) {
        for (FaultRecord f : outcome.faults()) {
            if (nanos >= f.startNanos() && nanos <= f.windowEndNanos(options.healTimeout().toNanos())) {
                return "during fault " + f.index() + " " + f.kind().label() + " " + f.target();
            }
        }
        return "between faults";
    }

    String csv() {
        StringBuilder csv = new StringBuilder(
                "index,kind,target,roles,start_utc,fault_ms,healed_after_ms,partition_gap_ms,topic_gap_ms,group_stall_ms,notes,violations\n");
        Availability a = outcome.availability();
        for (FaultRecord f : outcome.faults()) {
            csv.append(f.index()).append(',').append(f.kind().label()).append(',').append(f.target()).append(',')
                    .append(quote(f.roles())).append(',').append(RunClock.wall(f.startNanos())).append(',')
                    .append(RunClock.millisBetween(f.startNanos(), f.endNanos())).append(',')
                    .append(f.healed() ? RunClock.millisBetween(f.startNanos(), f.healedNanos()) : -1).append(',')
                    .append(a.partitionGap(f)).append(',').append(a.topicGap(f)).append(',').append(a.groupStall(f)).append(',')
                    .append(quote(String.join("; ", f.notes()))).append(',')
                    .append(quote(String.join("; ", f.violations()))).append('\n');
        }
        return csv.toString();
    }

    private static String quote(String text) {
        return "\"" + text.replace("\"", "\"\"") + "\"";
    }

    private static void section(StringBuilder md, String title, List<String> lines) {
        if (lines.isEmpty()) {
            return;
        }
        md.append("## ").append(title).append("\n\n");
        for (String line : lines) {
            md.append("- ").append(line).append('\n');
        }
        md.append('\n');
    }

    private static void row(StringBuilder md, String label, Object value) {
        md.append("| ").append(label).append(" | ").append(value).append(" |\n");
    }

    private static long median(List<Long> sorted) {
        return sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2);
    }

    private static long max(List<Long> sorted) {
        return sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1);
    }

    private static String seconds(long millis) {
        return String.format("%.1f s", millis / 1000.0);
    }
}
