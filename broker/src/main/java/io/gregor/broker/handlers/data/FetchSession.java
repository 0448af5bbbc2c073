package io.gregor.broker.handlers.data;

import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.FetchRequest;
import io.gregor.clients.protocol.schemas.FetchRequest.ForgottenTopicsData;
import io.gregor.clients.protocol.schemas.FetchRequest.Topics;
import io.gregor.clients.protocol.schemas.FetchRequest.Topics.Partitions;
import io.gregor.clients.protocol.Errors;
import io.gregor.core.log.TopicPartition;
import io.gregor.replication.FetchPartitionRequest;
import io.gregor.replication.FetchPartitionResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * One incremental fetch session (KIP-227): the partitions a fetcher reads, each with what it last
 * asked for (fetch offset, partition max bytes, current leader epoch, its log start offset) and what
 * it was last told (high watermark, last stable offset, log start offset). An incremental request
 * names only what changed and what to forget; every partition of the session is read, with the
 * offsets remembered here, and the answer names only partitions with records, an error, or a new
 * high watermark, last stable offset or log start offset. Partitions that returned records move to
 * the end of the session's order, so the response's size limit does not starve the later ones (as
 * Kafka's session does). A session belongs to the replica id that opened it (a consumer's -1, or a
 * follower's broker id) and is keyed by topic id (Fetch v13+) or by topic name (v7-12), never both.
 *
 * <p>Guarded by its own monitor: a request's update (epoch check, partitions) and its answer's
 * bookkeeping each run under it, on request-handler or network threads.
 */
final class FetchSession {
    /** The epoch after {@code epoch}: 1 follows Integer.MAX_VALUE, as in Kafka (0 and -1 are reserved). */
    static int nextEpoch(int epoch) {
        return epoch == Integer.MAX_VALUE ? 1 : epoch + 1;
    }

    /** A partition of the session: its key, the fetcher's last ask and the last answer. Guarded by the session. */
    static final class CachedPartition {
        final UUID topicId;     // null in a session keyed by name
        String topic;           // null while a topic id is not known here
        final int partition;
        long fetchOffset;
        int maxBytes;
        int currentLeaderEpoch;
        long fetcherLogStartOffset;
        long highWatermark = -1L;
        long lastStableOffset = -1L;
        long logStartOffset = -1L;

        CachedPartition(UUID topicId, String topic, int partition) {
            this.topicId = topicId;
            this.topic = topic;
            this.partition = partition;
        }

        void ask(Struct p) {
            fetchOffset = p.getLong(Partitions.FETCH_OFFSET);
            maxBytes = p.getInt(Partitions.PARTITION_MAX_BYTES);
            currentLeaderEpoch = p.getInt(Partitions.CURRENT_LEADER_EPOCH);
            fetcherLogStartOffset = p.getLong(Partitions.LOG_START_OFFSET);
        }

        FetchPartitionRequest toRead() {
            return new FetchPartitionRequest(new TopicPartition(topic, partition), fetchOffset, maxBytes,
                    currentLeaderEpoch, fetcherLogStartOffset);
        }

        /**
         * Whether an incremental answer must name this partition given {@code r}; remembers what it
         * tells. {@code r} null: the topic id is unknown here (always named, UNKNOWN_TOPIC_ID).
         */
        boolean mustAnswer(FetchPartitionResult r) {
            if (r == null) {
                return true;
            }
            boolean changed = r.highWatermark() != highWatermark || r.lastStableOffset() != lastStableOffset
                    || r.logStartOffset() != logStartOffset;
            highWatermark = r.highWatermark();
            lastStableOffset = r.lastStableOffset();
            logStartOffset = r.logStartOffset();
            return changed || r.error() != Errors.NONE || r.records().sizeInBytes() > 0;
        }
    }

    private record Key(UUID topicId, String topic, int partition) {
    }

    final int id;
    /** The replica id of the fetcher that opened it: -1 (or -2) for consumers, a broker id for a follower. */
    final int replicaId;
    final boolean usesTopicIds;
    /** Guarded by this. */
    private final LinkedHashMap<Key, CachedPartition> partitions = new LinkedHashMap<>();
    /** The epoch the next incremental request must carry. Guarded by this. */
    private int nextEpoch = 1;
    /** Guarded by this. */
    private long lastUsedMs;

    FetchSession(int id, int replicaId, boolean usesTopicIds, long nowMs) {
        this.id = id;
        this.replicaId = replicaId;
        this.usesTopicIds = usesTopicIds;
        this.lastUsedMs = nowMs;
    }

    /** A follower's session: kept ahead of consumers' when the cache is full (Kafka's "privileged"). */
    boolean privileged() {
        return replicaId >= 0;
    }

    synchronized int size() {
        return partitions.size();
    }

    synchronized long lastUsedMs() {
        return lastUsedMs;
    }

    /** Adds a partition of the full fetch that opened the session, remembering its first answer. */
    synchronized void addFromFullFetch(UUID topicId, String topic, Struct p, FetchPartitionResult answered) {
        if (!cacheable(topicId == null ? topic : null, p.getInt(Partitions.PARTITION))) {
            return;
        }
        CachedPartition cached = new CachedPartition(topicId, topic, p.getInt(Partitions.PARTITION));
        cached.ask(p);
        cached.mustAnswer(answered);
        partitions.put(key(cached.topicId, cached.topic, cached.partition), cached);
    }

    /**
     * What an incremental request reads: the session's partitions in order and, for each, what to
     * read ({@code null} for a partition whose topic id is not known here).
     */
    record Read(List<CachedPartition> partitions, List<FetchPartitionRequest> requests) {
    }

    /**
     * Applies an incremental request at {@code epoch}: returns null and changes nothing when the
     * epoch is not the expected one, else what to read after adding or updating the request's
     * partitions and dropping its forgotten ones. {@code names} resolves topic ids; a partition of
     * an unknown id stays in the session, answered UNKNOWN_TOPIC_ID until its topic is known.
     */
    synchronized Read update(int epoch, Struct request, Function<UUID, Optional<String>> names, long nowMs) {
        if (epoch != nextEpoch) {
            return null;
        }
        nextEpoch = nextEpoch(epoch);
        lastUsedMs = nowMs;
        for (Struct topic : request.getStructs(FetchRequest.TOPICS)) {
            UUID topicId = usesTopicIds ? topic.getUuid(Topics.TOPIC_ID) : null;
            String name = usesTopicIds ? null : topic.getString(Topics.TOPIC);
            for (Struct p : topic.getStructs(Topics.PARTITIONS)) {
                int partition = p.getInt(Partitions.PARTITION);
                if (!cacheable(name, partition)) {
                    continue;
                }
                partitions.computeIfAbsent(key(topicId, name, partition),
                        k -> new CachedPartition(k.topicId(), k.topic(), k.partition())).ask(p);
            }
        }
        for (Struct forgotten : request.getStructs(FetchRequest.FORGOTTEN_TOPICS_DATA)) {
            UUID topicId = usesTopicIds ? forgotten.getUuid(ForgottenTopicsData.TOPIC_ID) : null;
            String name = usesTopicIds ? null : forgotten.getString(ForgottenTopicsData.TOPIC);
            for (Integer partition : forgotten.get(ForgottenTopicsData.PARTITIONS)) {
                partitions.remove(key(topicId, name, partition));
            }
        }
        List<CachedPartition> all = new ArrayList<>(partitions.size());
        List<FetchPartitionRequest> requests = new ArrayList<>(partitions.size());
        for (CachedPartition cached : partitions.values()) {
            if (cached.topic == null) {
                cached.topic = names.apply(cached.topicId).orElse(null);
            }
            all.add(cached);
            requests.add(cached.topic == null ? null : cached.toRead());
        }
        return new Read(all, requests);
    }

    /**
     * Whether a partition named in a request belongs in a session: not a negative partition nor an
     * empty topic name (neither exists anywhere; the request's answer names them once, with an error).
     */
    static boolean cacheable(String topicName, int partition) {
        return partition >= 0 && (topicName == null || !topicName.isEmpty());
    }

    /**
     * The positions in {@code read} of the partitions an incremental answer names, given the answer
     * for each ({@code results}, aligned with it; null for an unknown topic id); moves those that
     * returned records to the end of the session's order.
     */
    synchronized List<Integer> toAnswer(Read read, List<FetchPartitionResult> results) {
        List<Integer> answer = new ArrayList<>();
        List<CachedPartition> withRecords = new ArrayList<>();
        for (int i = 0; i < read.partitions().size(); i++) {
            CachedPartition cached = read.partitions().get(i);
            FetchPartitionResult r = results.get(i);
            if (cached.mustAnswer(r)) {
                answer.add(i);
                if (r != null && r.records().sizeInBytes() > 0) {
                    withRecords.add(cached);
                }
            }
        }
        for (CachedPartition cached : withRecords) {
            Key key = key(cached.topicId, cached.topic, cached.partition);
            if (partitions.remove(key) != null) {
                partitions.put(key, cached);
            }
        }
        return answer;
    }

    private static Key key(UUID topicId, String topic, int partition) {
        return topicId != null ? new Key(topicId, null, partition) : new Key(null, topic, partition);
    }
}
