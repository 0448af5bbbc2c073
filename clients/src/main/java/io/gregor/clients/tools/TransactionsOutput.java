package io.gregor.clients.tools;

import io.gregor.clients.admin.ProducerState;
import io.gregor.clients.admin.TransactionDescription;
import io.gregor.clients.admin.TransactionListing;
import io.gregor.clients.network.TopicPartition;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The tables {@code gregor-transactions.sh} prints, with the headers and layout of Kafka's
 * {@code kafka-transactions.sh}: each column padded with spaces to its widest value, every value
 * followed by a tab; absent times and offsets print as "None".
 */
final class TransactionsOutput {
    static final List<String> LIST_HEADERS = List.of("TransactionalId", "Coordinator", "ProducerId", "TransactionState");
    static final List<String> DESCRIBE_HEADERS = List.of("CoordinatorId", "TransactionalId", "ProducerId",
            "ProducerEpoch", "TransactionState", "TransactionTimeoutMs", "CurrentTransactionStartTimeMs",
            "TransactionDurationMs", "TopicPartitions");
    static final List<String> PRODUCERS_HEADERS = List.of("ProducerId", "ProducerEpoch", "LatestCoordinatorEpoch",
            "LastSequence", "LastTimestamp", "CurrentTransactionStartOffset");

    private TransactionsOutput() {
    }

    static void list(Map<Integer, List<TransactionListing>> byCoordinator, PrintStream out) {
        List<List<String>> rows = new ArrayList<>();
        byCoordinator.forEach((coordinator, listings) -> listings.forEach(l -> rows.add(List.of(l.transactionalId(),
                String.valueOf(coordinator), String.valueOf(l.producerId()), l.state()))));
        table(LIST_HEADERS, rows, out);
    }

    static void describe(TransactionDescription d, long nowMs, PrintStream out) {
        boolean open = d.transactionStartTimeMs() >= 0;
        table(DESCRIBE_HEADERS, List.of(List.of(String.valueOf(d.coordinatorId()), d.transactionalId(),
                String.valueOf(d.producerId()), String.valueOf(d.producerEpoch()), d.state(),
                String.valueOf(d.transactionTimeoutMs()), open ? String.valueOf(d.transactionStartTimeMs()) : "None",
                open ? String.valueOf(nowMs - d.transactionStartTimeMs()) : "None",
                d.topicPartitions().stream().map(TopicPartition::toString).collect(Collectors.joining(",")))), out);
    }

    static void producers(List<ProducerState> producers, PrintStream out) {
        List<List<String>> rows = new ArrayList<>();
        for (ProducerState p : producers) {
            rows.add(List.of(String.valueOf(p.producerId()), String.valueOf(p.producerEpoch()),
                    String.valueOf(p.coordinatorEpoch()), String.valueOf(p.lastSequence()),
                    String.valueOf(p.lastTimestamp()),
                    p.currentTransactionStartOffset() >= 0 ? String.valueOf(p.currentTransactionStartOffset()) : "None"));
        }
        table(PRODUCERS_HEADERS, rows, out);
    }

    static void table(List<String> headers, List<List<String>> rows, PrintStream out) {
        int[] widths = headers.stream().mapToInt(String::length).toArray();
        for (List<String> row : rows) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        row(headers, widths, out);
        rows.forEach(r -> row(r, widths, out));
    }

    private static void row(List<String> values, int[] widths, PrintStream out) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            sb.append(values.get(i)).append(" ".repeat(widths[i] - values.get(i).length())).append('\t');
        }
        out.println(sb);
    }
}
