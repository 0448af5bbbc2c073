package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;

import static io.gregor.clients.protocol.SchemaDsl.*;

/**
 * Asks the transaction coordinator to commit or abort a producer's ongoing transaction (api key 26). v1 same
 * as v0; v2: PRODUCER_FENCED; v3: flexible; v4: TRANSACTION_ABORTABLE.
 */
public final class EndTxnRequest {
    public static final Field<String> TRANSACTIONAL_ID = field("TransactionalId", STRING, "0+")
            .about("The transactional id whose transaction ends.");
    public static final Field<Long> PRODUCER_ID = field("ProducerId", INT64, "0+")
            .about("The producer id the transactional id currently holds.");
    public static final Field<Short> PRODUCER_EPOCH = field("ProducerEpoch", INT16, "0+")
            .about("The producer's epoch for that id; an older one is fenced.");
    public static final Field<Boolean> COMMITTED = field("Committed", BOOL, "0+")
            .about("True to commit the transaction, false to abort it.");

    public static final MessageSpec SPEC = request(26, "EndTxnRequest", "0-4", "3+",
            TRANSACTIONAL_ID, PRODUCER_ID, PRODUCER_EPOCH, COMMITTED);

    private EndTxnRequest() {
    }
}

