package io.gregor.replication.fetcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.clients.protocol.Errors;
import io.gregor.core.log.TopicPartition;
import io.gregor.replication.fetcher.FetchSessionHandler.FetchRequestData;
import io.gregor.replication.fetcher.FetchSessionHandler.PartitionData;
import io.gregor.replication.fetcher.FetchSessionHandler.TopicIdPartition;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The follower's side of an incremental fetch session (KIP-227), without a network. */
class FetchSessionHandlerTest {
    private static final UUID FOO = new UUID(0, 1);
    private static final UUID BAR = new UUID(0, 2);
    private static final TopicPartition FOO0 = new TopicPartition("foo", 0);
    private static final TopicPartition FOO1 = new TopicPartition("foo", 1);
    private static final TopicPartition BAR0 = new TopicPartition("bar", 0);

    private final FetchSessionHandler session = new FetchSessionHandler("broker 1 from broker 2");

    private static PartitionData data(UUID topicId, long fetchOffset) {
        return new PartitionData(topicId, fetchOffset, 0L, 1_048_576, 5, -1);
    }

    private static Map<TopicPartition, PartitionData> wanted(Object... pairs) {
        Map<TopicPartition, PartitionData> wanted = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            TopicPartition tp = (TopicPartition) pairs[i];
            wanted.put(tp, data(tp.topic().equals("foo") ? FOO : BAR, (Long) pairs[i + 1]));
        }
        return wanted;
    }

    private boolean answer(int sessionId, TopicPartition... partitions) {
        Set<UUID> topicIds = new HashSet<>();
        for (TopicPartition tp : partitions) {
            topicIds.add(tp.topic().equals("foo") ? FOO : BAR);
        }
        return session.handleResponse(Errors.NONE, sessionId, 0, topicIds, Set.of(partitions));
    }

    /** Opens session 42 with foo-0, foo-1 and bar-0 at offset 0. */
    private void openSession() {
        session.build(wanted(FOO0, 0L, FOO1, 0L, BAR0, 0L));
        assertTrue(answer(42, FOO0, FOO1, BAR0));
    }

    @Test
    void theFirstFetchIsFullWithEpochZeroAndListsEveryPartition() {
        FetchRequestData request = session.build(wanted(FOO0, 10L, FOO1, 20L, BAR0, 30L));

        assertTrue(request.isFull());
        assertEquals(0, request.sessionId());
        assertEquals(0, request.epoch());
        assertEquals(List.of(FOO0, FOO1, BAR0), List.copyOf(request.toSend().keySet()));
        assertEquals(List.of(), request.toForget());
    }

    @Test
    void onceTheLeaderOpensASessionOnlyChangedPartitionsAreListed() {
        openSession();

        FetchRequestData request = session.build(wanted(FOO0, 7L, FOO1, 0L, BAR0, 0L));

        assertFalse(request.isFull());
        assertEquals(42, request.sessionId());
        assertEquals(1, request.epoch());
        assertEquals(Map.of(FOO0, data(FOO, 7L)), request.toSend());
        assertEquals(List.of(), request.toForget());
        assertEquals(Set.of(FOO0, FOO1, BAR0), request.sessionPartitions().keySet());
    }

    @Test
    void aChangedLeaderEpochOrLogStartOffsetListsThePartitionAgain() {
        openSession();

        PartitionData newEpoch = new PartitionData(FOO, 0L, 0L, 1_048_576, 6, -1);
        PartitionData newLogStart = new PartitionData(BAR, 0L, 3L, 1_048_576, 5, -1);
        Map<TopicPartition, PartitionData> wanted = wanted(FOO0, 0L, FOO1, 0L, BAR0, 0L);
        wanted.put(FOO1, newEpoch);
        wanted.put(BAR0, newLogStart);

        assertEquals(Map.of(FOO1, newEpoch, BAR0, newLogStart), session.build(wanted).toSend());
    }

    @Test
    void partitionsNoLongerWantedAreForgottenUnderTheirTopicIdAndNewOnesListed() {
        session.build(wanted(FOO0, 0L, FOO1, 0L));
        assertTrue(answer(42, FOO0, FOO1));

        FetchRequestData request = session.build(wanted(FOO0, 0L, BAR0, 3L));

        assertEquals(Map.of(BAR0, data(BAR, 3L)), request.toSend());
        assertEquals(List.of(new TopicIdPartition(FOO, FOO1)), request.toForget());
        assertEquals(Set.of(FOO0, BAR0), request.sessionPartitions().keySet());
    }

    @Test
    void aRecreatedTopicIsForgottenUnderItsOldIdAndListedUnderItsNewOne() {
        openSession();
        UUID newFoo = new UUID(0, 3);
        Map<TopicPartition, PartitionData> wanted = wanted(FOO0, 0L, FOO1, 0L, BAR0, 0L);
        wanted.put(FOO0, data(newFoo, 0L));

        FetchRequestData request = session.build(wanted);

        assertEquals(Map.of(FOO0, data(newFoo, 0L)), request.toSend());
        assertEquals(List.of(new TopicIdPartition(FOO, FOO0)), request.toForget());
        assertEquals("foo", session.topicName(newFoo).orElseThrow());
    }

    @Test
    void eachAcceptedAnswerMovesTheEpochOnAndTheEpochWrapsToOne() {
        openSession();
        for (int epoch = 1; epoch <= 3; epoch++) {
            assertEquals(epoch, session.build(wanted(FOO0, 0L, FOO1, 0L, BAR0, 0L)).epoch());
            assertTrue(answer(42));
        }
        assertEquals(4, session.nextEpoch());
    }

    @Test
    void anIncrementalAnswerLeavingPartitionsOutIsAcceptedAsNoNewsForThem() {
        openSession();
        session.build(wanted(FOO0, 1L, FOO1, 0L, BAR0, 0L));

        assertTrue(answer(42, FOO0));
        assertEquals(2, session.nextEpoch());
    }

    @Test
    void anUnknownSessionStartsOverWithSessionIdZero() {
        openSession();
        session.build(wanted(FOO0, 0L, FOO1, 0L, BAR0, 0L));

        assertFalse(session.handleResponse(Errors.FETCH_SESSION_ID_NOT_FOUND, 0, 0, Set.of(), Set.of()));

        FetchRequestData next = session.build(wanted(FOO0, 0L, FOO1, 0L, BAR0, 0L));
        assertTrue(next.isFull());
        assertEquals(0, next.sessionId());
        assertEquals(3, next.toSend().size());
    }

    @Test
    void aWrongEpochMakesTheNextFetchFullUnderTheOldSessionIdSoTheLeaderDropsIt() {
        openSession();
        session.build(wanted(FOO0, 0L, FOO1, 0L, BAR0, 0L));

        assertFalse(session.handleResponse(Errors.INVALID_FETCH_SESSION_EPOCH, 0, 0, Set.of(), Set.of()));

        FetchRequestData next = session.build(wanted(FOO0, 0L, FOO1, 0L, BAR0, 0L));
        assertEquals(42, next.sessionId());
        assertEquals(0, next.epoch());
        assertEquals(3, next.toSend().size());
    }

    @Test
    void aTopicIdErrorMakesTheNextFetchFull() {
        openSession();
        session.build(wanted(FOO0, 0L, FOO1, 0L, BAR0, 0L));

        assertFalse(session.handleResponse(Errors.FETCH_SESSION_TOPIC_ID_ERROR, 42, 0, Set.of(), Set.of()));

        assertTrue(session.build(wanted(FOO0, 0L, FOO1, 0L, BAR0, 0L)).isFull());
    }

    @Test
    void aLeaderWithoutSessionsKeepsGettingFullFetchesThatAskForOne() {
        for (int round = 0; round < 3; round++) {
            FetchRequestData request = session.build(wanted(FOO0, (long) round, FOO1, 0L));
            assertEquals(0, request.sessionId());
            assertEquals(0, request.epoch());
            assertEquals(2, request.toSend().size());
            assertTrue(answer(0, FOO0, FOO1));
        }
    }

    @Test
    void aLeaderClosingTheSessionMakesTheNextFetchFull() {
        openSession();
        session.build(wanted(FOO0, 0L, FOO1, 0L, BAR0, 0L));

        assertTrue(answer(0, FOO0));

        FetchRequestData next = session.build(wanted(FOO0, 0L, FOO1, 0L, BAR0, 0L));
        assertEquals(0, next.sessionId());
        assertTrue(next.isFull());
    }

    @Test
    void anIncrementalAnswerNamingAPartitionOutsideTheSessionIsRejected() {
        session.build(wanted(FOO0, 0L, FOO1, 0L));
        assertTrue(answer(42, FOO0, FOO1));
        session.build(wanted(FOO0, 0L, FOO1, 0L));

        assertFalse(answer(42, FOO0, BAR0));

        FetchRequestData next = session.build(wanted(FOO0, 0L, FOO1, 0L));
        assertEquals(42, next.sessionId());
        assertTrue(next.isFull());
    }

    @Test
    void anAnswerNamingATopicIdOutsideTheSessionIsRejected() {
        openSession();
        session.build(wanted(FOO0, 0L, FOO1, 0L, BAR0, 0L));

        assertFalse(session.handleResponse(Errors.NONE, 42, 0, Set.of(new UUID(9, 9)), Set.of()));
        assertEquals(0, session.nextEpoch());
    }

    @Test
    void aFullAnswerLeavingOutARequestedPartitionIsRejectedAndStartsOver() {
        session.build(wanted(FOO0, 0L, FOO1, 0L));

        assertFalse(answer(42, FOO0));

        assertEquals(0, session.sessionId());
        assertTrue(session.build(wanted(FOO0, 0L, FOO1, 0L)).isFull());
    }

    @Test
    void anEmptyThrottledFullAnswerIsNotUsedAndTheNextFetchIsFull() {
        session.build(wanted(FOO0, 0L));

        assertFalse(session.handleResponse(Errors.NONE, 42, 100, Set.of(), Set.of()));
        assertTrue(session.build(wanted(FOO0, 0L)).isFull());
    }

    @Test
    void aFailedRequestMakesTheNextFetchFullUnderTheSameSessionId() {
        openSession();
        session.build(wanted(FOO0, 5L, FOO1, 0L, BAR0, 0L));

        session.handleError();

        FetchRequestData next = session.build(wanted(FOO0, 5L, FOO1, 0L, BAR0, 0L));
        assertEquals(42, next.sessionId());
        assertEquals(0, next.epoch());
        assertEquals(3, next.toSend().size());
    }

    @Test
    void withNothingWantedAndNothingToForgetNoRequestIsNeeded() {
        assertTrue(session.build(Map.of()).isEmpty());
        openSession();
        FetchRequestData forgetting = session.build(Map.of());
        assertFalse(forgetting.isEmpty());
        assertEquals(3, forgetting.toForget().size());
    }
}
