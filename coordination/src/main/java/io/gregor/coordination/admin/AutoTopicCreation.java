package io.gregor.coordination.admin;

import io.gregor.clients.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Auto topic creation as the Metadata API does it ({@code auto.create.topics.enable}): creates a
 * requested unknown topic with the broker defaults and tells which error the Metadata response
 * carries for it: LEADER_NOT_AVAILABLE when it was just created (or someone else just did), so
 * the client retries until the controller has elected leaders; the creation's own error
 * (INVALID_TOPIC_EXCEPTION, INVALID_REPLICATION_FACTOR, ...) when it was refused. Thread-safe.
 */
public final class AutoTopicCreation {

    private static final Logger log = LoggerFactory.getLogger(AutoTopicCreation.class);

    private final TopicAdmin admin;

    public AutoTopicCreation(TopicAdmin admin) {
        this.admin = admin;
    }

    /** Creates {@code topic} with the broker defaults; returns the error for its Metadata entry. */
    public Errors createForMetadata(String topic) {
        try {
            admin.autoCreateTopic(topic);
            return Errors.LEADER_NOT_AVAILABLE;
        } catch (AdminException e) {
            if (e.error() == Errors.TOPIC_ALREADY_EXISTS) {
                return Errors.LEADER_NOT_AVAILABLE;
            }
            log.info("Auto-creation of topic {} refused: {}", topic, e.getMessage());
            return e.error();
        } catch (RuntimeException e) {
            log.error("Auto-creation of topic {} failed", topic, e);
            return Errors.UNKNOWN_SERVER_ERROR;
        }
    }
}
