package io.gregor.replication.fetcher;

import com.codahale.metrics.Meter;
import io.gregor.clients.lifecycle.Lifecycle;
import io.gregor.clients.network.KafkaConnection;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.FetchResponse;
import io.gregor.clients.protocol.schemas.OffsetForLeaderEpochRequest;
import io.gregor.clients.protocol.schemas.OffsetForLeaderEpochResponse;
import io.gregor.clients.record.MemoryRecords;
import io.gregor.clients.record.Records;
import io.gregor.core.log.TopicPartition;
import io.gregor.replication.Partition;
import io.gregor.replication.ReplicationConfig;
import io.gregor.replication.fetcher.FetchSessionHandler.PartitionData;
import io.gregor.replication.quota.ReplicationQuota;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One fetcher thread copying partitions from one source broker (their leader). Each round it
 * first sends one OffsetForLeaderEpoch request for the partitions that just became followers and
 * truncates each where its log diverges ({@link DivergenceResolver}), then one Fetch request (v15,
 * topics by id, ReplicaState = this broker's id and current broker epoch, which the leader checks
 * against ZooKeeper before it takes the fetch as this follower's) for every partition ready to
 * fetch, long-polling up to {@code replica.fetch.wait.max.ms}, and appends what comes back as
 * follower. The fetches run in an incremental fetch session (KIP-227, {@link FetchSessionHandler}):
 * once the leader has opened one, a request lists only the partitions whose fetch offset, log start
 * offset or leader epoch changed, and forgets those not fetched this round (backed off, throttled,
 * truncating, removed); the answer carries only partitions with news, and a partition it leaves out
 * keeps its state. A session error or an invalid answer makes the next fetch full; a leader that
 * does not keep sessions (session id 0) gets full fetches. A partition whose topic id is not known
 * yet is backed off. Partition errors
 * (NOT_LEADER_OR_FOLLOWER, FENCED_LEADER_EPOCH, UNKNOWN_LEADER_EPOCH, ...) back the partition off
 * until a newer LeaderAndIsr moves it; OFFSET_OUT_OF_RANGE truncates to the leader's log end or
 * restarts at its log start; a network error closes the connection and backs every partition off.
 *
 * <p>Thread safety: the partition states are guarded by {@code lock}; the connection belongs to
 * the fetcher thread (closed from outside only to end a blocked read on shutdown). A result is
 * applied only if the partition's state is still the one the request was built from.
 */
final class ReplicaFetcher {
    private static final Logger log = LoggerFactory.getLogger(ReplicaFetcher.class);
    static final short FETCH_VERSION = 15;
    static final short OFFSET_FOR_LEADER_EPOCH_VERSION = 4;
    /** How long a partition held back by the follower throttle waits before it is considered again. */
    static final long THROTTLED_DELAY_MS = 100;

    private final int brokerId;
    private final LongSupplier brokerEpoch;
    private final int sourceBroker;
    private final ReplicationConfig config;
    private final Function<Integer, Optional<InetSocketAddress>> brokerEndpoints;
    private final Function<TopicPartition, Optional<Partition>> partitions;
    private final Function<String, Optional<UUID>> topicIds;
    private final Consumer<TopicPartition> onFollowerProgress;
    private final ReplicationQuota followerQuota;
    private final Thread thread;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<TopicPartition, PartitionFetchState> states = new LinkedHashMap<>(); // guarded by lock
    /** Fetch requests sent (Kafka's fetcher request rate); thread-safe itself. */
    private final Meter fetchRequests = new Meter();
    private final Lifecycle lifecycle;
    private volatile boolean running = true;
    private volatile KafkaConnection connection; // used by the fetcher thread
    /** The incremental fetch session with the source broker; used by the fetcher thread only. */
    private final FetchSessionHandler session;
    /** Partitions per request and per answer, shared by the broker's fetchers; thread-safe itself. */
    private final FetchSessionStats sessionStats;

    ReplicaFetcher(int brokerId, LongSupplier brokerEpoch, int sourceBroker, int fetcherId, ReplicationConfig config,
                   Function<Integer, Optional<InetSocketAddress>> brokerEndpoints,
                   Function<TopicPartition, Optional<Partition>> partitions,
                   Function<String, Optional<UUID>> topicIds,
                   Consumer<TopicPartition> onFollowerProgress, ReplicationQuota followerQuota,
                   FetchSessionStats sessionStats) {
        this.brokerId = brokerId;
        this.brokerEpoch = brokerEpoch;
        this.sourceBroker = sourceBroker;
        this.config = config;
        this.brokerEndpoints = brokerEndpoints;
        this.partitions = partitions;
        this.topicIds = topicIds;
        this.onFollowerProgress = onFollowerProgress;
        this.followerQuota = followerQuota;
        this.sessionStats = sessionStats;
        this.lifecycle = new Lifecycle("Replica fetcher " + fetcherId + " of broker " + brokerId + " from broker " + sourceBroker);
        this.session = new FetchSessionHandler("broker " + brokerId + " from broker " + sourceBroker
                + " (fetcher " + fetcherId + ")");
        this.thread = new Thread(this::run, "replica-fetcher-" + brokerId + "-from-" + sourceBroker + "-" + fetcherId);
        this.thread.setDaemon(true);
    }

    /** Starts the fetcher thread; a second start, or one after {@link #shutdown()}, throws {@link IllegalStateException}. */
    void start() {
        lifecycle.start();
        thread.start();
    }

    /** Adds {@code tp} (or re-adds it for a new leader epoch): it first truncates, then fetches. */
    void addPartition(TopicPartition tp, int leaderEpoch, long fetchOffset) {
        lock.lock();
        try {
            PartitionFetchState existing = states.get(tp);
            if (existing == null || existing.leaderEpoch() != leaderEpoch) {
                states.put(tp, new PartitionFetchState(fetchOffset, leaderEpoch, true, 0L));
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Adds {@code tp} exactly where another fetcher left it (fetch offset, leader epoch, whether it
     * still has to truncate), when the fetchers are resized.
     */
    void addPartitionState(TopicPartition tp, PartitionFetchState state) {
        lock.lock();
        try {
            states.put(tp, new PartitionFetchState(state.fetchOffset(), state.leaderEpoch(), state.truncating(), 0L));
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops the thread without interrupting it (an interrupt during an append would close the
     * log's file): the request under way is ended by closing the connection, the response being
     * applied is applied. Then returns where every partition stands, for another fetcher.
     */
    Map<TopicPartition, PartitionFetchState> stopAndRemoveAll() {
        Lifecycle.State left = lifecycle.close();
        running = false;
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        closeConnection();
        if (left == Lifecycle.State.STARTED) {
            try {
                thread.join(config.replicaSocketTimeoutMs() + 5_000L);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (thread.isAlive()) {
                log.warn("Replica fetcher {} still running after being stopped for a resize", thread.getName());
            }
        }
        lock.lock();
        try {
            Map<TopicPartition, PartitionFetchState> all = new LinkedHashMap<>(states);
            states.clear();
            return all;
        } finally {
            lock.unlock();
        }
    }

    /** Removes {@code tp}; returns how many partitions are left. */
    int removePartition(TopicPartition tp) {
        lock.lock();
        try {
            states.remove(tp);
            return states.size();
        } finally {
            lock.unlock();
        }
    }

    /** Stops the thread (ending a blocked request by closing the connection) and waits for it briefly. */
    void shutdown() {
        Lifecycle.State left = lifecycle.close();
        if (left == Lifecycle.State.CLOSED) {
            return;
        }
        running = false;
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        closeConnection();
        if (left == Lifecycle.State.LATENT) {
            return;
        }
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        while (running) {
            Map<TopicPartition, PartitionFetchState> ready;
            try {
                ready = awaitReady();
            } catch (InterruptedException e) {
                break;
            }
            if (ready.isEmpty()) {
                continue;
            }
            try {
                KafkaConnection conn = connect();
                Map<TopicPartition, PartitionFetchState> truncating = new LinkedHashMap<>();
                Map<TopicPartition, PartitionFetchState> fetching = new LinkedHashMap<>();
                ready.forEach((tp, s) -> (s.truncating() ? truncating : fetching).put(tp, s));
                if (!truncating.isEmpty()) {
                    truncate(conn, truncating);
                }
                if (!fetching.isEmpty()) {
                    fetch(conn, fetching);
                }
            } catch (IOException | RuntimeException e) {
                if (running) {
                    log.warn("Replica fetcher of broker {} from broker {} failed ({}); backing off {} ms",
                            brokerId, sourceBroker, e.toString(), config.replicaFetchBackoffMs());
                    backOff(ready);
                }
                closeConnection();
            }
        }
        closeConnection();
    }

    private Map<TopicPartition, PartitionFetchState> awaitReady() throws InterruptedException {
        lock.lock();
        try {
            while (running) {
                long now = System.currentTimeMillis();
                Map<TopicPartition, PartitionFetchState> ready = new LinkedHashMap<>();
                long nextReady = Long.MAX_VALUE;
                for (Map.Entry<TopicPartition, PartitionFetchState> e : states.entrySet()) {
                    if (e.getValue().isReady(now)) {
                        ready.put(e.getKey(), e.getValue());
                    } else {
                        nextReady = Math.min(nextReady, e.getValue().delayedUntilMs());
                    }
                }
                if (!ready.isEmpty()) {
                    return ready;
                }
                long waitMs = nextReady == Long.MAX_VALUE ? 1_000L : Math.max(1L, nextReady - now);
                changed.await(waitMs, TimeUnit.MILLISECONDS);
            }
            return Map.of();
        } finally {
            lock.unlock();
        }
    }

    private KafkaConnection connect() throws IOException {
        KafkaConnection conn = connection;
        if (conn == null) {
            InetSocketAddress address = brokerEndpoints.apply(sourceBroker)
                    .orElseThrow(() -> new IOException("no endpoint is known for broker " + sourceBroker));
            // each response is appended before the next request: one response buffer serves them all
            // a response that does not come (the leader cut off, a request lost with it) is given up after
            // replica.socket.timeout.ms, so the fetcher reconnects instead of waiting on TCP retransmissions
            conn = KafkaConnection.connect(address, "replica-fetcher-" + brokerId, config.connectTimeoutMs(),
                            config.interBrokerSecurity())
                    .withReadTimeout(config.replicaSocketTimeoutMs()).reusingResponseBuffer();
            connection = conn;
            if (!running) {
                closeConnection();
                throw new IOException("fetcher is shutting down");
            }
        }
        return conn;
    }

    private void closeConnection() {
        KafkaConnection conn = connection;
        connection = null;
        if (conn != null) {
            try {
                conn.close();
            } catch (IOException ignored) {
                // already broken: nothing more to release
            }
        }
    }

    // ---- truncation ----

    private void truncate(KafkaConnection conn, Map<TopicPartition, PartitionFetchState> truncating) throws IOException {
        Struct request = ApiMessages.request(ApiKey.OFFSET_FOR_LEADER_EPOCH).newStruct()
                .set(OffsetForLeaderEpochRequest.REPLICA_ID, brokerId);
        Map<String, Struct> topics = new HashMap<>();
        Map<TopicPartition, Integer> askedEpochs = new HashMap<>();
        for (Map.Entry<TopicPartition, PartitionFetchState> e : truncating.entrySet()) {
            TopicPartition tp = e.getKey();
            Optional<Partition> partition = partitions.apply(tp);
            if (partition.isEmpty()) {
                continue;
            }
            Optional<Integer> latest = partition.get().latestLogEpoch();
            if (latest.isEmpty()) {
                // no batch carries an epoch (an empty log): Kafka's fallback, cut at the high watermark
                applyTruncation(tp, e.getValue(), partition.get(), partition.get().highWatermark(), "no leader epoch in the log");
                continue;
            }
            askedEpochs.put(tp, latest.get());
            topics.computeIfAbsent(tp.topic(), t -> request.addElement(OffsetForLeaderEpochRequest.TOPICS)
                    .set(OffsetForLeaderEpochRequest.Topics.TOPIC, t))
                    .addElement(OffsetForLeaderEpochRequest.Topics.PARTITIONS)
                    .set(OffsetForLeaderEpochRequest.Topics.Partitions.PARTITION, tp.partition())
                    .set(OffsetForLeaderEpochRequest.Topics.Partitions.CURRENT_LEADER_EPOCH, e.getValue().leaderEpoch())
                    .set(OffsetForLeaderEpochRequest.Topics.Partitions.LEADER_EPOCH, latest.get());
        }
        if (topics.isEmpty()) {
            return;
        }
        Struct response = conn.send(ApiKey.OFFSET_FOR_LEADER_EPOCH, OFFSET_FOR_LEADER_EPOCH_VERSION, request);
        for (Struct t : response.getStructs(OffsetForLeaderEpochResponse.TOPICS)) {
            for (Struct p : t.getStructs(OffsetForLeaderEpochResponse.Topics.PARTITIONS)) {
                TopicPartition tp = new TopicPartition(t.getString(OffsetForLeaderEpochResponse.Topics.TOPIC),
                        p.getInt(OffsetForLeaderEpochResponse.Topics.Partitions.PARTITION));
                PartitionFetchState sent = truncating.get(tp);
                Optional<Partition> partition = partitions.apply(tp);
                if (sent == null || partition.isEmpty() || !askedEpochs.containsKey(tp)) {
                    continue;
                }
                Errors error = Errors.forCode(p.getShort(OffsetForLeaderEpochResponse.Topics.Partitions.ERROR_CODE));
                if (error != Errors.NONE) {
                    log.info("Broker {}: OffsetForLeaderEpoch of {} at broker {} answered {}; backing off",
                            brokerId, tp, sourceBroker, error);
                    backOff(Map.of(tp, sent));
                    continue;
                }
                long target = DivergenceResolver.truncationOffset(partition.get(), askedEpochs.get(tp),
                        p.getInt(OffsetForLeaderEpochResponse.Topics.Partitions.LEADER_EPOCH),
                                p.getLong(OffsetForLeaderEpochResponse.Topics.Partitions.END_OFFSET));
                applyTruncation(tp, sent, partition.get(), target,
                        "leader epoch " + p.getInt(OffsetForLeaderEpochResponse.Topics.Partitions.LEADER_EPOCH)
                        + " ends at " + p.getLong(OffsetForLeaderEpochResponse.Topics.Partitions.END_OFFSET) + " on the leader");
            }
        }
    }

    private void applyTruncation(TopicPartition tp, PartitionFetchState sent, Partition partition, long target,
                                 String why) throws IOException {
        long before = partition.logEndOffset();
        try {
            if (!partition.truncateTo(sent.leaderEpoch(), target)) {
                return;
            }
        } catch (IOException | RuntimeException e) {
            storageFailure(tp, sent, partition, "truncate to offset " + target, e);
            return;
        }
        long after = partition.logEndOffset();
        if (after < before) {
            log.info("Broker {} truncated {} from {} to {} ({})", brokerId, tp, before, after, why);
        }
        replaceIfUnchanged(tp, sent, sent.fetchingFrom(after));
        onFollowerProgress.accept(tp);
    }

    // ---- fetch ----

    private void fetch(KafkaConnection conn, Map<TopicPartition, PartitionFetchState> fetching) throws IOException {
        Map<TopicPartition, PartitionData> wanted = new LinkedHashMap<>();
        Map<TopicPartition, PartitionFetchState> withoutTopicId = new HashMap<>();
        Map<TopicPartition, PartitionFetchState> throttled = new HashMap<>();
        for (Map.Entry<TopicPartition, PartitionFetchState> e : fetching.entrySet()) {
            TopicPartition tp = e.getKey();
            Optional<UUID> topicId = topicIds.apply(tp.topic());
            if (topicId.isEmpty()) {
                withoutTopicId.put(tp, e.getValue());
                continue;
            }
            if (followerQuota.shouldThrottle(tp, partitions.apply(tp).map(p -> p.isr().contains(brokerId)).orElse(false))) {
                throttled.put(tp, e.getValue());
                continue;
            }
            long logStart = partitions.apply(tp).map(p -> p.log().logStartOffset()).orElse(-1L);
            wanted.put(tp, FollowerFetchMessages.partitionData(topicId.get(), e.getValue(), logStart,
                    config.replicaFetchMaxBytes()));
        }
        backOff(withoutTopicId);
        delay(throttled, THROTTLED_DELAY_MS);
        // the partitions not wanted this round (backed off, throttled, truncating, removed) leave the session
        FetchSessionHandler.FetchRequestData data = session.build(wanted);
        if (data.isEmpty()) {
            return;
        }
        Struct response;
        FollowerFetchMessages.Answer answer;
        try {
            Struct request = FollowerFetchMessages.request(data, brokerId, brokerEpoch.getAsLong(), config);
            fetchRequests.mark();
            response = conn.send(ApiKey.FETCH, FETCH_VERSION, request);
            answer = FollowerFetchMessages.answer(response, session);
        } catch (IOException | RuntimeException e) {
            // the leader may hold this request's partitions or not: only a full fetch is sure to agree with it
            session.handleError();
            throw e;
        }
        Errors topLevel = Errors.forCode(response.getShort(FetchResponse.ERROR_CODE));
        sessionStats.record(data.isFull(), data.toSend().size(), answer.partitions().size());
        if (!session.handleResponse(topLevel, response.getInt(FetchResponse.SESSION_ID),
                response.getInt(FetchResponse.THROTTLE_TIME_MS), answer.topicIds(), answer.partitions().keySet())) {
            if (topLevel == Errors.NONE || topLevel == Errors.FETCH_SESSION_ID_NOT_FOUND
                    || topLevel == Errors.INVALID_FETCH_SESSION_EPOCH) {
                return; // nothing in it to use; the next round is a full fetch
            }
            throw new IllegalStateException("broker " + sourceBroker + " answered the fetch with " + topLevel);
        }
        // A partition of the session missing from the answer has nothing new: its state stays.
        // The records of this response live in the connection's response buffer: every partition's
        // records are appended before any further request (ListOffsets for an out-of-range
        // partition) reuses that buffer.
        List<Map.Entry<TopicPartition, PartitionFetchState>> outOfRange = new ArrayList<>();
        for (Map.Entry<TopicPartition, Struct> answered : answer.partitions().entrySet()) {
            TopicPartition tp = answered.getKey();
            Struct p = answered.getValue();
            PartitionFetchState sent = fetching.get(tp);
            Optional<Partition> partition = partitions.apply(tp);
            if (sent != null && partition.isPresent() && stillCurrent(tp, sent)) {
                if (Errors.forCode(p.getShort(FetchResponse.Responses.Partitions.ERROR_CODE)) == Errors.OFFSET_OUT_OF_RANGE) {
                    outOfRange.add(Map.entry(tp, sent));
                } else {
                    handlePartition(tp, sent, partition.get(), p);
                }
            }
        }
        for (Map.Entry<TopicPartition, PartitionFetchState> e : outOfRange) {
            Optional<Partition> partition = partitions.apply(e.getKey());
            if (partition.isPresent() && stillCurrent(e.getKey(), e.getValue())) {
                handleOutOfRange(conn, e.getKey(), e.getValue(), partition.get());
            }
        }
    }

    private void handlePartition(TopicPartition tp, PartitionFetchState sent, Partition partition, Struct p) {
        Errors error = Errors.forCode(p.getShort(FetchResponse.Responses.Partitions.ERROR_CODE));
        switch (error) {
            case NONE -> {
                Records records = p.getRecords(FetchResponse.Responses.Partitions.RECORDS);
                MemoryRecords memory = records instanceof MemoryRecords m ? FetchedRecords.wholeBatches(m) : MemoryRecords.EMPTY;
                try {
                    if (partition.appendRecordsAsFollower(sent.leaderEpoch(), memory,
                            p.getLong(FetchResponse.Responses.Partitions.HIGH_WATERMARK),
                            p.getLong(FetchResponse.Responses.Partitions.LOG_START_OFFSET))) {
                        if (followerQuota.isThrottled(tp)) {
                            followerQuota.record(memory.sizeInBytes());
                        }
                        replaceIfUnchanged(tp, sent, sent.fetched(partition.logEndOffset(),
                                p.getLong(FetchResponse.Responses.Partitions.HIGH_WATERMARK)));
                        onFollowerProgress.accept(tp);
                    }
                } catch (IOException | RuntimeException e) {
                    log.error("Broker {} could not append {} bytes fetched from broker {} to {} at offset {}",
                            brokerId, memory.sizeInBytes(), sourceBroker, tp, sent.fetchOffset(), e);
                    partition.reportIfStorageFailure(e);
                    replaceIfUnchanged(tp, sent, new PartitionFetchState(sent.fetchOffset(), sent.leaderEpoch(), true,
                            System.currentTimeMillis() + config.replicaFetchBackoffMs(), sent.lag()));
                }
            }
            default -> {
                // as Kafka's fetcher: a leader that does not know it leads yet (its LeaderAndIsr still
                // coming, thousands at once when a topic is created) is routine, logged at debug
                boolean routine = error == Errors.NOT_LEADER_OR_FOLLOWER || error == Errors.UNKNOWN_LEADER_EPOCH;
                log.atLevel(routine ? org.slf4j.event.Level.DEBUG : org.slf4j.event.Level.INFO).log(
                        "Broker {}: fetch of {} from broker {} at epoch {} answered {}; backing off", brokerId, tp,
                        sourceBroker, sent.leaderEpoch(), error);
                backOff(Map.of(tp, sent));
            }
        }
    }

    /**
     * The fetch offset is outside the leader's log: if the leader's log ends below it, truncate to
     * that end; if the leader's log starts above it, restart this log empty at the leader's start.
     */
    private void handleOutOfRange(KafkaConnection conn, TopicPartition tp, PartitionFetchState sent, Partition partition)
            throws IOException {
        long leaderEnd = LeaderOffsets.end(conn, brokerId, tp, sent.leaderEpoch());
        long leaderStart = LeaderOffsets.start(conn, brokerId, tp, sent.leaderEpoch());
        if (leaderEnd < 0 || leaderStart < 0) {
            backOff(Map.of(tp, sent));
            return;
        }
        if (leaderEnd < sent.fetchOffset()) {
            applyTruncation(tp, sent, partition, leaderEnd, "the leader's log ends at " + leaderEnd);
        } else if (sent.fetchOffset() < leaderStart) {
            boolean restarted;
            try {
                restarted = partition.truncateFullyAndStartAt(sent.leaderEpoch(), leaderStart);
            } catch (IOException | RuntimeException e) {
                storageFailure(tp, sent, partition, "restart at offset " + leaderStart, e);
                return;
            }
            if (restarted) {
                log.info("Broker {} restarted {} at the leader's log start {} (its fetch offset {} was below it)",
                        brokerId, tp, leaderStart, sent.fetchOffset());
                replaceIfUnchanged(tp, sent, sent.fetchingFrom(leaderStart));
                onFollowerProgress.accept(tp);
            }
        } else {
            backOff(Map.of(tp, sent));
        }
    }

    /**
     * A log operation of {@code tp} failed: an I/O error takes its log dir offline (Kafka's
     * LogDirFailureChannel), and the partition backs off; the other partitions go on.
     */
    private void storageFailure(TopicPartition tp, PartitionFetchState sent, Partition partition, String what,
                                Exception e) {
        log.error("Broker {} could not {} of {}", brokerId, what, tp, e);
        partition.reportIfStorageFailure(e);
        backOff(Map.of(tp, sent));
    }

    // ---- state ----

    private boolean stillCurrent(TopicPartition tp, PartitionFetchState sent) {
        lock.lock();
        try {
            return sent.equals(states.get(tp));
        } finally {
            lock.unlock();
        }
    }

    private void replaceIfUnchanged(TopicPartition tp, PartitionFetchState sent, PartitionFetchState next) {
        lock.lock();
        try {
            if (sent.equals(states.get(tp))) {
                states.put(tp, next);
            }
        } finally {
            lock.unlock();
        }
    }

    private void backOff(Map<TopicPartition, PartitionFetchState> sent) {
        delay(sent, config.replicaFetchBackoffMs());
    }

    private void delay(Map<TopicPartition, PartitionFetchState> sent, long delayMs) {
        long until = System.currentTimeMillis() + delayMs;
        sent.forEach((tp, s) -> replaceIfUnchanged(tp, s, s.delayedUntil(until)));
    }

    /** The largest lag, in records, of this fetcher's partitions behind their leader; 0 with none. */
    long maxLag() {
        lock.lock();
        try {
            long max = 0;
            for (PartitionFetchState state : states.values()) {
                max = Math.max(max, state.lag());
            }
            return max;
        } finally {
            lock.unlock();
        }
    }

    /** Fetch requests per second sent by this fetcher, over the last minute. */
    double fetchRequestRate() {
        return fetchRequests.getOneMinuteRate();
    }

    /** The partitions this fetcher copies and their states (for tests and metrics). */
    Map<TopicPartition, PartitionFetchState> states() {
        lock.lock();
        try {
            return Map.copyOf(states);
        } finally {
            lock.unlock();
        }
    }
}
