package io.gregor.replication.fetcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.clients.protocol.Errors;
import io.gregor.core.log.TopicPartition;
import io.gregor.replication.fetcher.FetchSessionHandler.FetchRequestData;
import io.gregor.replication.fetcher.FetchSessionHandler.PartitionData;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A follower of 1,000 partitions in steady state, against a leader that keeps the session as
 * KIP-227 says (it remembers each partition's fetch offset and answers only partitions with
 * records or a changed high watermark): each round 10 partitions get a record. With a session a
 * request lists the 10 partitions whose fetch offset moved, and an answer carries the 10 with new
 * records plus the 10 whose high watermark moved with the last fetch; without one (a leader
 * answering session id 0) every request and answer carries all 1,000.
 */
class FetchSessionSteadyStateTest {
    private static final int PARTITIONS = 1_000;
    private static final int ROUNDS = 100;
    private static final int WRITTEN_PER_ROUND = 10;
    private static final UUID TOPIC_ID = new UUID(7, 7);

    /** The leader's side, reduced to what decides which partitions a request and an answer name. */
    private static final class Leader {
        final boolean keepsSessions;
        final long[] logEnd = new long[PARTITIONS];
        final Map<TopicPartition, Long> sessionOffsets = new HashMap<>();
        final Map<TopicPartition, Long> lastAnsweredHighWatermark = new HashMap<>();

        Leader(boolean keepsSessions) {
            this.keepsSessions = keepsSessions;
        }

        /** The partitions the answer names; the follower is always in sync, so the high watermark is its fetch offset. */
        Set<TopicPartition> answer(FetchRequestData request) {
            if (request.isFull()) {
                sessionOffsets.clear();
                lastAnsweredHighWatermark.clear();
            }
            request.toForget().forEach(f -> sessionOffsets.remove(f.topicPartition()));
            request.toSend().forEach((tp, data) -> sessionOffsets.put(tp, data.fetchOffset()));
            Set<TopicPartition> answered = new HashSet<>();
            sessionOffsets.forEach((tp, fetchOffset) -> {
                long highWatermark = fetchOffset;
                boolean news = logEnd[tp.partition()] > fetchOffset
                        || !Long.valueOf(highWatermark).equals(lastAnsweredHighWatermark.get(tp));
                if (request.isFull() || !keepsSessions || news) {
                    answered.add(tp);
                    lastAnsweredHighWatermark.put(tp, highWatermark);
                }
            });
            return answered;
        }
    }

    private record Counts(long sent, long answered) {
    }

    private static Counts steadyState(boolean leaderKeepsSessions) {
        Leader leader = new Leader(leaderKeepsSessions);
        FetchSessionHandler session = new FetchSessionHandler("broker 1 from broker 2");
        long[] fetchOffset = new long[PARTITIONS];
        long sent = 0;
        long answered = 0;
        for (int round = 0; round < ROUNDS; round++) {
            for (int i = 0; i < WRITTEN_PER_ROUND; i++) {
                leader.logEnd[(round * WRITTEN_PER_ROUND + i) % PARTITIONS]++;
            }
            Map<TopicPartition, PartitionData> wanted = new LinkedHashMap<>();
            for (int p = 0; p < PARTITIONS; p++) {
                wanted.put(new TopicPartition("t", p), new PartitionData(TOPIC_ID, fetchOffset[p], 0L, 1_048_576, 1, -1));
            }
            FetchRequestData request = session.build(wanted);
            Set<TopicPartition> answer = leader.answer(request);
            assertTrue(session.handleResponse(Errors.NONE, leaderKeepsSessions ? 42 : 0, 0, Set.of(TOPIC_ID), answer));
            answer.forEach(tp -> fetchOffset[tp.partition()] = leader.logEnd[tp.partition()]);
            if (round > 0) { // the first round is full either way
                sent += request.toSend().size();
                answered += answer.size();
            }
        }
        for (int p = 0; p < PARTITIONS; p++) {
            assertEquals(leader.logEnd[p], fetchOffset[p], "partition " + p + " caught up");
        }
        return new Counts(sent / (ROUNDS - 1), answered / (ROUNDS - 1));
    }

    @Test
    void inASessionASteadyFollowerListsAndGetsBackOnlyThePartitionsThatChanged() {
        Counts withSession = steadyState(true);
        Counts withoutSession = steadyState(false);
        System.out.printf("1,000 partitions, %d written per round: per request %d partitions listed with a session, "
                        + "%d without; per answer %d with, %d without%n", WRITTEN_PER_ROUND, withSession.sent(),
                withoutSession.sent(), withSession.answered(), withoutSession.answered());

        assertEquals(PARTITIONS, withoutSession.sent());
        assertEquals(PARTITIONS, withoutSession.answered());
        assertEquals(WRITTEN_PER_ROUND, withSession.sent());
        assertEquals(2 * WRITTEN_PER_ROUND, withSession.answered());
    }
}
