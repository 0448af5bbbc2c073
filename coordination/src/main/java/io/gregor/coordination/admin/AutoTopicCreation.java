package io.gregor.coordination.admin;

import io.gregor.clients.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

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

    /**
     * Creates the topics one Metadata request asked for, as {@link #createForMetadata(String)} does,
     * but no more of them than fit {@code max.partitions.per.request} (each costs
     * {@code num.partitions}): the others are refused with POLICY_VIOLATION before anything is
     * written, so one request naming a million unknown topics does bounded work. Returns the error
     * of each topic's Metadata entry.
     */
    public Map<String, Errors> createForMetadata(Collection<String> topics) {
        Map<String, Errors> errors = new LinkedHashMap<>();
        int budget = admin.partitionLimits().perRequest();
        int each = admin.defaultNumPartitions();
        int refused = 0;
        for (String topic : topics) {
            if (budget < each) {
                errors.put(topic, Errors.POLICY_VIOLATION);
                refused++;
                continue;
            }
            Errors error = createForMetadata(topic);
            if (error == Errors.LEADER_NOT_AVAILABLE) {
                budget -= each;
            }
            errors.put(topic, error);
        }
        if (refused > 0) {
            log.warn("Auto-creation of {} of {} requested topics refused: one request may create at most {} partitions "
                    + "(max.partitions.per.request) and each takes num.partitions={}", refused, topics.size(),
                    admin.partitionLimits().perRequest(), each);
        }
        return errors;
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
