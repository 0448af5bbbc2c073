package io.gregor.coordination.controller;

import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.LeaderAndIsrResponse;
import io.gregor.coordination.admin.NewTopic;
import io.gregor.coordination.admin.TopicAdmin;
import io.gregor.coordination.zk.LogDirEventNotification;
import io.gregor.coordination.zk.TopicPartition;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A broker's failed log directory (Kafka's onBrokerLogDirFailure): after its
 * {@code /log_dir_event_notification} znode the controller asks it about its partitions, and those
 * it answers KAFKA_STORAGE_ERROR lose it as leader and ISR member; the notification is deleted.
 */
class LogDirFailureTest extends ControllerTestBase {

    @Test
    void replicasAnsweringStorageErrorAfterALogDirEventLoseLeadershipAndIsrMembership() throws Exception {
        FakeBroker failing = broker(1);
        broker(2);
        controller(9);
        new TopicAdmin(zk, 1, (short) 1).createTopic(new NewTopic("t", -1, (short) -1,
                Map.of(0, List.of(1, 2), 1, List.of(1, 2), 2, List.of(2, 1)), Map.of()), false);
        TopicPartition onFailedDir = new TopicPartition("t", 0);
        TopicPartition followerOnFailedDir = new TopicPartition("t", 2);
        TopicPartition onHealthyDir = new TopicPartition("t", 1);
        awaitState(onFailedDir, s -> s.leader() == 1 && s.isr().equals(List.of(1, 2)));
        awaitState(onHealthyDir, s -> s.leader() == 1 && s.isr().equals(List.of(1, 2)));
        awaitState(followerOnFailedDir, s -> s.leader() == 2 && s.isr().equals(List.of(2, 1)));

        failing.serve(ApiKey.LEADER_AND_ISR, (version, request) -> {
            Struct response = FakeBroker.successResponse(ApiKey.LEADER_AND_ISR, request);
            for (Struct topic : response.getStructs(LeaderAndIsrResponse.TOPICS)) {
                for (Struct p : topic.getStructs(LeaderAndIsrResponse.Topics.PARTITION_ERRORS)) {
                    if (p.getInt(LeaderAndIsrResponse.LeaderAndIsrPartitionError.PARTITION_INDEX) != 1) {
                        p.set(LeaderAndIsrResponse.LeaderAndIsrPartitionError.ERROR_CODE, Errors.KAFKA_STORAGE_ERROR.code());
                    }
                }
            }
            return response;
        });
        LogDirEventNotification.propagate(zk, 1);

        awaitState(onFailedDir, s -> s.leader() == 2 && s.isr().equals(List.of(2)));
        awaitState(followerOnFailedDir, s -> s.leader() == 2 && s.isr().equals(List.of(2)));
        assertEquals(1, zk.topics().getPartitionState(onHealthyDir).orElseThrow().state().leader(),
                "a partition on the broker's healthy dir keeps its leader");
        assertEquals(List.of(1, 2), zk.topics().getPartitionState(onHealthyDir).orElseThrow().state().isr());
        await().atMost(Duration.ofSeconds(10)).until(() ->
                zk.curator().getChildren().forPath(zk.paths().logDirEventNotification()).isEmpty());
    }
}
