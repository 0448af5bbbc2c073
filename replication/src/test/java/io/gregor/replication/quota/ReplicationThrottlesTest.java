package io.gregor.replication.quota;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.core.log.TopicPartition;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Which partitions the throttle covers on this broker, and when its rate counts as exceeded. */
class ReplicationThrottlesTest {
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final ReplicationThrottles throttles = new ReplicationThrottles(2, now::get);

    @Test
    void onlyThrottledReplicaEntriesNamingThisBrokerCount() {
        throttles.updateTopic("t", Map.of(ReplicationThrottles.LEADER_REPLICAS, "0:1,1:2",
                ReplicationThrottles.FOLLOWER_REPLICAS, "*"));
        assertFalse(throttles.leader().isThrottled(new TopicPartition("t", 0)));
        assertTrue(throttles.leader().isThrottled(new TopicPartition("t", 1)));
        assertTrue(throttles.follower().isThrottled(new TopicPartition("t", 7)));
        throttles.updateTopic("t", Map.of());
        assertFalse(throttles.follower().isThrottled(new TopicPartition("t", 7)));
    }

    @Test
    void theRateIsExceededWhenTheBytesOfTheSpannedWindowsExceedIt() {
        ReplicationQuota quota = throttles.leader();
        quota.updateRate(1000);
        quota.record(900);
        assertFalse(quota.isQuotaExceeded(), "900 B within the first second");
        quota.record(200);
        assertTrue(quota.isQuotaExceeded(), "1100 B within the first second");
        now.addAndGet(1_500);
        assertFalse(quota.isQuotaExceeded(), "1100 B over 1.5 s");
    }

    @Test
    void inSyncReplicasAndUnthrottledPartitionsAreNeverHeldBack() {
        throttles.updateTopic("t", Map.of(ReplicationThrottles.LEADER_REPLICAS, "*"));
        throttles.updateRates(10, 10);
        throttles.leader().record(1_000);
        TopicPartition tp = new TopicPartition("t", 0);
        assertTrue(throttles.leader().shouldThrottle(tp, false));
        assertFalse(throttles.leader().shouldThrottle(tp, true));
        assertFalse(throttles.leader().shouldThrottle(new TopicPartition("other", 0), false));
    }
}
