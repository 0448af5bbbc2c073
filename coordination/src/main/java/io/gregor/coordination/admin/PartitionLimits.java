package io.gregor.coordination.admin;

import io.gregor.clients.protocol.Errors;

/**
 * Bounds on partition counts, checked before any work starts: at most {@code perRequest} new
 * partitions per CreateTopics or CreatePartitions request (and per Metadata request that
 * auto-creates topics), at most {@code perTopic} partitions in one topic. A request over a bound is
 * refused with POLICY_VIOLATION, as Kafka's KRaft controller refuses a request that would need
 * more than its 10,000 metadata records. Gregor's keys: {@code max.partitions.per.request} and
 * {@code max.partitions.per.topic}, both 10,000 by default: a topic of 10,000 partitions at
 * replication factor 3 keeps its assignment znode at about a fifth of ZooKeeper's 1 MiB
 * {@code jute.maxbuffer}, and larger clusters are made of several topics.
 */
public record PartitionLimits(int perRequest, int perTopic) {

    public static final int DEFAULT_PER_REQUEST = 10_000;
    public static final int DEFAULT_PER_TOPIC = 10_000;
    public static final PartitionLimits DEFAULTS = new PartitionLimits(DEFAULT_PER_REQUEST, DEFAULT_PER_TOPIC);

    public PartitionLimits {
        if (perRequest < 1 || perTopic < 1) {
            throw new IllegalArgumentException("partition limits must be positive, got " + perRequest + " per request and "
                    + perTopic + " per topic");
        }
    }

    /** @throws AdminException POLICY_VIOLATION if one request would create more than {@link #perRequest} partitions */
    public void checkRequest(long newPartitions) {
        if (newPartitions > perRequest) {
            throw new AdminException(Errors.POLICY_VIOLATION, "The request would create " + newPartitions
                    + " partitions, more than max.partitions.per.request (" + perRequest + ").");
        }
    }

    /** @throws AdminException POLICY_VIOLATION if {@code topic} would have more than {@link #perTopic} partitions */
    public void checkTopic(String topic, long partitions) {
        if (partitions > perTopic) {
            throw new AdminException(Errors.POLICY_VIOLATION, "Topic '" + topic + "' would have " + partitions
                    + " partitions, more than max.partitions.per.topic (" + perTopic + ").");
        }
    }
}
