package io.gregor.broker.group;

import io.gregor.clients.protocol.Errors;
import io.gregor.coordination.admin.AdminException;
import io.gregor.coordination.admin.NewTopic;
import io.gregor.coordination.admin.TopicAdmin;
import java.util.Map;

/**
 * The internal {@code __consumer_offsets} topic: which partition holds a group, and its creation on
 * first use (compacted, {@code offsets.topic.replication.factor} capped at the registered brokers,
 * segments of {@code offsets.topic.segment.bytes}). The transaction coordinator's
 * {@code __transaction_state} is the same kind of topic, built with {@link #internal}.
 * Thread-safe.
 */
public final class OffsetsTopic {
    public static final String NAME = "__consumer_offsets";

    private final TopicAdmin admin;
    private final String name;
    private final int numPartitions;
    private final short replicationFactor;
    private final int segmentBytes;
    private final Map<String, String> extraConfigs;

    public OffsetsTopic(TopicAdmin admin, int numPartitions, short replicationFactor, int segmentBytes) {
        this(admin, NAME, numPartitions, replicationFactor, segmentBytes, Map.of());
    }

    private OffsetsTopic(TopicAdmin admin, String name, int numPartitions, short replicationFactor, int segmentBytes,
                         Map<String, String> extraConfigs) {
        this.admin = admin;
        this.name = name;
        this.numPartitions = numPartitions;
        this.replicationFactor = replicationFactor;
        this.segmentBytes = segmentBytes;
        this.extraConfigs = Map.copyOf(extraConfigs);
    }

    /** Another compacted internal topic keyed like this one, created with {@code extraConfigs} over the defaults. */
    public static OffsetsTopic internal(TopicAdmin admin, String name, int numPartitions, short replicationFactor,
                                        int segmentBytes, Map<String, String> extraConfigs) {
        return new OffsetsTopic(admin, name, numPartitions, replicationFactor, segmentBytes, extraConfigs);
    }

    public String name() {
        return name;
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
            Map<String, String> configs = new java.util.HashMap<>(Map.of("cleanup.policy", "compact",
                    "compression.type", "producer", "segment.bytes", Integer.toString(segmentBytes)));
            configs.putAll(extraConfigs);
            admin.createTopic(new NewTopic(name, numPartitions, rf, Map.of(), configs), false);
        } catch (AdminException e) {
            if (e.error() != Errors.TOPIC_ALREADY_EXISTS) {
                throw e;
            }
        }
        return true;
    }
}
