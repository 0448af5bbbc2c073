package io.gregor.clients.consumer;

import io.gregor.clients.network.Cluster;
import io.gregor.clients.network.GregorApiException;
import io.gregor.clients.network.NetworkClient;
import io.gregor.clients.network.Node;
import io.gregor.clients.network.TopicMetadata;
import io.gregor.clients.network.TopicPartition;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.FetchRequest;
import io.gregor.clients.protocol.schemas.FetchRequest.Topics;
import io.gregor.clients.protocol.schemas.FetchResponse;
import io.gregor.clients.protocol.schemas.FetchResponse.Responses;
import io.gregor.clients.protocol.schemas.FetchResponse.Responses.Partitions.AbortedTransactions;
import io.gregor.clients.record.MemoryRecords;
import io.gregor.clients.record.Record;
import io.gregor.clients.record.Records;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetch requests for the assigned partitions that have a position, one per leader, and the
 * records they bring, buffered per partition and handed out up to {@code max.poll.records} per
 * poll in offset order. An out-of-range position is reset by {@code auto.offset.reset}. Polling
 * thread only.
 */
final class Fetcher<K, V> {
    private static final Logger log = LoggerFactory.getLogger(Fetcher.class);
    private static final int FETCH_TOPIC_ID_MIN_VERSION = 13;

    private final ConsumerConfig config;
    private final NetworkClient client;
    private final SubscriptionState subscriptions;
    private final Deserializer<K> keyDeserializer;
    private final Deserializer<V> valueDeserializer;

    Fetcher(ConsumerConfig config, NetworkClient client, SubscriptionState subscriptions,
            Deserializer<K> keyDeserializer, Deserializer<V> valueDeserializer) {
        this.config = config;
        this.client = client;
        this.subscriptions = subscriptions;
        this.keyDeserializer = keyDeserializer;
        this.valueDeserializer = valueDeserializer;
    }

    /** Buffered records, advancing positions past what it returns. */
    ConsumerRecords<K, V> drainBuffered() {
        Map<TopicPartition, List<ConsumerRecord<K, V>>> out = new LinkedHashMap<>();
        int budget = config.maxPollRecords();
        for (var e : subscriptions.partitions().entrySet()) {
            SubscriptionState.PartitionState s = e.getValue();
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
    void fetch(long deadlineMs) {
        Map<TopicPartition, SubscriptionState.PartitionState> assignment = subscriptions.partitions();
        Set<String> topics = new HashSet<>(subscriptions.subscription());
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
            Struct req = ApiMessages.request(ApiKey.FETCH).newStruct().set(FetchRequest.REPLICA_ID, -1)
                    .set(FetchRequest.MAX_WAIT_MS, maxWait)
                    .set(FetchRequest.MIN_BYTES, config.fetchMinBytes())
                    .set(FetchRequest.MAX_BYTES, config.fetchMaxBytes())
                    .set(FetchRequest.ISOLATION_LEVEL, config.isolationLevel()).set(FetchRequest.SESSION_ID, 0)
                    .set(FetchRequest.SESSION_EPOCH, -1);
            Map<String, Struct> topicEntries = new LinkedHashMap<>();
            for (TopicPartition tp : e.getValue()) {
                UUID id = cluster.topic(tp.topic()).map(TopicMetadata::topicId).orElse(Field.ZERO_UUID);
                allIds &= !Field.ZERO_UUID.equals(id);
                topicNames.put(id, tp.topic());
                topicEntries.computeIfAbsent(tp.topic(), t -> req.addElement(FetchRequest.TOPICS).set(Topics.TOPIC, t)
                        .set(Topics.TOPIC_ID, id))
                        .addElement(Topics.PARTITIONS).set(FetchRequest.Topics.Partitions.PARTITION, tp.partition())
                        .set(FetchRequest.Topics.Partitions.FETCH_OFFSET, assignment.get(tp).position)
                        .set(FetchRequest.Topics.Partitions.PARTITION_MAX_BYTES, config.maxPartitionFetchBytes());
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

    /** The response's aborted transactions for a read_committed consumer; none for read_uncommitted. */
    private List<AbortedTransaction> abortedTransactions(Struct partition) {
        if (config.isolationLevel() != ConsumerConfig.READ_COMMITTED) {
            return List.of();
        }
        List<Struct> aborted = partition.getStructs(FetchResponse.Responses.Partitions.ABORTED_TRANSACTIONS);
        if (aborted == null || aborted.isEmpty()) {
            return List.of();
        }
        List<AbortedTransaction> out = new ArrayList<>(aborted.size());
        for (Struct a : aborted) {
            out.add(new AbortedTransaction(a.getLong(AbortedTransactions.PRODUCER_ID),
                    a.getLong(AbortedTransactions.FIRST_OFFSET)));
        }
        return out;
    }

    private void handleFetchResponse(Node node, Struct resp, Map<UUID, String> topicNames) {
        Errors top = Errors.forCode(resp.getShort(FetchResponse.ERROR_CODE));
        if (top != Errors.NONE) {
            log.debug("Fetch from {} answered {}", node, top);
            client.requestMetadataUpdate();
            return;
        }
        for (Struct t : resp.getStructs(FetchResponse.RESPONSES)) {
            String topic = t.getString(Responses.TOPIC);
            if (topic == null || topic.isEmpty()) {
                topic = topicNames.get(t.getUuid(Responses.TOPIC_ID));
            }
            for (Struct p : t.getStructs(Responses.PARTITIONS)) {
                TopicPartition tp = new TopicPartition(topic,
                        p.getInt(FetchResponse.Responses.Partitions.PARTITION_INDEX));
                SubscriptionState.PartitionState s = subscriptions.partitions().get(tp);
                if (s == null || s.position == null) {
                    continue;
                }
                Errors error = Errors.forCode(p.getShort(FetchResponse.Responses.Partitions.ERROR_CODE));
                switch (error) {
                    case NONE -> {
                        Records records = p.getRecords(FetchResponse.Responses.Partitions.RECORDS);
                        if (records instanceof MemoryRecords mr && mr.sizeInBytes() > 0) {
                            FetchedRecords fetched = FetchedRecords.parse(mr.buffer(), s.position, config.checkCrcs(),
                                    abortedTransactions(p));
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
}
