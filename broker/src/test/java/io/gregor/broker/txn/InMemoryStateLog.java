package io.gregor.broker.txn;

import io.gregor.broker.group.InMemoryOffsetsLog;
import io.gregor.clients.record.Record;
import java.util.ArrayList;
import java.util.List;

/** An in-memory {@code __transaction_state} whose leadership and append outcome a test controls. */
final class InMemoryStateLog extends InMemoryOffsetsLog {
    /** The stored states of {@code partition} in order, tombstones as null. */
    synchronized List<TxnTransit> states(int partition) {
        List<TxnTransit> out = new ArrayList<>();
        for (Record r : readAll(partition)) {
            out.add(r.hasValue() ? TransactionLogRecords.readValue(r.value()) : null);
        }
        return out;
    }
}
