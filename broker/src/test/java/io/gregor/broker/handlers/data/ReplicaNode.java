package io.gregor.broker.handlers.data;

import io.gregor.broker.network.ApiHandler;
import io.gregor.broker.network.ApiHandlerRegistry;
import io.gregor.broker.network.SocketServer;
import io.gregor.broker.network.SocketServerSettings;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.FetchRequest;
import io.gregor.clients.protocol.schemas.FetchRequest.Topics;
import io.gregor.clients.protocol.schemas.FetchRequest.Topics.Partitions;
import io.gregor.clients.record.MemoryRecords;
import io.gregor.coordination.zk.EndPoint;
import io.gregor.coordination.zk.ProducerIdBlock;
import io.gregor.core.log.LogConfig;
import io.gregor.core.log.LogManager;
import io.gregor.core.log.LogManagerConfig;
import io.gregor.core.log.LogSegment;
import io.gregor.core.log.TopicPartition;
import io.gregor.replication.LeaderAndIsrPartitionState;
import io.gregor.replication.Partition;
import io.gregor.replication.ProducePartitionResult;
import io.gregor.replication.ReplicaManager;
import io.gregor.replication.ReplicationConfig;
import io.gregor.replication.StopReplicaPartition;
import io.gregor.replication.isr.ControllerNode;
import io.gregor.replication.producer.ProducerIdManager;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * One in-process broker of a replicated test cluster: its own LogManager in a directory, a
 * replicating ReplicaManager, and the data-plane handlers served by a real SocketServer on
 * 127.0.0.1. Follower fetches it serves are recorded ({@link #followerFetches}) so tests can see
 * where followers fetched from. Controller requests are applied directly, as the controller's
 * LeaderAndIsr/StopReplica would be.
 */
final class ReplicaNode implements AutoCloseable {
    /** A follower fetch as the leader saw it. */
    record FollowerFetch(int replicaId, TopicPartition tp, long fetchOffset, int currentLeaderEpoch) {
    }

    final int id;
    final LogManager logManager;
    final ReplicaManager replicaManager;
    final SocketServer server;
    final Map<String, Integer> minInsyncReplicas = new ConcurrentHashMap<>();
    final Queue<FollowerFetch> followerFetches = new ConcurrentLinkedQueue<>();
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1);
    private final AtomicLong nextBlock = new AtomicLong();
    private int controllerEpoch = 1;

    ReplicaNode(int id, Path dir, ReplicationConfig config, Map<Integer, InetSocketAddress> endpoints,
                Supplier<Optional<ControllerNode>> controller) throws Exception {
        this.id = id;
        logManager = new LogManager(LogManagerConfig.defaults(List.of(dir), id, "test-cluster"),
                topic -> LogConfig.DEFAULT, System::currentTimeMillis);
        logManager.startup();
        replicaManager = new ReplicaManager(id, logManager, topic -> LogConfig.DEFAULT,
                topic -> minInsyncReplicas.getOrDefault(topic, 1), scheduler, config,
                broker -> Optional.ofNullable(endpoints.get(broker)), controller, () -> 100L + id,
                System::currentTimeMillis);
        ApiHandlerRegistry handlers = new ApiHandlerRegistry();
        ProducerIdManager producerIds = new ProducerIdManager(id, broker -> {
            long start = nextBlock.getAndAdd(ProducerIdBlock.BLOCK_SIZE);
            return new ProducerIdBlock(broker, start, start + ProducerIdBlock.BLOCK_SIZE - 1);
        });
        DataPlaneHandlers.register(handlers, replicaManager, producerIds, topicId -> Optional.empty());
        ApiHandlerRegistry served = new ApiHandlerRegistry();
        for (ApiKey key : handlers.registeredApis()) {
            ApiHandler handler = handlers.handler(key);
            served.register(key, key == ApiKey.FETCH ? recordingFollowerFetches(handler) : handler);
        }
        server = new SocketServer(new SocketServerSettings(List.of(new EndPoint("PLAINTEXT", "127.0.0.1", 0, "PLAINTEXT")),
                100 * 1024 * 1024, 4, 1, -1L, 2_000L), served);
        server.startup();
        endpoints.put(id, server.boundAddress("PLAINTEXT"));
        replicaManager.startup();
    }

    private ApiHandler recordingFollowerFetches(ApiHandler fetch) {
        return (context, request) -> {
            FetchReplica replica = FetchReplica.of(context.apiVersion(), request);
            if (replica.isFollower()) {
                boolean byId = context.apiVersion() >= 13;
                for (Struct t : request.getStructs(FetchRequest.TOPICS)) {
                    String topic = byId ? replicaManager.topicName(t.getUuid(Topics.TOPIC_ID)).orElse("?") : t.getString(Topics.TOPIC);
                    for (Struct p : t.getStructs(Topics.PARTITIONS)) {
                        followerFetches.add(new FollowerFetch(replica.replicaId(), new TopicPartition(topic,
                                p.getInt(Partitions.PARTITION)), p.getLong(Partitions.FETCH_OFFSET),
                                p.getInt(Partitions.CURRENT_LEADER_EPOCH)));
                    }
                }
            }
            return fetch.handle(context, request);
        };
    }

    /** Applies a LeaderAndIsr state for {@code tp} as the controller would send it. */
    void leaderAndIsr(TopicPartition tp, UUID topicId, int leader, int leaderEpoch, List<Integer> isr,
                      int partitionEpoch, List<Integer> replicas) {
        ReplicaManager.StateChangeResult result = replicaManager.becomeLeaderOrFollower(controllerEpoch,
                List.of(new LeaderAndIsrPartitionState(tp, controllerEpoch, leader, leaderEpoch, isr, partitionEpoch,
                        replicas, false)), Map.of(tp.topic(), topicId));
        if (result.partitionErrors().get(tp) != io.gregor.clients.protocol.Errors.NONE) {
            throw new AssertionError("LeaderAndIsr on broker " + id + " failed: " + result);
        }
    }

    /** StopReplica without deleting the log: this broker stops fetching and forgets the partition. */
    void stopReplica(TopicPartition tp) {
        replicaManager.stopReplicas(controllerEpoch, List.of(new StopReplicaPartition(tp, -1, false)));
    }

    CompletableFuture<ProducePartitionResult> produce(TopicPartition tp, short acks, MemoryRecords records) {
        return replicaManager.appendRecords(10_000, acks, Map.of(tp, records)).thenApply(r -> r.get(tp));
    }

    Partition partition(TopicPartition tp) {
        return replicaManager.partition(tp).orElseThrow();
    }

    /** The bytes of every segment of {@code tp}'s log, in offset order (up to each segment's size). */
    byte[] logBytes(TopicPartition tp) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Path dir = partition(tp).log().dir();
        for (LogSegment segment : partition(tp).log().segments()) {
            try (InputStream in = Files.newInputStream(LogSegment.logFile(dir, segment.baseOffset()))) {
                out.write(in.readNBytes(segment.size()));
            }
        }
        return out.toByteArray();
    }

    @Override
    public void close() throws Exception {
        replicaManager.shutdown();
        server.shutdown();
        logManager.shutdown();
        scheduler.shutdownNow();
    }
}
