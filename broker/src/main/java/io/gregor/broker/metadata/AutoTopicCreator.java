package io.gregor.broker.metadata;

import java.util.Set;

/**
 * Creates topics a Metadata request asked for when {@code auto.create.topics.enable} is on.
 * Called on a request-handler thread; it should only start the creation (e.g. write the topic's
 * znode or hand it to the controller) and return quickly: the Metadata response already answers
 * LEADER_NOT_AVAILABLE for these topics and the client asks again. Topics that already exist or are
 * being created must be ignored. Must be thread-safe.
 */
@FunctionalInterface
public interface AutoTopicCreator {
    void createTopics(Set<String> topics);
}
