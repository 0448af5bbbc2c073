package io.gregor.broker.metrics;

import io.gregor.broker.handlers.data.FetchReplica;
import io.gregor.broker.network.ApiHandler;
import io.gregor.broker.network.ApiHandlerRegistry;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.FetchResponse;
import io.gregor.clients.protocol.schemas.ProduceRequest;
import io.gregor.clients.protocol.schemas.ProduceRequest.TopicData;
import io.gregor.clients.protocol.schemas.ProduceRequest.TopicData.PartitionData;
import io.gregor.clients.protocol.schemas.ProduceResponse;
import io.gregor.clients.protocol.schemas.ProduceResponse.Responses;
import io.gregor.clients.protocol.schemas.ProduceResponse.Responses.PartitionResponses;
import io.gregor.clients.record.MemoryRecords;
import io.gregor.clients.record.RecordBatch;
import io.gregor.clients.record.RecordConversion;
import io.gregor.clients.record.Records;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Records {@link BrokerTopicMetrics} around the Produce and Fetch handlers: per partition of a
 * request, from the request's record sizes and batch headers and the response's error codes; no
 * record is decoded. Follower fetches are not counted in BytesOutPerSec, as in Kafka. As in Kafka, a
 * partition answered with an error of the client's routing or of the partition's state (unknown
 * topic, not the leader, too large, corrupt, storage error; for fetches also offset out of range and
 * the epoch and topic id errors) is not a failed request; so a client naming made-up topics creates
 * no per-topic meters. BytesRejectedPerSec counts, as Kafka marks it, the whole partition's record
 * bytes of a produce refused with MESSAGE_TOO_LARGE (a batch above the topic's max.message.bytes);
 * Kafka marks no other refusal there. TotalProduceRequestsPerSec and TotalFetchRequestsPerSec count
 * each partition of a request's response (a Fetch also when a follower sends it, as in Kafka); per
 * topic only for topics the broker knows.
 */
public final class BrokerTopicMetricsGate {
    private static final java.util.Set<Short> NOT_FAILED_PRODUCE = codes(Errors.UNKNOWN_TOPIC_OR_PARTITION,
            Errors.NOT_LEADER_OR_FOLLOWER, Errors.MESSAGE_TOO_LARGE, Errors.RECORD_LIST_TOO_LARGE,
            Errors.CORRUPT_MESSAGE, Errors.KAFKA_STORAGE_ERROR);
    private static final java.util.Set<Short> NOT_FAILED_FETCH = codes(Errors.UNKNOWN_TOPIC_OR_PARTITION,
            Errors.NOT_LEADER_OR_FOLLOWER, Errors.UNKNOWN_LEADER_EPOCH, Errors.FENCED_LEADER_EPOCH,
            Errors.REPLICA_NOT_AVAILABLE, Errors.KAFKA_STORAGE_ERROR, Errors.OFFSET_OUT_OF_RANGE,
            Errors.INCONSISTENT_TOPIC_ID, Errors.UNKNOWN_TOPIC_ID);

    private final BrokerTopicMetrics metrics;
    private final Function<UUID, Optional<String>> topicNames;

    public BrokerTopicMetricsGate(BrokerTopicMetrics metrics, Function<UUID, Optional<String>> topicNames) {
        this.metrics = metrics;
        this.topicNames = topicNames;
    }

    public void install(ApiHandlerRegistry registry) {
        registry.wrap(ApiKey.PRODUCE, this::produce);
        registry.wrap(ApiKey.FETCH, this::fetch);
    }

    /** A partition of a produce request, the key of its sizes. */
    private record Partition(String topic, int index) {
    }

    private ApiHandler produce(ApiHandler handler) {
        return (context, request) -> {
            // sizes read before the handler runs: it may hand the buffers on
            Map<Partition, long[]> sizes = new HashMap<>(); // -> {messages, bytes}
            for (Struct topic : request.getStructs(ProduceRequest.TOPIC_DATA)) {
                String name = topic.getString(TopicData.NAME);
                for (Struct p : topic.getStructs(TopicData.PARTITION_DATA)) {
                    Records records = p.getRecords(PartitionData.RECORDS);
                    if (records instanceof MemoryRecords memory) {
                        sizes.put(new Partition(name, p.getInt(PartitionData.INDEX)),
                                new long[] {messageCount(memory), memory.sizeInBytes()});
                    }
                }
            }
            return handler.handle(context, request).thenApply(response -> {
                if (response == null) { // acks=0: no answer, counted as appended
                    for (Struct topic : request.getStructs(ProduceRequest.TOPIC_DATA)) {
                        String name = topic.getString(TopicData.NAME);
                        for (Struct p : topic.getStructs(TopicData.PARTITION_DATA)) {
                            metrics.produceRequest(name);
                            long[] s = sizes.get(new Partition(name, p.getInt(PartitionData.INDEX)));
                            if (s != null) {
                                metrics.produced(name, s[0], s[1]);
                            }
                        }
                    }
                    return null;
                }
                for (Struct topic : response.getStructs(ProduceResponse.RESPONSES)) {
                    String name = topic.getString(Responses.NAME);
                    for (Struct p : topic.getStructs(Responses.PARTITION_RESPONSES)) {
                        short error = p.getShort(PartitionResponses.ERROR_CODE);
                        metrics.produceRequest(error == Errors.UNKNOWN_TOPIC_OR_PARTITION.code() ? null : name);
                        if (error == Errors.NONE.code()) {
                            long[] s = sizes.get(new Partition(name, p.getInt(PartitionResponses.INDEX)));
                            if (s != null) {
                                metrics.produced(name, s[0], s[1]);
                            }
                        } else if (error == Errors.MESSAGE_TOO_LARGE.code()) {
                            long[] s = sizes.get(new Partition(name, p.getInt(PartitionResponses.INDEX)));
                            if (s != null) {
                                metrics.bytesRejected(name, s[1]);
                            }
                        } else if (!NOT_FAILED_PRODUCE.contains(p.getShort(PartitionResponses.ERROR_CODE))) {
                            metrics.produceFailed(name);
                        }
                    }
                }
                return response;
            });
        };
    }

    private ApiHandler fetch(ApiHandler handler) {
        return (context, request) -> {
            boolean follower = FetchReplica.of(context.apiVersion(), request).isFollower();
            return handler.handle(context, request).thenApply(response -> {
                if (response == null) {
                    return null;
                }
                for (Struct topic : response.getStructs(FetchResponse.RESPONSES)) {
                    String name = context.apiVersion() >= 13
                            ? topicNames.apply(topic.get(FetchResponse.Responses.TOPIC_ID)).orElse(null)
                            : topic.getString(FetchResponse.Responses.TOPIC);
                    for (Struct p : topic.getStructs(FetchResponse.Responses.PARTITIONS)) {
                        short error = p.getShort(FetchResponse.Responses.Partitions.ERROR_CODE);
                        metrics.fetchRequest(error == Errors.UNKNOWN_TOPIC_OR_PARTITION.code() ? null : name);
                        if (error != Errors.NONE.code()) {
                            if (!NOT_FAILED_FETCH.contains(error)) {
                                metrics.fetchFailed(name);
                            }
                        } else if (!follower) {
                            Records records = p.getRecords(FetchResponse.Responses.Partitions.RECORDS);
                            if (records != null) {
                                metrics.fetched(name, records.sizeInBytes());
                            }
                        }
                    }
                }
                return response;
            });
        };
    }

    private static java.util.Set<Short> codes(Errors... errors) {
        java.util.Set<Short> codes = new java.util.HashSet<>();
        for (Errors e : errors) {
            codes.add(e.code());
        }
        return java.util.Set.copyOf(codes);
    }

    /** The records of every batch, from the batch headers (a legacy v0/v1 set counts as none here). */
    private static long messageCount(MemoryRecords memory) {
        if (RecordConversion.isLegacy(memory)) {
            return 0;
        }
        long count = 0;
        for (RecordBatch batch : memory.batches()) {
            count += batch.recordCount();
        }
        return count;
    }
}
