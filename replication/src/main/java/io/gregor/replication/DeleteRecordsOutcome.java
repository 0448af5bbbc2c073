package io.gregor.replication;

import io.gregor.clients.protocol.Errors;

/** What DeleteRecords did on the leader ({@link Partition#deleteRecordsOnLeader}): the offset the log start moved to, and the low watermark then. */
record DeleteRecordsOutcome(Errors error, long requestedOffset, long lowWatermark) {
    static DeleteRecordsOutcome failed(Errors error) {
        return new DeleteRecordsOutcome(error, -1L, -1L);
    }
}
