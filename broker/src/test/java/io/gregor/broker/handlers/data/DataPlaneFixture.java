package io.gregor.broker.handlers.data;

import io.gregor.broker.network.ApiHandler;
import io.gregor.broker.network.ApiHandlerRegistry;
import io.gregor.broker.network.RequestContext;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.MessageCodec;
import io.gregor.clients.protocol.MessageType;
import io.gregor.clients.protocol.RequestHeader;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.FetchRequest;
import io.gregor.clients.protocol.schemas.FetchRequest.Topics;
import io.gregor.clients.protocol.schemas.FetchRequest.Topics.Partitions;
import io.gregor.clients.protocol.schemas.FetchResponse;
import io.gregor.clients.protocol.schemas.LeaderAndIsrRequest;
import io.gregor.clients.protocol.schemas.LeaderAndIsrRequest.LeaderAndIsrPartitionState;
import io.gregor.clients.protocol.schemas.LeaderAndIsrRequest.TopicStates;
import io.gregor.clients.protocol.schemas.LeaderAndIsrResponse;
import io.gregor.clients.protocol.schemas.ProduceRequest;
import io.gregor.clients.protocol.schemas.ProduceRequest.TopicData;
import io.gregor.clients.protocol.schemas.ProduceRequest.TopicData.PartitionData;
import io.gregor.clients.protocol.schemas.ProduceResponse;
import io.gregor.clients.record.Compression;
import io.gregor.clients.record.MemoryRecords;
import io.gregor.clients.record.MemoryRecordsBuilder;
import io.gregor.clients.record.RecordBatch;
import io.gregor.clients.record.TimestampType;
import io.gregor.coordination.zk.ProducerIdBlock;
import io.gregor.core.log.LogConfig;
import io.gregor.core.log.LogManager;
import io.gregor.core.log.LogManagerConfig;
import io.gregor.replication.ReplicaManager;
import io.gregor.replication.producer.ProducerIdManager;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One broker's data plane on real logs in a directory: LogManager, ReplicaManager and the
 * registered handlers, driven with requests encoded and decoded by the wire codec as a client's
 * would be. Broker id 0; topic configs and min.insync.replicas are set per test.
 */
final class DataPlaneFixture implements AutoCloseable {
    static final int BROKER_ID = 0;

    final Path dir;
    final Map<String, LogConfig> topicConfigs = new ConcurrentHashMap<>();
    final Map<String, Integer> minInsyncReplicas = new ConcurrentHashMap<>();
    final Map<UUID, String> topicNames = new ConcurrentHashMap<>();
    final AtomicLong clock = new AtomicLong(1_700_000_000_000L);
    final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1);
    final LogManager logManager;
    final ReplicaManager replicaManager;
    final ApiHandlerRegistry registry = new ApiHandlerRegistry();
    private final AtomicInteger correlationIds = new AtomicInteger();
    private final AtomicLong nextBlock = new AtomicLong();

    DataPlaneFixture(Path dir) throws Exception {
        this(List.of(dir));
    }

    /** A broker with {@code dirs} as its {@code log.dirs}; {@link #dir} is the first. */
    DataPlaneFixture(List<Path> dirs) throws Exception {
        this.dir = dirs.get(0);
        LogManagerConfig config = LogManagerConfig.defaults(dirs, BROKER_ID, "test-cluster");
        logManager = new LogManager(config, this::logConfig, clock::get);
        logManager.startup();
        replicaManager = new ReplicaManager(BROKER_ID, logManager, this::logConfig,
                topic -> minInsyncReplicas.getOrDefault(topic, 1), scheduler);
        ProducerIdManager producerIds = new ProducerIdManager(BROKER_ID, broker -> {
            long start = nextBlock.getAndAdd(ProducerIdBlock.BLOCK_SIZE);
            return new ProducerIdBlock(broker, start, start + ProducerIdBlock.BLOCK_SIZE - 1);
        });
        DataPlaneHandlers.register(registry, replicaManager, producerIds, id -> Optional.ofNullable(topicNames.get(id)));
    }

    LogConfig logConfig(String topic) {
        return topicConfigs.getOrDefault(topic, LogConfig.DEFAULT);
    }

    /** Sends {@code request} (encoded and decoded at {@code version}) and returns the decoded response future. */
    CompletableFuture<Struct> send(ApiKey key, short version, Struct request) {
        ByteBuffer wire = MessageCodec.writeToBuffer(ApiMessages.request(key), request, version);
        Struct decoded = MessageCodec.read(wire, key, version, MessageType.REQUEST);
        RequestContext ctx = new RequestContext(new RequestHeader(key.id, version, correlationIds.incrementAndGet(),
                "test-client"), key, "PLAINTEXT", new InetSocketAddress("127.0.0.1", 40000), "conn-1");
        ApiHandler handler = registry.handler(key);
        return handler.handle(ctx, decoded).thenApply(response -> response == null ? null
                : MessageCodec.read(MessageCodec.write(ApiMessages.response(key), response, version).toByteBuffer(),
                key, version, MessageType.RESPONSE));
    }

    Struct call(ApiKey key, short version, Struct request) throws Exception {
        return send(key, version, request).get(10, TimeUnit.SECONDS);
    }

    // ---- requests ----

    /** LeaderAndIsr v6 from controller epoch {@code controllerEpoch} for partitions 0..n-1 of {@code topic}. */
    Struct leaderAndIsr(int controllerEpoch, String topic, UUID topicId, int partitions, int leader, int leaderEpoch,
                        List<Integer> isr, List<Integer> replicas) {
        Struct req = ApiMessages.request(ApiKey.LEADER_AND_ISR).newStruct()
                .set(LeaderAndIsrRequest.CONTROLLER_ID, 0).set(LeaderAndIsrRequest.CONTROLLER_EPOCH, controllerEpoch)
                .set(LeaderAndIsrRequest.BROKER_EPOCH, 1L);
        Struct topicState = req.addElement(LeaderAndIsrRequest.TOPIC_STATES).set(TopicStates.TOPIC_NAME, topic)
                .set(TopicStates.TOPIC_ID, topicId);
        for (int p = 0; p < partitions; p++) {
            Struct s = topicState.newElement(TopicStates.PARTITION_STATES)
                    .set(LeaderAndIsrPartitionState.PARTITION_INDEX, p)
                    .set(LeaderAndIsrPartitionState.CONTROLLER_EPOCH, controllerEpoch)
                    .set(LeaderAndIsrPartitionState.LEADER, leader)
                    .set(LeaderAndIsrPartitionState.LEADER_EPOCH, leaderEpoch).set(LeaderAndIsrPartitionState.ISR, isr)
                    .set(LeaderAndIsrPartitionState.PARTITION_EPOCH, 0)
                    .set(LeaderAndIsrPartitionState.REPLICAS, replicas).set(LeaderAndIsrPartitionState.IS_NEW, true);
            topicState.<Struct>getArray(TopicStates.PARTITION_STATES).add(s);
        }
        return req;
    }

    /** Makes this broker the sole leader (ISR [0]) of {@code partitions} partitions of {@code topic}. */
    UUID becomeLeader(String topic, int partitions) throws Exception {
        UUID id = UUID.randomUUID();
        topicNames.put(id, topic);
        Struct response = call(ApiKey.LEADER_AND_ISR, (short) 6,
                leaderAndIsr(1, topic, id, partitions, BROKER_ID, 0, List.of(BROKER_ID), List.of(BROKER_ID)));
        if (response.getShort(LeaderAndIsrResponse.ERROR_CODE) != 0) {
            throw new AssertionError("LeaderAndIsr failed: " + response);
        }
        return id;
    }

    static Struct produce(short acks, int timeoutMs, String topic, int partition, MemoryRecords records) {
        Struct req = ApiMessages.request(ApiKey.PRODUCE).newStruct().set(ProduceRequest.ACKS, acks)
                .set(ProduceRequest.TIMEOUT_MS, timeoutMs);
        req.addElement(ProduceRequest.TOPIC_DATA).set(TopicData.NAME, topic).addElement(TopicData.PARTITION_DATA)
                .set(PartitionData.INDEX, partition).set(PartitionData.RECORDS, records);
        return req;
    }

    static Struct partitionResponse(Struct produceResponse) {
        return produceResponse.getStructs(ProduceResponse.RESPONSES).get(0).getStructs(ProduceResponse.Responses.PARTITION_RESPONSES).get(0);
    }

    /** A consumer fetch (replica -1) of one partition at version {@code version} (topic by name before v13). */
    static Struct fetch(short version, int maxWaitMs, int minBytes, String topic, UUID topicId, int partition,
                        long offset, int partitionMaxBytes) {
        Struct req = ApiMessages.request(ApiKey.FETCH).newStruct()
                .set(FetchRequest.REPLICA_ID, -1).set(FetchRequest.MAX_WAIT_MS, maxWaitMs)
                .set(FetchRequest.MIN_BYTES, minBytes)
                .set(FetchRequest.MAX_BYTES, Integer.MAX_VALUE).set(FetchRequest.ISOLATION_LEVEL, (byte) 0)
                .set(FetchRequest.SESSION_ID, 0).set(FetchRequest.SESSION_EPOCH, -1);
        Struct t = req.addElement(FetchRequest.TOPICS).set(Topics.TOPIC, topic).set(Topics.TOPIC_ID, topicId);
        t.addElement(Topics.PARTITIONS).set(Partitions.PARTITION, partition).set(Partitions.FETCH_OFFSET, offset)
                .set(Partitions.PARTITION_MAX_BYTES, partitionMaxBytes);
        return req;
    }

    static Struct fetchedPartition(Struct fetchResponse) {
        return fetchResponse.getStructs(FetchResponse.RESPONSES).get(0).getStructs(FetchResponse.Responses.PARTITIONS).get(0);
    }

    static MemoryRecords records(long timestamp, String... values) {
        MemoryRecordsBuilder b = MemoryRecordsBuilder.builder(Compression.NONE, 0);
        for (String v : values) {
            b.append(timestamp, null, v.getBytes(StandardCharsets.UTF_8));
        }
        return b.build();
    }

    static MemoryRecords idempotentRecords(long producerId, short epoch, int baseSequence, String... values) {
        MemoryRecordsBuilder b = new MemoryRecordsBuilder(Compression.NONE, TimestampType.CREATE_TIME, 0,
                RecordBatch.NO_TIMESTAMP, producerId, epoch, baseSequence, false, false,
                RecordBatch.NO_PARTITION_LEADER_EPOCH);
        for (String v : values) {
            b.append(1000L, null, v.getBytes(StandardCharsets.UTF_8));
        }
        return b.build();
    }

    @Override
    public void close() throws Exception {
        logManager.shutdown();
        scheduler.shutdownNow();
    }
}
