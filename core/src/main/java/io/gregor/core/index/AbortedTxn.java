package io.gregor.core.index;

/**
 * One aborted transaction of one producer in a partition, as the {@link TransactionIndex} stores it:
 * its data lies in [{@code firstOffset}, {@code lastOffset}), {@code lastOffset} being the offset of
 * its ABORT marker, and {@code lastStableOffset} is the partition's last stable offset right after
 * the marker was written (a read_committed reader whose range ends at or below it needs no later entry).
 */
public record AbortedTxn(long producerId, long firstOffset, long lastOffset, long lastStableOffset) {
    public AbortedTxn {
        if (firstOffset > lastOffset) {
            throw new IllegalArgumentException("aborted transaction of producer " + producerId + " starts at "
                    + firstOffset + " after its marker at " + lastOffset);
        }
    }
}
