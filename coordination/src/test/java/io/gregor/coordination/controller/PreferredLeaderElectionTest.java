package io.gregor.coordination.controller;

import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.AlterPartitionResponse.Topics.Partitions;
import io.gregor.clients.protocol.schemas.LeaderAndIsrRequest.LeaderAndIsrPartitionState;
import io.gregor.coordination.admin.NewTopic;
import io.gregor.coordination.admin.TopicAdmin;
import io.gregor.coordination.zk.TopicPartition;
import io.gregor.coordination.zk.VersionedPartitionState;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.gregor.coordination.controller.ControllerRequests.alterPartition;
import static io.gregor.coordination.controller.ControllerRequests.await;
import static io.gregor.coordination.controller.ControllerRequests.onlyPartition;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Preferred-leader election, on request through the legacy znode and by the periodic imbalance check. */
class PreferredLeaderElectionTest extends ControllerTestBase {

    private static final TopicPartition TP = new TopicPartition("t", 0);

    /**
     * Broker 1 (preferred) loses leadership to broker 2 by leaving, returns, and is taken back into
     * the ISR by the leader: the partition is led by 2 with ISR [2, 1] at the end.
     */
    private FakeBroker displacedPreferredLeader(Controller c) throws Exception {
        new TopicAdmin(zk, 1, (short) 1).createTopic(new NewTopic("t", -1, (short) -1,
                Map.of(0, List.of(1, 2)), Map.of()), false);
        awaitState(TP, s -> s.leader() == 1);
        brokers.get(0).close();
        awaitState(TP, s -> s.leader() == 2 && s.isr().equals(List.of(2)));
        FakeBroker returned = broker(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> returned.received(ApiKey.LEADER_AND_ISR).stream()
                .anyMatch(r -> partitionState(r, "t", 0).isPresent()));
        VersionedPartitionState current = zk.topics().getPartitionState(TP).orElseThrow();
        Struct expanded = await(c.controller().alterPartition((short) 3, alterPartition(zk, (short) 3, 2, TP,
                current.state().leaderEpoch(), List.of(2, 1), current.zkVersion())));
        assertEquals(Errors.NONE.code(), onlyPartition(expanded).getShort(Partitions.ERROR_CODE));
        return returned;
    }

    @Test
    void requestInTheAdminZnodeMovesLeadershipToThePreferredReplicaAndIsDeleted() throws Exception {
        broker(1);
        broker(2);
        Controller c = controller(9, new ControllerConfig(false, 30_000, 100, false, 300_000, 10, 0, ControllerConfig.DEFAULT_SHUTDOWN_GRANT_EXPIRY_MS));
        FakeBroker preferred = displacedPreferredLeader(c);
        int epochBefore = zk.topics().getPartitionState(TP).orElseThrow().state().leaderEpoch();

        zk.curator().create().forPath(zk.paths().preferredReplicaElection(),
                "{\"version\":1,\"partitions\":[{\"topic\":\"t\",\"partition\":0},{\"topic\":\"gone\",\"partition\":3}]}"
                        .getBytes(StandardCharsets.UTF_8));

        VersionedPartitionState elected = awaitState(TP, s -> s.leader() == 1);
        assertEquals(epochBefore + 1, elected.state().leaderEpoch());
        assertEquals(List.of(2, 1), elected.state().isr());
        await().atMost(Duration.ofSeconds(10)).until(() -> zk.curator().checkExists()
                .forPath(zk.paths().preferredReplicaElection()) == null);
        await().atMost(Duration.ofSeconds(10)).until(() -> preferred.received(ApiKey.LEADER_AND_ISR).stream()
                .map(r -> partitionState(r, "t", 0)).flatMap(Optional::stream)
                .anyMatch(p -> p.getInt(LeaderAndIsrPartitionState.LEADER) == 1 && p.getInt(LeaderAndIsrPartitionState.LEADER_EPOCH) == epochBefore + 1));
    }

    @Test
    void periodicImbalanceCheckReturnsLeadershipToThePreferredReplica() throws Exception {
        broker(1);
        broker(2);
        Controller c = controller(9, new ControllerConfig(false, 30_000, 100, true, 300, 10, 0, ControllerConfig.DEFAULT_SHUTDOWN_GRANT_EXPIRY_MS));
        displacedPreferredLeader(c);

        VersionedPartitionState elected = awaitState(TP, s -> s.leader() == 1);
        assertEquals(List.of(2, 1), elected.state().isr());
    }

    @Test
    void withoutAutoRebalanceLeadershipStaysWhereItIs() throws Exception {
        broker(1);
        broker(2);
        Controller c = controller(9, new ControllerConfig(false, 30_000, 100, false, 300, 10, 0, ControllerConfig.DEFAULT_SHUTDOWN_GRANT_EXPIRY_MS));
        displacedPreferredLeader(c);

        await().during(Duration.ofMillis(1_200)).atMost(Duration.ofSeconds(5))
                .until(() -> zk.topics().getPartitionState(TP).orElseThrow().state().leader() == 2);
    }
}
