package io.gregor.coordination.zk;

/** A topic's assignment with the zkVersion of {@code /brokers/topics/<t>}, for conditional updates. */
public record VersionedTopicAssignment(TopicAssignment assignment, int zkVersion) {
}
