package io.gregor.clients.consumer;

import io.gregor.clients.consumer.assignor.Assignors;
import io.gregor.clients.network.Cluster;
import io.gregor.clients.network.ConfigValues;
import io.gregor.clients.network.GregorApiException;
import io.gregor.clients.network.NetworkClient;
import io.gregor.clients.network.PartitionInfo;
import io.gregor.clients.network.TopicMetadata;
import io.gregor.clients.network.TopicPartition;
import io.gregor.clients.protocol.Errors;
import java.io.Closeable;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gregor's consumer, like Kafka's {@code KafkaConsumer}: either manually assigned partitions
 * ({@link #assign}) or a consumer group membership ({@link #subscribe}, needs {@code group.id}),
 * where the group's leader splits the subscribed topics' partitions among members with the
 * configured {@code partition.assignment.strategy}. {@link #poll} fetches from each partition's
 * leader and returns up to {@code max.poll.records} records in offset order per partition; it also
 * drives the group (joining, the rebalance listener, auto-commit). A partition starts at its
 * committed offset when a group has one, else by {@code auto.offset.reset}. Not thread safe, like
 * Kafka's consumer: use it from one thread (heartbeats run on a thread of their own).
 */
public final class GregorConsumer<K, V> implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(GregorConsumer.class);

    private final ConsumerConfig config;
    private final NetworkClient client;
    private final OffsetLookup offsets;
    private final SubscriptionState subscriptions = new SubscriptionState();
    private final Fetcher<K, V> fetcher;
    // the group side, null without group.id
    private final GroupMembership membership;
    private final OffsetCommitter committer;
    private final ConsumerCoordinator coordinator;
    private final HeartbeatThread heartbeat;

    public GregorConsumer(Map<String, ?> configs, Deserializer<K> keyDeserializer, Deserializer<V> valueDeserializer) {
        this(ConsumerConfig.from(new ConfigValues(configs)), keyDeserializer, valueDeserializer);
    }

    public GregorConsumer(Properties props, Deserializer<K> keyDeserializer, Deserializer<V> valueDeserializer) {
        this(ConsumerConfig.from(ConfigValues.of(props)), keyDeserializer, valueDeserializer);
    }

    public GregorConsumer(ConsumerConfig config, Deserializer<K> keyDeserializer, Deserializer<V> valueDeserializer) {
        this.config = config;
        this.client = new NetworkClient(config.common());
        this.offsets = new OffsetLookup(client, config.isolationLevel());
        this.fetcher = new Fetcher<>(config, client, subscriptions, keyDeserializer, valueDeserializer);
        GroupConfig group = config.group();
        if (group.hasGroup()) {
            var assignors = Assignors.create(group.assignmentStrategies());
            this.membership = new GroupMembership(client, config.common(), group);
            this.committer = new OffsetCommitter(membership);
            this.coordinator = new ConsumerCoordinator(membership, client, subscriptions, assignors, committer);
            this.heartbeat = new HeartbeatThread(membership, config.common().clientId());
            heartbeat.start();
        } else {
            this.membership = null;
            this.committer = null;
            this.coordinator = null;
            this.heartbeat = null;
        }
    }

    /** Replaces the assignment; partitions kept from the old one keep their position. Not with {@link #subscribe}. */
    public void assign(Collection<TopicPartition> partitions) {
        subscriptions.assignFromUser(partitions);
        client.requestMetadataUpdate();
    }

    /** The partitions this consumer reads now: assigned by hand, or by the group. */
    public Set<TopicPartition> assignment() {
        return subscriptions.assigned();
    }

    /** Joins the group ({@code group.id}) for {@code topics}; the assignment arrives in {@link #poll}. */
    public void subscribe(Collection<String> topics) {
        subscribe(topics, null);
    }

    /** As {@link #subscribe(Collection)}, telling {@code listener} about assignment changes from {@link #poll}. */
    public void subscribe(Collection<String> topics, ConsumerRebalanceListener listener) {
        requireGroup("subscribe");
        subscriptions.subscribe(topics, listener);
        client.requestMetadataUpdate();
    }

    public Set<String> subscription() {
        return subscriptions.subscription();
    }

    /** Drops the subscription or the manual assignment; a group member revokes its partitions and leaves. */
    public void unsubscribe() {
        if (coordinator != null && subscriptions.mode() == SubscriptionState.Mode.SUBSCRIBED) {
            coordinator.close(System.currentTimeMillis() + config.common().defaultApiTimeoutMs());
        }
        subscriptions.unsubscribe();
    }

    /** The partitions of {@code topic} (fetching metadata), as topic-partitions to pass to {@link #assign}. */
    public List<TopicPartition> partitionsFor(String topic, Duration timeout) {
        Cluster c = client.fetchMetadata(List.of(topic), false, timeout.toMillis());
        TopicMetadata t = c.topic(topic).orElseThrow(() ->
                new GregorApiException(Errors.UNKNOWN_TOPIC_OR_PARTITION, "topic " + topic + " is not in the metadata"));
        if (t.error() != Errors.NONE) {
            throw new GregorApiException(t.error(), "metadata for topic " + topic);
        }
        return t.partitions().stream().map(PartitionInfo::topicPartition).toList();
    }

    public void seek(TopicPartition tp, long offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("seek offset " + offset + " for " + tp + " is negative");
        }
        SubscriptionState.PartitionState s = subscriptions.state(tp);
        s.position = offset;
        s.pendingReset = null;
        s.clearFetched();
    }

    public void seekToBeginning(Collection<TopicPartition> partitions) {
        requestReset(partitions, OffsetResetStrategy.EARLIEST);
    }

    public void seekToEnd(Collection<TopicPartition> partitions) {
        requestReset(partitions, OffsetResetStrategy.LATEST);
    }

    private void requestReset(Collection<TopicPartition> partitions, OffsetResetStrategy strategy) {
        for (TopicPartition tp : partitions.isEmpty() ? subscriptions.assigned() : partitions) {
            SubscriptionState.PartitionState s = subscriptions.state(tp);
            s.position = null;
            s.pendingReset = strategy;
            s.clearFetched();
        }
    }

    /** The offset of the next record {@link #poll} returns for {@code tp}, looking it up if needed. */
    public long position(TopicPartition tp) {
        SubscriptionState.PartitionState s = subscriptions.state(tp);
        if (s.position == null) {
            resolvePositions(System.currentTimeMillis() + config.common().defaultApiTimeoutMs());
        }
        return s.position;
    }

    public Map<TopicPartition, Long> beginningOffsets(Collection<TopicPartition> partitions) {
        return offsets.offsets(OffsetLookup.all(partitions, -2L), System.currentTimeMillis() + config.common().defaultApiTimeoutMs());
    }

    public Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> partitions) {
        return offsets.offsets(OffsetLookup.all(partitions, -1L), System.currentTimeMillis() + config.common().defaultApiTimeoutMs());
    }

    /**
     * Positions for partitions that have none: a pending seekToBeginning/End, else the group's
     * committed offset, else {@code auto.offset.reset}.
     */
    private void resolvePositions(long deadlineMs) {
        Map<TopicPartition, SubscriptionState.PartitionState> unknown = new LinkedHashMap<>();
        subscriptions.partitions().forEach((tp, s) -> {
            if (s.position == null) {
                unknown.put(tp, s);
            }
        });
        if (unknown.isEmpty()) {
            return;
        }
        if (committer != null) {
            Set<TopicPartition> withoutReset = new java.util.HashSet<>();
            unknown.forEach((tp, s) -> {
                if (s.pendingReset == null) {
                    withoutReset.add(tp);
                }
            });
            // a short poll must not starve the lookup: give it at least request.timeout.ms
            long lookupDeadline = Math.max(deadlineMs, System.currentTimeMillis() + config.common().requestTimeoutMs());
            committer.fetchCommitted(withoutReset, lookupDeadline).forEach((tp, committed) -> {
                if (committed != null && unknown.get(tp).position == null) {
                    unknown.get(tp).position = committed.offset();
                    log.debug("Position of {} starts at committed offset {}", tp, committed.offset());
                }
            });
        }
        Map<TopicPartition, Long> lookups = new LinkedHashMap<>();
        unknown.forEach((tp, s) -> {
            if (s.position != null) {
                return;
            }
            OffsetResetStrategy strategy = s.pendingReset != null ? s.pendingReset : config.autoOffsetReset();
            if (strategy == OffsetResetStrategy.NONE) {
                throw new GregorApiException(Errors.OFFSET_OUT_OF_RANGE, "partition " + tp
                        + " has no position and auto.offset.reset=none");
            }
            lookups.put(tp, strategy.listOffsetsTimestamp());
        });
        if (lookups.isEmpty()) {
            return;
        }
        offsets.offsets(lookups, deadlineMs).forEach((tp, offset) -> {
            SubscriptionState.PartitionState s = subscriptions.partitions().get(tp);
            if (s != null && s.position == null) {
                s.position = offset;
                s.pendingReset = null;
                log.debug("Reset position of {} to {}", tp, offset);
            }
        });
    }

    /**
     * Records from the assigned partitions: returns as soon as some are available, or empty after
     * {@code timeout}. At most {@code max.poll.records} per call. A group member (re)joins here and
     * its rebalance listener is called from here.
     */
    public ConsumerRecords<K, V> poll(Duration timeout) {
        if (subscriptions.mode() == SubscriptionState.Mode.NONE) {
            throw new IllegalStateException("poll without a subscription or an assignment: call subscribe() or assign() first");
        }
        long deadline = System.currentTimeMillis() + Math.max(0, timeout.toMillis());
        do {
            try {
                if (subscriptions.mode() == SubscriptionState.Mode.SUBSCRIBED) {
                    if (!coordinator.poll(deadline)) {
                        continue;
                    }
                } else if (coordinator != null) {
                    committer.invokeCompletedCallbacks();
                    coordinator.maybeAutoCommit(System.currentTimeMillis());
                }
                resolvePositions(deadline);
            } catch (GregorApiException e) {
                if (e.error() == Errors.REQUEST_TIMED_OUT || e.isRetriable()) {
                    return ConsumerRecords.empty();
                }
                throw e;
            }
            ConsumerRecords<K, V> ready = fetcher.drainBuffered();
            if (!ready.isEmpty()) {
                return ready;
            }
            fetcher.fetch(deadline);
            ready = fetcher.drainBuffered();
            if (!ready.isEmpty()) {
                return ready;
            }
        } while (System.currentTimeMillis() < deadline);
        return ConsumerRecords.empty();
    }

    /** Commits the positions of every assigned partition, retrying until {@code default.api.timeout.ms}. */
    /**
     * The group, generation and member id to hand to a transactional producer's
     * {@code sendOffsetsToTransaction}; fails when the consumer has no {@code group.id}.
     */
    public ConsumerGroupMetadata groupMetadata() {
        if (membership == null) {
            throw new IllegalStateException("the consumer has no group.id, so it has no group metadata");
        }
        GroupMembership.Generation g = membership.generation();
        return new ConsumerGroupMetadata(config.group().groupId(), g.generationId(),
                g.memberId() == null ? "" : g.memberId(), config.group().groupInstanceId());
    }

    public void commitSync() {
        commitSync(Duration.ofMillis(config.common().defaultApiTimeoutMs()));
    }

    public void commitSync(Duration timeout) {
        commitSync(subscriptions.allConsumed(), timeout);
    }

    /** Commits {@code offsets} (the offset of the next record to read, per partition). */
    public void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
        commitSync(offsets, Duration.ofMillis(config.common().defaultApiTimeoutMs()));
    }

    public void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets, Duration timeout) {
        requireGroup("commitSync");
        committer.commitSync(offsets, System.currentTimeMillis() + timeout.toMillis());
    }

    public void commitAsync() {
        commitAsync((OffsetCommitCallback) null);
    }

    /** Sends a commit of every assigned partition's position; {@code callback} runs in a later poll or commit. */
    public void commitAsync(OffsetCommitCallback callback) {
        commitAsync(subscriptions.allConsumed(), callback);
    }

    public void commitAsync(Map<TopicPartition, OffsetAndMetadata> offsets, OffsetCommitCallback callback) {
        requireGroup("commitAsync");
        OffsetCommitCallback cb = callback != null ? callback : (o, e) -> {
            if (e != null) {
                log.warn("Async commit of {} to group {} failed: {}", o.keySet(), config.group().groupId(), e.getMessage());
            }
        };
        committer.commitAsync(offsets, cb, System.currentTimeMillis() + config.common().requestTimeoutMs());
    }

    /** The group's committed offsets for {@code partitions}; a partition without one maps to null. */
    public Map<TopicPartition, OffsetAndMetadata> committed(Set<TopicPartition> partitions) {
        return committed(partitions, Duration.ofMillis(config.common().defaultApiTimeoutMs()));
    }

    public Map<TopicPartition, OffsetAndMetadata> committed(Set<TopicPartition> partitions, Duration timeout) {
        requireGroup("committed");
        return committer.fetchCommitted(partitions, System.currentTimeMillis() + timeout.toMillis());
    }

    private void requireGroup(String operation) {
        if (coordinator == null) {
            throw new IllegalStateException(operation + "() needs a consumer group: set group.id");
        }
    }

    /** Closes within {@code default.api.timeout.ms}; see {@link #close(Duration)}. */
    @Override
    public void close() {
        close(Duration.ofMillis(config.common().defaultApiTimeoutMs()));
    }

    /**
     * A group member commits its positions (with auto-commit), revokes its partitions and leaves
     * the group (a static member, with group.instance.id, stays until its session times out).
     */
    public void close(Duration timeout) {
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        try {
            if (coordinator != null) {
                if (subscriptions.mode() == SubscriptionState.Mode.SUBSCRIBED) {
                    coordinator.close(deadline);
                } else if (subscriptions.mode() == SubscriptionState.Mode.USER_ASSIGNED && config.group().enableAutoCommit()) {
                    committer.commitSync(subscriptions.allConsumed(), deadline);
                }
            }
        } catch (RuntimeException e) {
            log.warn("Closing consumer {} of group {}: {}", config.common().clientId(), config.group().groupId(), e.getMessage());
        } finally {
            if (heartbeat != null) {
                membership.close(); // fails a heartbeat in flight, so the thread stops promptly
                heartbeat.shutdown();
            }
            client.close();
        }
    }
}
