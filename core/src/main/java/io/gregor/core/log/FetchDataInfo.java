package io.gregor.core.log;

import io.gregor.clients.record.Records;

/**
 * The answer to a log read: where the read started and the bytes, a {@link FileRecords} slice when
 * data was found (possibly ending with a partial batch when {@code maxBytes} cut it, as Kafka
 * allows) or an empty {@link io.gregor.clients.record.MemoryRecords}.
 */
public record FetchDataInfo(LogOffsetMetadata fetchOffsetMetadata, Records records) {
    public boolean isEmpty() {
        return records.sizeInBytes() == 0;
    }
}
