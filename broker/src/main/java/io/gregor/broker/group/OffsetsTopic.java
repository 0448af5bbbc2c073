package io.gregor.broker.group;

import io.gregor.clients.protocol.Errors;
import io.gregor.coordination.admin.AdminException;
import io.gregor.coordination.admin.NewTopic;
import io.gregor.coordination.admin.TopicAdmin;
import java.util.Map;

/**
 * The internal {@code __consumer_offsets} topic: which partition holds a group, and its creation on
 * first use (compacted, {@code offsets.topic.replication.factor} capped at the registered brokers,
 * segments of {@code offsets.topic.segment.bytes}).
 * Thread-safe.
 */
public final class OffsetsTopic {
    public static final String NAME = "__consumer_offsets";

    private final TopicAdmin admin;
    private final int numPartitions;
    private final short replicationFactor;
    private final int segmentBytes;

    public OffsetsTopic(TopicAdmin admin, int numPartitions, short replicationFactor, int segmentBytes) {
        this.admin = admin;
        this.numPartitions = numPartitions;
        this.replicationFactor = replicationFactor;
        this.segmentBytes = segmentBytes;
    }

    public int numPartitions() {
        return numPartitions;
    }

    /**
     * The offsets partition of {@code groupId}: the absolute value of the id's hash code (0 for
     * Integer.MIN_VALUE, as Kafka's Utils.abs) modulo the partition count.
     */
    public static int partitionFor(String groupId, int numPartitions) {
        int h = groupId.hashCode();
        return (h == Integer.MIN_VALUE ? 0 : Math.abs(h)) % numPartitions;
    }

    public int partitionFor(String groupId) {
        return partitionFor(groupId, numPartitions);
    }

    /**
     * Creates the topic if it does not exist. Returns false when no broker is registered yet, or
     * fewer brokers are live for replica assignment than the replication factor needs (as Kafka
     * answers COORDINATOR_NOT_AVAILABLE while its metadata cache has too few live brokers: a broker
     * just started, or one found dead whose registration lasts); true when the topic exists or was
     * created now (its leaders may still be missing).
     */
    public synchronized boolean ensureCreated() {
        int registered = admin.registeredBrokerIds().size();
        if (registered == 0) {
            return false;
        }
        short rf = (short) Math.min(replicationFactor, registered);
        if (admin.liveBrokers().size() < rf) {
            return false;
        }
        try {
            admin.createTopic(new NewTopic(NAME, numPartitions, rf, Map.of(), Map.of(
                    "cleanup.policy", "compact",
                    "compression.type", "producer",
                    "segment.bytes", Integer.toString(segmentBytes))), false);
        } catch (AdminException e) {
            if (e.error() != Errors.TOPIC_ALREADY_EXISTS) {
                throw e;
            }
        }
        return true;
    }
}
