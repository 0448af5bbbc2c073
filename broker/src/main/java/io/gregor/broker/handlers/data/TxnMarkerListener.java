package io.gregor.broker.handlers.data;

import io.gregor.core.log.TopicPartition;
import java.util.List;

/**
 * Told when WriteTxnMarkers wrote a producer's marker to partitions of {@code __consumer_offsets},
 * so the group coordinator can make that producer's pending transactional offset commits visible
 * (commit) or drop them (abort), as Kafka's {@code onTransactionCompleted}. {@link #NONE} ignores it.
 */
@FunctionalInterface
public interface TxnMarkerListener {
    TxnMarkerListener NONE = (producerId, committed, partitions) -> { };

    /** Called after the markers were appended and replicated; must not block. */
    void onMarkersWritten(long producerId, boolean committed, List<TopicPartition> offsetsPartitions);
}
