package io.gregor.core.log;

import io.gregor.clients.record.Records;

/**
 * The answer to a log read: where the read started and the bytes, a {@link FileRecords} slice when
 * data was found (possibly ending with a partial batch when {@code maxBytes} cut it, as Kafka
 * allows) or an empty {@link io.gregor.clients.record.MemoryRecords}. {@code firstEntryIncomplete}:
 * {@code maxBytes} cut even the first batch, so the bytes hold no whole batch (Kafka's flag of the
 * same name; a fetch answers such a read without records).
 */
public record FetchDataInfo(LogOffsetMetadata fetchOffsetMetadata, Records records, boolean firstEntryIncomplete) {
    public FetchDataInfo(LogOffsetMetadata fetchOffsetMetadata, Records records) {
        this(fetchOffsetMetadata, records, false);
    }

    public boolean isEmpty() {
        return records.sizeInBytes() == 0;
    }
}
