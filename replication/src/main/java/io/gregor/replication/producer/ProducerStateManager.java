package io.gregor.replication.producer;

import io.gregor.clients.protocol.Errors;
import io.gregor.clients.record.RecordBatch;
import io.gregor.core.log.FileBatch;
import io.gregor.core.log.Log;
import io.gregor.core.log.LogSegment;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The idempotent-producer state of one partition: per producer id its epoch and the sequence and
 * offset ranges of its last five batches. It answers, before an append, whether a batch is a
 * retry of one already written (then the original offsets are returned and nothing is appended),
 * the next batch in sequence, or refused: a sequence gap or a new epoch not starting at 0 is
 * {@link Errors#OUT_OF_ORDER_SEQUENCE_NUMBER}, an older epoch {@link Errors#INVALID_PRODUCER_EPOCH}.
 *
 * <p>A producer the partition does not know is accepted at any sequence, as Kafka brokers do since
 * 2.5 (its state may have been removed with old segments); the Java client relies on that.
 *
 * <p>The state is rebuilt from the log's batch headers on {@link #load(Log)}; records are never
 * decoded. Not thread safe: the owning {@code Partition} calls it under its append lock.
 */
public final class ProducerStateManager {
    /** How many batches per producer are remembered for duplicate detection (the client's max in-flight). */
    public static final int BATCHES_RETAINED = 5;

    private final Map<Long, ProducerStateEntry> producers = new HashMap<>();

    /** A manager holding the state written in {@code log} so far (header scan of every segment). */
    public static ProducerStateManager load(Log log) {
        ProducerStateManager state = new ProducerStateManager();
        for (LogSegment segment : log.segments()) {
            for (FileBatch batch : segment.records().batches()) {
                if (batch.producerId() != RecordBatch.NO_PRODUCER_ID && !batch.isControlBatch()) {
                    state.record(batch.producerId(), batch.producerEpoch(), batch.baseSequence(), batch.lastSequence(),
                            batch.baseOffset(), batch.lastOffset());
                }
            }
        }
        return state;
    }

    /**
     * Checks a batch about to be appended. Returns the batch already written if this one is its
     * retry; empty if it may be appended; throws {@link ProducerStateException} if refused.
     */
    public Optional<BatchMetadata> check(RecordBatch batch) {
        long producerId = batch.producerId();
        if (producerId == RecordBatch.NO_PRODUCER_ID) {
            return Optional.empty();
        }
        short epoch = batch.producerEpoch();
        int firstSeq = batch.baseSequence();
        int lastSeq = batch.lastSequence();
        ProducerStateEntry entry = producers.get(producerId);
        if (entry == null) {
            return Optional.empty();
        }
        Optional<BatchMetadata> duplicate = entry.findDuplicate(epoch, firstSeq, lastSeq);
        if (duplicate.isPresent()) {
            return duplicate;
        }
        if (epoch < entry.epoch()) {
            throw new ProducerStateException(Errors.INVALID_PRODUCER_EPOCH, "producer " + producerId + " epoch "
                    + epoch + " is older than the current epoch " + entry.epoch());
        }
        if (epoch > entry.epoch()) {
            if (firstSeq != 0) {
                throw new ProducerStateException(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER, "producer " + producerId
                        + " starts new epoch " + epoch + " at sequence " + firstSeq + " instead of 0");
            }
            return Optional.empty();
        }
        int last = entry.lastSeq();
        if (last >= 0 && !inSequence(last, firstSeq)) {
            throw new ProducerStateException(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER, "producer " + producerId
                    + " epoch " + epoch + " sent sequence " + firstSeq + " after " + last);
        }
        return Optional.empty();
    }

    /** Records a batch appended at [firstOffset, lastOffset] (its header carries the producer fields). */
    public void update(RecordBatch batch) {
        if (batch.producerId() != RecordBatch.NO_PRODUCER_ID) {
            record(batch.producerId(), batch.producerEpoch(), batch.baseSequence(), batch.lastSequence(),
                    batch.baseOffset(), batch.lastOffset());
        }
    }

    private void record(long producerId, short epoch, int firstSeq, int lastSeq, long firstOffset, long lastOffset) {
        producers.computeIfAbsent(producerId, id -> new ProducerStateEntry(epoch))
                .add(epoch, new BatchMetadata(firstSeq, lastSeq, firstOffset, lastOffset));
    }

    /** The current epoch of {@code producerId}, if known. */
    public Optional<Short> epochOf(long producerId) {
        return Optional.ofNullable(producers.get(producerId)).map(ProducerStateEntry::epoch);
    }

    public int producerCount() {
        return producers.size();
    }

    private static boolean inSequence(int lastSeq, int nextSeq) {
        return nextSeq == lastSeq + 1 || (lastSeq == Integer.MAX_VALUE && nextSeq == 0);
    }
}
