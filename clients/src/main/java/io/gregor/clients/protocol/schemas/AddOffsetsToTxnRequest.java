package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;

import static io.gregor.clients.protocol.SchemaDsl.*;

/**
 * Tells the transaction coordinator that a transaction will commit consumer offsets of a group (api key 25):
 * the coordinator adds the group's __consumer_offsets partition to the transaction. v1 same as v0; v2:
 * PRODUCER_FENCED; v3: flexible; v4: TRANSACTION_ABORTABLE.
 */
public final class AddOffsetsToTxnRequest {
    public static final Field<String> TRANSACTIONAL_ID = field("TransactionalId", STRING, "0+")
            .about("The transactional id whose transaction will commit the offsets.");
    public static final Field<Long> PRODUCER_ID = field("ProducerId", INT64, "0+")
            .about("The producer id the transactional id currently holds.");
    public static final Field<Short> PRODUCER_EPOCH = field("ProducerEpoch", INT16, "0+")
            .about("The producer's epoch for that id; an older one is fenced.");
    public static final Field<String> GROUP_ID = field("GroupId", STRING, "0+")
            .about("The consumer group whose offsets the transaction will commit.");

    public static final MessageSpec SPEC = request(25, "AddOffsetsToTxnRequest", "0-4", "3+",
            TRANSACTIONAL_ID, PRODUCER_ID, PRODUCER_EPOCH, GROUP_ID);

    private AddOffsetsToTxnRequest() {
    }
}

