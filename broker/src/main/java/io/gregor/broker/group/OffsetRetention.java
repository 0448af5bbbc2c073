package io.gregor.broker.group;

import io.gregor.broker.group.OffsetRecords.CommittedOffset;
import io.gregor.core.log.TopicPartition;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code offsets.retention.minutes} with KIP-211 semantics, for the partitions this broker has
 * loaded: offsets of a group with members never expire; those of an Empty group expire once it has
 * been Empty for the retention (since its current-state timestamp); those of a group without
 * metadata (simple commits) expire one by one, the retention after their commit. Expired offsets
 * get tombstones; a group left Empty without offsets is removed (Dead) and gets a GroupMetadata
 * tombstone, as Kafka does. Stateless between passes; a pass may run on any thread.
 */
final class OffsetRetention {
    private static final Logger log = LoggerFactory.getLogger(OffsetRetention.class);

    private final GroupCoordinator coordinator;
    private final ClassicGroups groups;
    private final long retentionMs;
    private final LongSupplier clock;

    OffsetRetention(GroupCoordinator coordinator, ClassicGroups groups, long retentionMs, LongSupplier clock) {
        this.coordinator = coordinator;
        this.groups = groups;
        this.retentionMs = retentionMs;
        this.clock = clock;
    }

    /** One pass over every loaded partition; completes with the number of offsets expired (appended tombstones). */
    CompletableFuture<Integer> expireOnce() {
        long now = clock.getAsLong();
        List<CompletableFuture<Integer>> writes = new ArrayList<>();
        coordinator.loadedOffsets().forEach((partition, offsetsByGroup) -> {
            Set<String> candidates = new LinkedHashSet<>(offsetsByGroup.keySet());
            candidates.addAll(groups.emptyGroups(g -> coordinator.partitionFor(g) == partition));
            for (String groupId : candidates) {
                CompletableFuture<Integer> write = expireGroup(groupId, offsetsByGroup.getOrDefault(groupId, Map.of()), now);
                if (write != null) {
                    writes.add(write);
                }
            }
        });
        return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new))
                .thenApply(ignored -> writes.stream().mapToInt(CompletableFuture::join).sum());
    }

    /** Runs a pass, logging its outcome; for the scheduler. */
    void run() {
        try {
            expireOnce().whenComplete((expired, failure) -> {
                if (failure != null) {
                    log.error("Offsets retention pass failed", failure);
                } else if (expired > 0) {
                    log.info("Offsets retention removed {} expired offsets", expired);
                }
            });
        } catch (RuntimeException e) {
            log.error("Offsets retention pass failed", e);
        }
    }

    private CompletableFuture<Integer> expireGroup(String groupId, Map<TopicPartition, CommittedOffset> offsets, long now) {
        ClassicGroups.RetentionView view = groups.retentionView(groupId);
        if (view.exists() && !view.empty()) {
            return null;
        }
        List<TopicPartition> expired = new ArrayList<>();
        offsets.forEach((tp, o) -> {
            long base = view.exists() && view.currentStateTimestamp() >= 0 ? view.currentStateTimestamp() : o.commitTimestamp();
            if (now - base >= retentionMs) {
                expired.add(tp);
            }
        });
        boolean groupGone = expired.size() == offsets.size() && groups.removeIfEmpty(groupId);
        if (expired.isEmpty() && !groupGone) {
            return null;
        }
        log.info("Group {}: expiring {} offsets{} (retention {} ms)", groupId, expired.size(),
                groupGone ? " and its metadata" : "", retentionMs);
        return coordinator.removeOffsets(groupId, expired, groupGone).thenApply(error -> {
            if (error != io.gregor.clients.protocol.Errors.NONE) {
                log.warn("Group {}: writing offset tombstones failed: {}", groupId, error);
                return 0;
            }
            return expired.size();
        });
    }
}
