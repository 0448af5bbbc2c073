package io.gregor.replication.fetcher;

import io.gregor.clients.protocol.Errors;
import io.gregor.core.log.TopicPartition;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fetching side of one incremental fetch session (KIP-227) with one leader, as Kafka's client
 * keeps it: which session it is in (id and next epoch), and what the leader remembers of each
 * partition of the session (what was last sent for it).
 *
 * <p>Each round the fetcher names every partition it wants this time ({@link #build}); with no
 * session that is a full fetch (session id 0 or the old id, epoch 0, which asks the leader for a new
 * session); inside a session only the partitions added or changed since the last request are sent,
 * and the ones left out are forgotten. The answer ({@link #handleResponse}) opens the session
 * (its id), continues it (the epoch goes up), or, on a session error, an invalid answer or a failed
 * request ({@link #handleError}), drops it so that the next request is full again. A leader that
 * answers session id 0 keeps the fetcher on full fetches, each of which asks again.
 *
 * <p>Guarantee: after an answer this handler accepted, the leader's view of each session partition
 * is exactly what was last sent for it; every other outcome makes the next request full. A
 * partition missing from an incremental answer means the leader had nothing new for it.
 *
 * <p>Not thread-safe: it belongs to the fetcher thread.
 */
final class FetchSessionHandler {
    private static final Logger log = LoggerFactory.getLogger(FetchSessionHandler.class);
    /** The session id of no session. */
    static final int INVALID_SESSION_ID = 0;
    /** The epoch of a full fetch that opens a session. */
    static final int INITIAL_EPOCH = 0;

    /** What a fetch request says of one partition; any change sends it again inside a session. */
    record PartitionData(UUID topicId, long fetchOffset, long logStartOffset, int maxBytes, int currentLeaderEpoch,
                         int lastFetchedEpoch) {
    }

    /** A partition with the topic id it was fetched under (a forgotten partition is named by its old id). */
    record TopicIdPartition(UUID topicId, TopicPartition topicPartition) {
    }

    /**
     * One request to send: its session id and epoch, the partitions to list, the ones to forget, and
     * all the partitions of the session once the leader has it (the ones its answer may name).
     */
    record FetchRequestData(int sessionId, int epoch, Map<TopicPartition, PartitionData> toSend,
                            List<TopicIdPartition> toForget, Map<TopicPartition, PartitionData> sessionPartitions) {
        boolean isFull() {
            return epoch == INITIAL_EPOCH;
        }

        /** Nothing to fetch and nothing to forget: no request is needed. */
        boolean isEmpty() {
            return sessionPartitions.isEmpty() && toForget.isEmpty();
        }
    }

    private final String name;
    private int sessionId = INVALID_SESSION_ID;
    /** The epoch of the next request; {@link #INITIAL_EPOCH} means it is a full fetch. */
    private int nextEpoch = INITIAL_EPOCH;
    /** What the leader remembers (or will, once it accepts the request last built) of each partition, in request order. */
    private LinkedHashMap<TopicPartition, PartitionData> sessionPartitions = new LinkedHashMap<>();
    private Map<UUID, String> sessionTopicNames = Map.of();

    /** @param name who fetches from whom, for the log lines (e.g. "broker 1 from broker 2") */
    FetchSessionHandler(String name) {
        this.name = name;
    }

    /**
     * The request for this round: {@code wanted} are all the partitions to fetch now, in order.
     * Inside a session, those whose data differs from what was last sent (or are new) are listed,
     * those of the session not wanted any more are forgotten, and a partition whose topic id
     * changed (the topic was recreated) is forgotten under its old id and listed under its new one.
     */
    FetchRequestData build(Map<TopicPartition, PartitionData> wanted) {
        Map<UUID, String> topicNames = new HashMap<>();
        wanted.forEach((tp, data) -> topicNames.put(data.topicId(), tp.topic()));
        if (nextEpoch == INITIAL_EPOCH) {
            sessionPartitions = new LinkedHashMap<>(wanted);
            sessionTopicNames = topicNames;
            Map<TopicPartition, PartitionData> all = Collections.unmodifiableMap(new LinkedHashMap<>(wanted));
            log.debug("Fetch session of {}: full fetch (session {}) of {} partitions", name, sessionId, all.size());
            return new FetchRequestData(sessionId, nextEpoch, all, List.of(), all);
        }
        LinkedHashMap<TopicPartition, PartitionData> toSend = new LinkedHashMap<>();
        List<TopicIdPartition> toForget = new ArrayList<>();
        for (Iterator<Map.Entry<TopicPartition, PartitionData>> it = sessionPartitions.entrySet().iterator();
             it.hasNext(); ) {
            Map.Entry<TopicPartition, PartitionData> entry = it.next();
            PartitionData previous = entry.getValue();
            PartitionData next = wanted.get(entry.getKey());
            if (next == null) {
                it.remove();
                toForget.add(new TopicIdPartition(previous.topicId(), entry.getKey()));
            } else if (!next.equals(previous)) {
                if (!next.topicId().equals(previous.topicId())) {
                    toForget.add(new TopicIdPartition(previous.topicId(), entry.getKey()));
                }
                entry.setValue(next);
                toSend.put(entry.getKey(), next);
            }
        }
        for (Map.Entry<TopicPartition, PartitionData> entry : wanted.entrySet()) {
            if (!sessionPartitions.containsKey(entry.getKey())) {
                sessionPartitions.put(entry.getKey(), entry.getValue());
                toSend.put(entry.getKey(), entry.getValue());
            }
        }
        sessionTopicNames = topicNames;
        log.debug("Fetch session of {}: incremental fetch (session {}, epoch {}) sends {} and forgets {} of {} partitions",
                name, sessionId, nextEpoch, toSend.size(), toForget.size(), sessionPartitions.size());
        return new FetchRequestData(sessionId, nextEpoch, Collections.unmodifiableMap(toSend),
                Collections.unmodifiableList(toForget), Collections.unmodifiableMap(new LinkedHashMap<>(sessionPartitions)));
    }

    /** The name of a topic of the session, by the id the answer names it with. */
    Optional<String> topicName(UUID topicId) {
        return Optional.ofNullable(sessionTopicNames.get(topicId));
    }

    /**
     * Takes the answer to the request last built: its top-level error, session id and throttle
     * time, the topic ids it names and the partitions of those ids that are in the session. Returns
     * whether its partitions may be used; when not, the next request is a full fetch (with the
     * session id, so that the leader drops the old session, unless the leader no longer has it).
     */
    boolean handleResponse(Errors error, int responseSessionId, int throttleTimeMs, Set<UUID> answeredTopicIds,
                           Set<TopicPartition> answeredPartitions) {
        if (error != Errors.NONE) {
            log.info("Fetch session of {}: the leader answered session {} epoch {} with {}; the next fetch is full",
                    name, sessionId, nextEpoch, error);
            if (error == Errors.FETCH_SESSION_ID_NOT_FOUND) {
                sessionId = INVALID_SESSION_ID;
            }
            nextEpoch = INITIAL_EPOCH;
            return false;
        }
        boolean full = nextEpoch == INITIAL_EPOCH;
        if (full && answeredPartitions.isEmpty() && throttleTimeMs > 0) {
            // KIP-219: a throttled client gets an empty full answer; nothing in it to use, and no error
            log.debug("Fetch session of {}: empty full answer, throttled for {} ms", name, throttleTimeMs);
            startOver();
            return false;
        }
        String problem = problem(full, answeredTopicIds, answeredPartitions);
        if (problem != null) {
            log.info("Fetch session of {}: invalid {} answer ({}); the next fetch is full", name,
                    full ? "full" : "incremental", problem);
            if (full) {
                startOver();
            } else {
                nextEpoch = INITIAL_EPOCH;
            }
            return false;
        }
        if (responseSessionId == INVALID_SESSION_ID) {
            if (!full) {
                log.debug("Fetch session of {}: the leader closed session {}", name, sessionId);
            }
            startOver();
        } else if (full) {
            sessionId = responseSessionId;
            nextEpoch = 1;
            log.debug("Fetch session of {}: the leader opened session {}", name, sessionId);
        } else {
            nextEpoch = nextEpoch == Integer.MAX_VALUE ? 1 : nextEpoch + 1;
        }
        return true;
    }

    /**
     * The request last built failed or was not sent (no usable answer): the leader may or may not
     * have applied it, so the next fetch is full.
     */
    void handleError() {
        nextEpoch = INITIAL_EPOCH;
    }

    int sessionId() {
        return sessionId;
    }

    /** The epoch the next request carries; 0 for a full fetch. */
    int nextEpoch() {
        return nextEpoch;
    }

    private void startOver() {
        sessionId = INVALID_SESSION_ID;
        nextEpoch = INITIAL_EPOCH;
    }

    /**
     * Why an answer cannot be used, or null: it names a topic id or partition not in the session,
     * or (a full answer) leaves out one that the request named.
     */
    private String problem(boolean full, Set<UUID> answeredTopicIds, Set<TopicPartition> answeredPartitions) {
        List<String> problems = new ArrayList<>();
        List<UUID> extraIds = answeredTopicIds.stream().filter(id -> !sessionTopicNames.containsKey(id)).toList();
        if (!extraIds.isEmpty()) {
            problems.add("unknown topic ids " + sample(extraIds));
        }
        List<TopicPartition> extra = answeredPartitions.stream().filter(tp -> !sessionPartitions.containsKey(tp)).toList();
        if (!extra.isEmpty()) {
            problems.add("partitions not in the session " + sample(extra));
        }
        if (full) {
            List<TopicPartition> omitted = sessionPartitions.keySet().stream()
                    .filter(tp -> !answeredPartitions.contains(tp)).toList();
            if (!omitted.isEmpty()) {
                problems.add("requested partitions left out " + sample(omitted));
            }
        }
        return problems.isEmpty() ? null : String.join(", ", problems);
    }

    /** At most ten of {@code items} for a log line, with how many there are. */
    private static String sample(List<?> items) {
        return items.size() <= 10 ? items.toString()
                : items.subList(0, 10) + " and " + (items.size() - 10) + " more";
    }
}
