package io.gregor.broker.handlers.data;

import io.gregor.broker.network.ApiHandlerRegistry;
import io.gregor.broker.network.RequestContext;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.RequestHeader;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.LeaderAndIsrRequest;
import io.gregor.clients.protocol.schemas.LeaderAndIsrRequest.LeaderAndIsrPartitionState;
import io.gregor.clients.protocol.schemas.LeaderAndIsrRequest.TopicStates;
import io.gregor.clients.protocol.schemas.LeaderAndIsrResponse;
import io.gregor.clients.protocol.schemas.ProduceResponse.Responses.PartitionResponses;
import io.gregor.coordination.zk.EntityConfig;
import io.gregor.coordination.zk.GregorZkClient;
import io.gregor.coordination.zk.KafkaUuid;
import io.gregor.coordination.zk.TopicAssignment;
import io.gregor.core.log.LogConfig;
import io.gregor.core.log.LogManager;
import io.gregor.core.log.LogManagerConfig;
import io.gregor.core.log.TopicPartition;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.gregor.broker.handlers.data.DataPlaneFixture.partitionResponse;
import static io.gregor.broker.handlers.data.DataPlaneFixture.produce;
import static io.gregor.broker.handlers.data.DataPlaneFixture.records;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** {@link DataPlane#create} against a real ZooKeeper: topic overrides and min.insync.replicas come from /config/topics. */
class DataPlaneWiringTest {
    @TempDir
    Path dir;

    private static Struct call(ApiHandlerRegistry registry, ApiKey key, short version, Struct request) throws Exception {
        RequestContext ctx = new RequestContext(new RequestHeader(key.id, version, 1, "c"), key, "PLAINTEXT",
                new InetSocketAddress("127.0.0.1", 1), "conn");
        return registry.handler(key).handle(ctx, request).get(10, TimeUnit.SECONDS);
    }

    @Test
    void topicOverridesInZooKeeperApplyToLogsCreatedByLeaderAndIsrAndToConfigUpdates() throws Exception {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try (LocalZooKeeper zooKeeper = new LocalZooKeeper("/wiring")) {
            GregorZkClient zk = zooKeeper.zk;
            zk.topics().createTopic(TopicAssignment.of("lat", KafkaUuid.random(), Map.of(0, List.of(0))),
                    new EntityConfig(Map.of("message.timestamp.type", "LogAppendTime")));
            LogManager logManager = new LogManager(LogManagerConfig.defaults(List.of(dir), 0, "c"));
            logManager.startup();
            try {
                DataPlane dataPlane = DataPlane.create(0, LogConfig.DEFAULT, 1, logManager, zk, scheduler,
                        id -> Optional.empty());
                ApiHandlerRegistry registry = new ApiHandlerRegistry();
                dataPlane.registerHandlers(registry);
                Struct lai = leaderAndIsr("lat");
                assertEquals(0, call(registry, ApiKey.LEADER_AND_ISR, (short) 6,
                        lai).getShort(LeaderAndIsrResponse.ERROR_CODE));
                Struct appended = partitionResponse(call(registry, ApiKey.PRODUCE, (short) 9,
                        produce((short) -1, 5000, "lat", 0, records(1L, "a"))));
                assertEquals(0, appended.getShort(PartitionResponses.ERROR_CODE));
                assertNotEquals(-1L, appended.getLong(PartitionResponses.LOG_APPEND_TIME_MS),
                        "LogAppendTime from /config/topics/lat");

                zk.topics().changeTopicConfig("lat", new EntityConfig(Map.of("min.insync.replicas", "2")));
                dataPlane.topicConfigChanged("lat"); // as the config change notification does
                Struct refused = partitionResponse(call(registry, ApiKey.PRODUCE, (short) 9,
                        produce((short) -1, 5000, "lat", 0, records(1L, "b"))));
                assertEquals(Errors.NOT_ENOUGH_REPLICAS.code(), refused.getShort(PartitionResponses.ERROR_CODE));
                assertEquals(LogConfig.DEFAULT.messageTimestampType(),
                        logManager.getLog(new TopicPartition("lat", 0)).orElseThrow().config().messageTimestampType());
            } finally {
                logManager.shutdown();
            }
        } finally {
            scheduler.shutdownNow();
        }
    }

    private static Struct leaderAndIsr(String topic) {
        Struct req = io.gregor.clients.protocol.ApiMessages.request(ApiKey.LEADER_AND_ISR).newStruct()
                .set(LeaderAndIsrRequest.CONTROLLER_ID, 0).set(LeaderAndIsrRequest.CONTROLLER_EPOCH, 1);
        Struct t = req.addElement(LeaderAndIsrRequest.TOPIC_STATES).set(TopicStates.TOPIC_NAME, topic)
                .set(TopicStates.TOPIC_ID, UUID.randomUUID());
        t.addElement(TopicStates.PARTITION_STATES).set(LeaderAndIsrPartitionState.PARTITION_INDEX, 0)
                .set(LeaderAndIsrPartitionState.CONTROLLER_EPOCH, 1).set(LeaderAndIsrPartitionState.LEADER, 0)
                .set(LeaderAndIsrPartitionState.LEADER_EPOCH, 0).set(LeaderAndIsrPartitionState.ISR, List.of(0))
                .set(LeaderAndIsrPartitionState.REPLICAS, List.of(0));
        return req;
    }
}
