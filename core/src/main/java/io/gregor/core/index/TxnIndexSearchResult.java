package io.gregor.core.index;

import java.util.List;

/**
 * The aborted transactions one {@link TransactionIndex} holds for a read range, and whether the search
 * may stop there: {@code complete} when an entry's last stable offset reached the range's upper
 * bound, so no later segment can hold a transaction that touches the range.
 */
public record TxnIndexSearchResult(List<AbortedTxn> abortedTransactions, boolean complete) {
    public TxnIndexSearchResult {
        abortedTransactions = List.copyOf(abortedTransactions);
    }
}
