package io.gregor.broker.metadata;

import io.gregor.clients.protocol.Errors;
import java.util.Map;
import java.util.Set;

/**
 * Creates topics a Metadata request asked for when {@code auto.create.topics.enable} is on.
 * Called on a request-handler thread; it should only start the creation (e.g. write the topic's
 * znode or hand it to the controller) and return quickly: the Metadata response answers
 * LEADER_NOT_AVAILABLE for these topics and the client asks again. Topics that already exist or are
 * being created must be ignored. Must be thread-safe.
 */
@FunctionalInterface
public interface AutoTopicCreator {
    /**
     * Starts creating {@code topics}; returns the Metadata error of those whose creation was refused
     * (e.g. POLICY_VIOLATION past {@code max.partitions.per.request}, INVALID_REPLICATION_FACTOR);
     * topics it does not name (or names with LEADER_NOT_AVAILABLE) are being created.
     */
    Map<String, Errors> createTopics(Set<String> topics);
}
