package io.gregor.replication;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The topic ids LeaderAndIsr (v5+) told this broker, both ways: by name for the fetches and ISR
 * changes this broker sends by id, by id for the fetches it answers. A topic deleted and created
 * again under the same name forgets its old id.
 *
 * <p>Thread safety: written by one thread at a time (the {@link ReplicaManager}'s state-change
 * lock); read lock-free from any thread.
 */
final class TopicIds {
    private final Map<String, UUID> idsByName = new ConcurrentHashMap<>();
    private final Map<UUID, String> namesById = new ConcurrentHashMap<>(); // the inverse

    /** Remembers the non-zero ids of {@code topicIdsByName}. */
    void learn(Map<String, UUID> topicIdsByName) {
        topicIdsByName.forEach((topic, id) -> {
            if (id != null && !id.equals(new UUID(0, 0))) {
                UUID previous = idsByName.put(topic, id);
                if (previous != null && !previous.equals(id)) {
                    namesById.remove(previous, topic); // the topic was deleted and created again
                }
                namesById.put(id, topic);
            }
        });
    }

    Optional<UUID> id(String topic) {
        return Optional.ofNullable(idsByName.get(topic));
    }

    Optional<String> name(UUID topicId) {
        return Optional.ofNullable(namesById.get(topicId));
    }
}
