package io.gregor.clients.consumer;

import io.gregor.clients.network.Cluster;
import io.gregor.clients.network.ConfigValues;
import io.gregor.clients.protocol.Field;
import io.gregor.clients.network.GregorApiException;
import io.gregor.clients.network.NetworkClient;
import io.gregor.clients.network.Node;
import io.gregor.clients.network.PartitionInfo;
import io.gregor.clients.network.TopicMetadata;
import io.gregor.clients.network.TopicPartition;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.record.MemoryRecords;
import io.gregor.clients.record.Record;
import io.gregor.clients.record.Records;
import java.io.Closeable;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gregor's consumer for manually assigned partitions: {@link #assign}, {@link #seek},
 * {@link #seekToBeginning}/{@link #seekToEnd}, {@link #position} and {@link #poll}, which fetches
 * from each partition's leader and returns up to {@code max.poll.records} records in offset order
 * per partition. A partition without a position, or whose position fell out of range, is reset by
 * {@code auto.offset.reset}. Consumer groups ({@code subscribe}, offset commits) are not supported
 * yet. Not thread safe, like Kafka's consumer: use it from one thread.
 */
public final class GregorConsumer<K, V> implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(GregorConsumer.class);
    private static final int FETCH_TOPIC_ID_MIN_VERSION = 13;

    /** Per-partition consumer state: position (null until known), pending reset, records fetched but not returned. */
    private static final class PartitionState {
        Long position;
        OffsetResetStrategy pendingReset;
        final Deque<FetchedRecords.Entry> buffered = new ArrayDeque<>();
        long nextFetchOffset = -1;
    }

    private final ConsumerConfig config;
    private final Deserializer<K> keyDeserializer;
    private final Deserializer<V> valueDeserializer;
    private final NetworkClient client;
    private final OffsetLookup offsets;
    private final Map<TopicPartition, PartitionState> assignment = new LinkedHashMap<>();

    public GregorConsumer(Map<String, ?> configs, Deserializer<K> keyDeserializer, Deserializer<V> valueDeserializer) {
        this(ConsumerConfig.from(new ConfigValues(configs)), keyDeserializer, valueDeserializer);
    }

    public GregorConsumer(Properties props, Deserializer<K> keyDeserializer, Deserializer<V> valueDeserializer) {
        this(ConsumerConfig.from(ConfigValues.of(props)), keyDeserializer, valueDeserializer);
    }

    public GregorConsumer(ConsumerConfig config, Deserializer<K> keyDeserializer, Deserializer<V> valueDeserializer) {
        this.config = config;
        this.keyDeserializer = keyDeserializer;
        this.valueDeserializer = valueDeserializer;
        this.client = new NetworkClient(config.common());
        this.offsets = new OffsetLookup(client, config.isolationLevel());
    }

    /** Replaces the assignment; partitions kept from the old one keep their position. */
    public void assign(Collection<TopicPartition> partitions) {
        Map<TopicPartition, PartitionState> next = new LinkedHashMap<>();
        for (TopicPartition tp : partitions) {
            next.put(tp, assignment.getOrDefault(tp, new PartitionState()));
        }
        assignment.clear();
        assignment.putAll(next);
        client.requestMetadataUpdate();
    }

    public Set<TopicPartition> assignment() {
        return Set.copyOf(assignment.keySet());
    }

    /** Consumer groups come in a later Gregor release; use {@link #assign} with {@link #partitionsFor}. */
    public void subscribe(Collection<String> topics) {
        throw new UnsupportedOperationException("subscribe needs consumer groups, which Gregor does not support yet; "
                + "use assign(partitionsFor(topic)) instead");
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
        PartitionState s = state(tp);
        s.position = offset;
        s.pendingReset = null;
        s.buffered.clear();
        s.nextFetchOffset = -1;
    }

    public void seekToBeginning(Collection<TopicPartition> partitions) {
        requestReset(partitions, OffsetResetStrategy.EARLIEST);
    }

    public void seekToEnd(Collection<TopicPartition> partitions) {
        requestReset(partitions, OffsetResetStrategy.LATEST);
    }

    private void requestReset(Collection<TopicPartition> partitions, OffsetResetStrategy strategy) {
        for (TopicPartition tp : partitions.isEmpty() ? assignment.keySet() : partitions) {
            PartitionState s = state(tp);
            s.position = null;
            s.pendingReset = strategy;
            s.buffered.clear();
            s.nextFetchOffset = -1;
        }
    }

    /** The offset of the next record {@link #poll} returns for {@code tp}, looking it up if needed. */
    public long position(TopicPartition tp) {
        PartitionState s = state(tp);
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

    private PartitionState state(TopicPartition tp) {
        PartitionState s = assignment.get(tp);
        if (s == null) {
            throw new IllegalStateException("partition " + tp + " is not assigned to this consumer");
        }
        return s;
    }

    /** Positions for partitions that have none, by their pending reset or auto.offset.reset. */
    private void resolvePositions(long deadlineMs) {
        Map<TopicPartition, Long> lookups = new LinkedHashMap<>();
        for (var e : assignment.entrySet()) {
            PartitionState s = e.getValue();
            if (s.position != null) {
                continue;
            }
            OffsetResetStrategy strategy = s.pendingReset != null ? s.pendingReset : config.autoOffsetReset();
            if (strategy == OffsetResetStrategy.NONE) {
                throw new GregorApiException(Errors.OFFSET_OUT_OF_RANGE, "partition " + e.getKey()
                        + " has no position and auto.offset.reset=none");
            }
            lookups.put(e.getKey(), strategy.listOffsetsTimestamp());
        }
        if (lookups.isEmpty()) {
            return;
        }
        offsets.offsets(lookups, deadlineMs).forEach((tp, offset) -> {
            PartitionState s = assignment.get(tp);
            if (s != null && s.position == null) {
                s.position = offset;
                s.pendingReset = null;
                log.debug("Reset position of {} to {}", tp, offset);
            }
        });
    }

    /**
     * Records from the assigned partitions: returns as soon as some are available, or empty after
     * {@code timeout}. At most {@code max.poll.records} per call.
     */
    public ConsumerRecords<K, V> poll(Duration timeout) {
        if (assignment.isEmpty()) {
            throw new IllegalStateException("poll without an assignment: call assign() first");
        }
        long deadline = System.currentTimeMillis() + Math.max(0, timeout.toMillis());
        do {
            try {
                resolvePositions(deadline);
            } catch (GregorApiException e) {
                if (e.error() == Errors.REQUEST_TIMED_OUT || e.isRetriable()) {
                    return ConsumerRecords.empty();
                }
                throw e;
            }
            ConsumerRecords<K, V> ready = drainBuffered();
            if (!ready.isEmpty()) {
                return ready;
            }
            fetch(deadline);
            ready = drainBuffered();
            if (!ready.isEmpty()) {
                return ready;
            }
        } while (System.currentTimeMillis() < deadline);
        return ConsumerRecords.empty();
    }

    private ConsumerRecords<K, V> drainBuffered() {
        Map<TopicPartition, List<ConsumerRecord<K, V>>> out = new LinkedHashMap<>();
        int budget = config.maxPollRecords();
        for (var e : assignment.entrySet()) {
            PartitionState s = e.getValue();
            TopicPartition tp = e.getKey();
            while (budget > 0 && !s.buffered.isEmpty()) {
                FetchedRecords.Entry entry = s.buffered.pollFirst();
                Record r = entry.record();
                byte[] key = r.keyBytes();
                byte[] value = r.valueBytes();
                out.computeIfAbsent(tp, k -> new ArrayList<>()).add(new ConsumerRecord<>(tp.topic(), tp.partition(),
                        r.offset(), entry.timestamp(), entry.timestampType(), key == null ? -1 : key.length,
                        value == null ? -1 : value.length, keyDeserializer.deserialize(tp.topic(), key),
                        valueDeserializer.deserialize(tp.topic(), value), r.headers()));
                s.position = r.offset() + 1;
                budget--;
            }
            if (s.buffered.isEmpty() && s.position != null && s.nextFetchOffset > s.position) {
                s.position = s.nextFetchOffset;
            }
        }
        return new ConsumerRecords<>(out);
    }

    /** One round of Fetch requests, one per leader, for partitions with a position and nothing buffered. */
    private void fetch(long deadlineMs) {
        Set<String> topics = new HashSet<>();
        assignment.keySet().forEach(tp -> topics.add(tp.topic()));
        Cluster cluster = client.maybeUpdateMetadata(topics, false);
        Map<Node, List<TopicPartition>> byLeader = new LinkedHashMap<>();
        for (var e : assignment.entrySet()) {
            if (e.getValue().position == null || !e.getValue().buffered.isEmpty()) {
                continue;
            }
            var leader = cluster.leaderFor(e.getKey());
            if (leader.isEmpty()) {
                client.requestMetadataUpdate();
                continue;
            }
            byLeader.computeIfAbsent(leader.get(), n -> new ArrayList<>()).add(e.getKey());
        }
        if (byLeader.isEmpty()) {
            NetworkClient.sleep(Math.max(1, Math.min(config.common().retryBackoffMs(), deadlineMs - System.currentTimeMillis())));
            return;
        }
        int maxWait = (int) Math.max(0, Math.min(config.fetchMaxWaitMs(), deadlineMs - System.currentTimeMillis()));
        Map<UUID, String> topicNames = new HashMap<>();
        Map<Node, CompletableFuture<Struct>> inFlight = new LinkedHashMap<>();
        for (var e : byLeader.entrySet()) {
            boolean allIds = true;
            Struct req = ApiMessages.request(ApiKey.FETCH).newStruct().set("ReplicaId", -1).set("MaxWaitMs", maxWait)
                    .set("MinBytes", config.fetchMinBytes()).set("MaxBytes", config.fetchMaxBytes())
                    .set("IsolationLevel", config.isolationLevel()).set("SessionId", 0).set("SessionEpoch", -1);
            Map<String, Struct> topicEntries = new LinkedHashMap<>();
            for (TopicPartition tp : e.getValue()) {
                UUID id = cluster.topic(tp.topic()).map(TopicMetadata::topicId).orElse(Field.ZERO_UUID);
                allIds &= !Field.ZERO_UUID.equals(id);
                topicNames.put(id, tp.topic());
                topicEntries.computeIfAbsent(tp.topic(), t -> req.addElement("Topics").set("Topic", t).set("TopicId", id))
                        .addElement("Partitions").set("Partition", tp.partition())
                        .set("FetchOffset", assignment.get(tp).position)
                        .set("PartitionMaxBytes", config.maxPartitionFetchBytes());
            }
            short cap = allIds ? ApiKey.FETCH.maxVersion : (short) (FETCH_TOPIC_ID_MIN_VERSION - 1);
            inFlight.put(e.getKey(), client.send(e.getKey(), ApiKey.FETCH, req, cap));
        }
        for (var f : inFlight.entrySet()) {
            Struct resp;
            try {
                resp = NetworkClient.await(f.getValue(), deadlineMs + config.common().requestTimeoutMs());
            } catch (GregorApiException e) {
                log.debug("Fetch from {} failed: {}", f.getKey(), e.getMessage());
                client.requestMetadataUpdate();
                continue;
            }
            handleFetchResponse(f.getKey(), resp, topicNames);
        }
    }

    private void handleFetchResponse(Node node, Struct resp, Map<UUID, String> topicNames) {
        Errors top = Errors.forCode(resp.getShort("ErrorCode"));
        if (top != Errors.NONE) {
            log.debug("Fetch from {} answered {}", node, top);
            client.requestMetadataUpdate();
            return;
        }
        for (Struct t : resp.getStructs("Responses")) {
            String topic = t.getString("Topic");
            if (topic == null || topic.isEmpty()) {
                topic = topicNames.get(t.getUuid("TopicId"));
            }
            for (Struct p : t.getStructs("Partitions")) {
                TopicPartition tp = new TopicPartition(topic, p.getInt("PartitionIndex"));
                PartitionState s = assignment.get(tp);
                if (s == null || s.position == null) {
                    continue;
                }
                Errors error = Errors.forCode(p.getShort("ErrorCode"));
                switch (error) {
                    case NONE -> {
                        Records records = p.getRecords("Records");
                        if (records instanceof MemoryRecords mr && mr.sizeInBytes() > 0) {
                            FetchedRecords fetched = FetchedRecords.parse(mr.buffer(), s.position, config.checkCrcs());
                            s.buffered.addAll(fetched.records());
                            s.nextFetchOffset = fetched.nextFetchOffset();
                        }
                    }
                    case OFFSET_OUT_OF_RANGE -> {
                        if (config.autoOffsetReset() == OffsetResetStrategy.NONE) {
                            throw new GregorApiException(error, "fetch position " + s.position + " of " + tp
                                    + " is out of range and auto.offset.reset=none");
                        }
                        log.info("Fetch position {} of {} is out of range; resetting to {}", s.position, tp,
                                config.autoOffsetReset());
                        s.position = null;
                        s.pendingReset = config.autoOffsetReset();
                        s.nextFetchOffset = -1;
                    }
                    default -> {
                        if (!error.isRetriable() && error != Errors.UNKNOWN_SERVER_ERROR) {
                            throw new GregorApiException(error, "fetch of " + tp + " from " + node);
                        }
                        client.requestMetadataUpdate();
                    }
                }
            }
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
