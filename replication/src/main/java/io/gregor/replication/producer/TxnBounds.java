package io.gregor.replication.producer;

import java.util.List;

/**
 * What a reader needs of a partition's transactions to find its last stable offset, published as one
 * immutable value by the {@link ProducerStateManager} each time a transaction opens or completes:
 * the first offset of the oldest open transaction (-1: none) and the completed transactions whose
 * marker the high watermark had not passed when it was published.
 */
public record TxnBounds(long firstOngoingOffset, List<CompletedTxn> unreplicated) {
    public static final TxnBounds NONE = new TxnBounds(-1L, List.of());

    public TxnBounds {
        unreplicated = List.copyOf(unreplicated);
    }

    /**
     * The last stable offset under {@code highWatermark}: the high watermark, lowered to the first
     * offset of any transaction open or with its marker at or above it. Read the high watermark
     * before this value, so a transaction that began below it is always seen.
     */
    public long lastStableOffset(long highWatermark) {
        long lso = highWatermark;
        if (firstOngoingOffset >= 0) {
            lso = Math.min(lso, firstOngoingOffset);
        }
        for (CompletedTxn txn : unreplicated) {
            if (txn.lastOffset() >= highWatermark) {
                lso = Math.min(lso, txn.firstOffset());
            }
        }
        return lso;
    }
}
