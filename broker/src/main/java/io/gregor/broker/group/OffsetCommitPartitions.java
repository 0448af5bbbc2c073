package io.gregor.broker.group;

import io.gregor.broker.group.OffsetRecords.CommittedOffset;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.core.log.TopicPartition;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The partitions of one offset commit request, plain (OffsetCommit) or transactional
 * (TxnOffsetCommit), sorted into those refused with an error (the group's error, an unknown
 * partition, metadata over the limit) and those to write; after the write, each partition's answer.
 * Thread-safety: none; one request's handling owns it.
 */
final class OffsetCommitPartitions {
    /**
     * What a commit's partitions are checked against, the same for OffsetCommit and TxnOffsetCommit:
     * whether a partition exists, the metadata size limit, and the clock that stamps the commit.
     */
    record Checks(Predicate<TopicPartition> partitionExists, int maxMetadataBytes, LongSupplier clock) {
        /** The partitions of one request, every one refused with {@code groupError} unless it is NONE. */
        OffsetCommitPartitions start(Errors groupError) {
            return new OffsetCommitPartitions(groupError, partitionExists, maxMetadataBytes, clock.getAsLong());
        }
    }

    private final Errors groupError;
    private final Predicate<TopicPartition> partitionExists;
    private final int maxMetadataBytes;
    private final long now;
    private final Map<TopicPartition, Errors> errors = new LinkedHashMap<>();
    private final Map<TopicPartition, CommittedOffset> toWrite = new LinkedHashMap<>();

    /** @param groupError the error every partition gets, or NONE when the group accepts the commit */
    private OffsetCommitPartitions(Errors groupError, Predicate<TopicPartition> partitionExists,
                                   int maxMetadataBytes, long now) {
        this.groupError = groupError;
        this.partitionExists = partitionExists;
        this.maxMetadataBytes = maxMetadataBytes;
        this.now = now;
    }

    /** One partition of the request, with what it asks to commit. */
    void add(TopicPartition tp, long offset, int leaderEpoch, String metadata) {
        if (groupError != Errors.NONE) {
            errors.put(tp, groupError);
        } else if (!partitionExists.test(tp)) {
            errors.put(tp, Errors.UNKNOWN_TOPIC_OR_PARTITION);
        } else if (metadata != null && metadata.length() > maxMetadataBytes) {
            errors.put(tp, Errors.OFFSET_METADATA_TOO_LARGE);
        } else {
            toWrite.put(tp, new CommittedOffset(offset, leaderEpoch, metadata == null ? "" : metadata, now));
        }
    }

    /**
     * Writes the accepted offsets with {@code write} (skipped when none is accepted), then answers with
     * {@code response}, which reads each partition's outcome from {@link #error}.
     */
    CompletableFuture<Struct> writeThenAnswer(Function<Map<TopicPartition, CommittedOffset>, CompletableFuture<Errors>> write,
                                              Supplier<Struct> response) {
        if (toWrite.isEmpty()) {
            return CompletableFuture.completedFuture(response.get());
        }
        return write.apply(toWrite).thenApply(error -> {
            toWrite.keySet().forEach(tp -> errors.put(tp, error));
            return response.get();
        });
    }

    /** The answer for a partition of the request: its error, or NONE. */
    Errors error(TopicPartition tp) {
        return errors.getOrDefault(tp, Errors.NONE);
    }
}
