package io.gregor.coordination.controller;

import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.UpdateMetadataRequest.UpdateMetadataPartitionState;
import io.gregor.coordination.admin.NewTopic;
import io.gregor.coordination.admin.TopicAdmin;
import io.gregor.coordination.zk.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Metadata never names a leader before it serves: the controller sends UpdateMetadata about a new
 * leader only once that leader has answered its LeaderAndIsr, without blocking on a leader that
 * has left, and for at most {@link ControllerRequestBatch#LEADER_AND_ISR_WAIT_MS} on one that
 * does not answer.
 */
class MetadataAfterLeaderAndIsrTest extends ControllerTestBase {

    private static final TopicPartition FRESH = new TopicPartition("fresh", 0);
    private final CountDownLatch releaseLeaderAndIsr = new CountDownLatch(1);

    @AfterEach
    void releaseHeldBroker() {
        releaseLeaderAndIsr.countDown();
    }

    /** Makes {@code broker} answer every LeaderAndIsr naming topic "fresh" only once the test releases it. */
    private void holdLeaderAndIsrOfFreshTopic(FakeBroker broker) {
        broker.serve(ApiKey.LEADER_AND_ISR, (version, request) -> {
            if (partitionState(request, FRESH.topic(), FRESH.partition()).isPresent()) {
                try {
                    releaseLeaderAndIsr.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return FakeBroker.successResponse(ApiKey.LEADER_AND_ISR, request);
        });
    }

    private static boolean announcesFresh(FakeBroker broker) {
        return broker.received(ApiKey.UPDATE_METADATA).stream()
                .anyMatch(r -> partitionState(r, FRESH.topic(), FRESH.partition()).isPresent());
    }

    private static boolean gotLeaderAndIsrForFresh(FakeBroker broker) {
        return broker.received(ApiKey.LEADER_AND_ISR).stream()
                .anyMatch(r -> partitionState(r, FRESH.topic(), FRESH.partition()).isPresent());
    }

    /** Brokers 1 and 2, a controller, and topic "fresh" whose one partition broker 2 leads; returns when 2 got its LeaderAndIsr. */
    private FakeBroker[] clusterWithFreshTopicLedByHeldBroker() throws Exception {
        FakeBroker other = broker(1);
        FakeBroker leader = broker(2);
        holdLeaderAndIsrOfFreshTopic(leader);
        controller(9);
        await().atMost(Duration.ofSeconds(15)).until(() -> !other.received(ApiKey.UPDATE_METADATA).isEmpty()
                && !leader.received(ApiKey.UPDATE_METADATA).isEmpty());
        new TopicAdmin(zk, 1, (short) 1).createTopic(new NewTopic(FRESH.topic(), -1, (short) -1,
                Map.of(0, List.of(2)), Map.of()), false);
        awaitState(FRESH, s -> s.leader() == 2);
        await().atMost(Duration.ofSeconds(15)).until(() -> gotLeaderAndIsrForFresh(leader));
        return new FakeBroker[] {other, leader};
    }

    @Test
    void updateMetadataNamingANewLeaderWaitsUntilThatLeaderAnsweredItsLeaderAndIsr() throws Exception {
        FakeBroker[] brokers = clusterWithFreshTopicLedByHeldBroker();
        FakeBroker other = brokers[0];

        await("no broker learns of the new leader while it has not answered its LeaderAndIsr")
                .during(Duration.ofMillis(1_500)).atMost(Duration.ofSeconds(3)).until(() -> !announcesFresh(other));

        releaseLeaderAndIsr.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> announcesFresh(other) && announcesFresh(brokers[1]));
        Struct update = other.received(ApiKey.UPDATE_METADATA).stream()
                .filter(r -> partitionState(r, FRESH.topic(), FRESH.partition()).isPresent()).findFirst().orElseThrow();
        assertTrue(partitionState(update, FRESH.topic(),
                FRESH.partition()).orElseThrow().getInt(UpdateMetadataPartitionState.LEADER) == 2);
    }

    @Test
    void aLeaderThatDoesNotAnswerDelaysMetadataOnlyForTheBound() throws Exception {
        long start = System.nanoTime();
        FakeBroker other = clusterWithFreshTopicLedByHeldBroker()[0];

        await().atMost(Duration.ofMillis(ControllerRequestBatch.LEADER_AND_ISR_WAIT_MS + 5_000)).until(() -> announcesFresh(other));
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(tookMs >= ControllerRequestBatch.LEADER_AND_ISR_WAIT_MS - 500,
                "metadata went out after " + tookMs + " ms, before the leader answered or the bound passed");
    }

    @Test
    void aLeaderThatLeavesNoLongerHoldsMetadataBack() throws Exception {
        FakeBroker[] brokers = clusterWithFreshTopicLedByHeldBroker();
        FakeBroker other = brokers[0];

        long start = System.nanoTime();
        brokers[1].close();

        await().atMost(Duration.ofSeconds(10)).until(() -> announcesFresh(other));
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(tookMs < ControllerRequestBatch.LEADER_AND_ISR_WAIT_MS,
                "metadata waited " + tookMs + " ms for a broker that had left");
    }
}
