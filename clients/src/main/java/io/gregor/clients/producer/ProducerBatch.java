package io.gregor.clients.producer;

import io.gregor.clients.network.TopicPartition;
import io.gregor.clients.record.Compression;
import io.gregor.clients.record.Header;
import io.gregor.clients.record.MemoryRecords;
import io.gregor.clients.record.MemoryRecordsBuilder;
import io.gregor.clients.record.RecordBatch;
import io.gregor.clients.record.TimestampType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Records for one partition that travel in one record batch. Records are kept as given until the
 * batch is first sent; {@link #build} then encodes (and compresses) them once with the producer id,
 * epoch and base sequence of that moment, and every retry resends the same bytes, so the broker can
 * recognise a duplicate. Owned by the accumulator until drained, then by the sender thread.
 */
public final class ProducerBatch {
    /** Per-record framing overhead allowance (length, attributes, deltas, header count varints). */
    static final int RECORD_OVERHEAD = 21;

    record PendingRecord(long timestamp, byte[] key, byte[] value, List<Header> headers,
                         CompletableFuture<RecordMetadata> future, Callback callback) {
    }

    private final TopicPartition topicPartition;
    private final long createdMs;
    private final int batchSize;
    private final List<PendingRecord> records = new ArrayList<>();
    private int estimatedBytes = RecordBatch.HEADER_SIZE;
    private boolean closedForAppends;
    private MemoryRecords built;
    private long builtProducerId = RecordBatch.NO_PRODUCER_ID;
    private short builtEpoch = RecordBatch.NO_PRODUCER_EPOCH;
    private int baseSequence = RecordBatch.NO_SEQUENCE;
    private int attempts;
    private long retryNotBeforeMs;
    private boolean finished; // callbacks run exactly once, whichever of complete/fail comes first

    ProducerBatch(TopicPartition topicPartition, long createdMs, int batchSize) {
        this.topicPartition = topicPartition;
        this.createdMs = createdMs;
        this.batchSize = batchSize;
    }

    static int estimateSize(byte[] key, byte[] value, List<Header> headers) {
        int size = RECORD_OVERHEAD + (key == null ? 0 : key.length) + (value == null ? 0 : value.length);
        for (Header h : headers) {
            size += h.key().length() + (h.value() == null ? 0 : h.value().length) + 10;
        }
        return size;
    }

    /** Adds the record unless the batch is closed or would grow past batch.size (an empty batch takes any record). */
    CompletableFuture<RecordMetadata> tryAppend(long timestamp, byte[] key, byte[] value, List<Header> headers,
                                                Callback callback) {
        int size = estimateSize(key, value, headers);
        if (closedForAppends || (!records.isEmpty() && estimatedBytes + size > batchSize)) {
            return null;
        }
        CompletableFuture<RecordMetadata> future = new CompletableFuture<>();
        records.add(new PendingRecord(timestamp, key, value, headers, future, callback));
        estimatedBytes += size;
        return future;
    }

    boolean isFull() {
        return closedForAppends || estimatedBytes >= batchSize;
    }

    void closeForAppends() {
        closedForAppends = true;
    }

    /**
     * Encodes the records with this producer state; a batch already built with the same producer id
     * and epoch keeps its bytes (and sequence). Returns the number of sequence numbers it uses.
     */
    MemoryRecords build(Compression compression, long producerId, short epoch, int sequence) {
        return build(compression, producerId, epoch, sequence, false);
    }

    /** As {@link #build(Compression, long, short, int)}, marking the batch transactional when asked. */
    MemoryRecords build(Compression compression, long producerId, short epoch, int sequence, boolean transactional) {
        closedForAppends = true;
        if (built != null && builtProducerId == producerId && builtEpoch == epoch) {
            return built;
        }
        MemoryRecordsBuilder builder = new MemoryRecordsBuilder(compression, TimestampType.CREATE_TIME, 0L,
                RecordBatch.NO_TIMESTAMP, producerId, epoch, sequence, transactional, false,
                RecordBatch.NO_PARTITION_LEADER_EPOCH);
        for (PendingRecord r : records) {
            builder.append(r.timestamp, r.key, r.value, r.headers);
        }
        built = builder.build();
        builtProducerId = producerId;
        builtEpoch = epoch;
        baseSequence = sequence;
        return built;
    }

    boolean isBuiltFor(long producerId, short epoch) {
        return built != null && builtProducerId == producerId && builtEpoch == epoch;
    }

    /** Completes every record: offsets baseOffset, baseOffset+1, ... (or -1 when unknown). */
    void complete(long baseOffset, long logAppendTimeMs) {
        if (finished) {
            return;
        }
        finished = true;
        for (int i = 0; i < records.size(); i++) {
            PendingRecord r = records.get(i);
            long ts = logAppendTimeMs >= 0 ? logAppendTimeMs : r.timestamp;
            RecordMetadata md = new RecordMetadata(topicPartition, baseOffset < 0 ? -1 : baseOffset + i, ts,
                    r.key == null ? -1 : r.key.length, r.value == null ? -1 : r.value.length);
            if (r.callback != null) {
                invoke(r.callback, md, null);
            }
            r.future.complete(md);
        }
    }

    void fail(RuntimeException e) {
        if (finished) {
            return;
        }
        finished = true;
        for (PendingRecord r : records) {
            if (r.callback != null) {
                invoke(r.callback, null, e);
            }
            r.future.completeExceptionally(e);
        }
    }

    private static void invoke(Callback cb, RecordMetadata md, Exception e) {
        try {
            cb.onCompletion(md, e);
        } catch (RuntimeException ex) {
            org.slf4j.LoggerFactory.getLogger(ProducerBatch.class).error("Producer callback threw", ex);
        }
    }

    public TopicPartition topicPartition() {
        return topicPartition;
    }

    public long createdMs() {
        return createdMs;
    }

    public int recordCount() {
        return records.size();
    }

    public int estimatedBytes() {
        return estimatedBytes;
    }

    public int baseSequence() {
        return baseSequence;
    }

    public int attempts() {
        return attempts;
    }

    void recordAttempt() {
        attempts++;
    }

    long retryNotBeforeMs() {
        return retryNotBeforeMs;
    }

    void retryNotBefore(long ms) {
        retryNotBeforeMs = ms;
    }

    boolean isDone() {
        return records.stream().allMatch(r -> r.future.isDone());
    }

    List<CompletableFuture<RecordMetadata>> futures() {
        return records.stream().map(PendingRecord::future).toList();
    }
}
