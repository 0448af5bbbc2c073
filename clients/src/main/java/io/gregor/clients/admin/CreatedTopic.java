package io.gregor.clients.admin;

import java.util.UUID;

/** What the controller reported for a created (or validated) topic; -1 where the broker version does not say. */
public record CreatedTopic(String name, UUID topicId, int numPartitions, short replicationFactor) {
}
