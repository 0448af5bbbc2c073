package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;

import static io.gregor.clients.protocol.SchemaDsl.*;

/**
 * InitProducerId (api key 22): a producer gets a producer id and epoch for idempotent (or
 * transactional) writes. v1 as v0; v2 flexible; v3 can resume an existing id after an epoch error; v4
 * PRODUCER_FENCED; v5 TRANSACTION_ABORTABLE (KIP-890).
 */
public final class InitProducerIdRequest {
    public static final Field<String> TRANSACTIONAL_ID = field("TransactionalId", STRING, "0+").nullable("0+")
            .about("The transactional.id, or null for an idempotent producer outside transactions.");
    public static final Field<Integer> TRANSACTION_TIMEOUT_MS = field("TransactionTimeoutMs", INT32, "0+")
            .about("The transaction timeout (transaction.timeout.ms); ignored without a transactional id.");
    public static final Field<Long> PRODUCER_ID = field("ProducerId", INT64, "3+").withDefault(-1L)
            .about("The producer id to resume with after an epoch error, -1 for a new one; since v3.");
    public static final Field<Short> PRODUCER_EPOCH = field("ProducerEpoch", INT16, "3+").withDefault(-1)
            .about("The epoch that goes with ProducerId, -1 for a new one; since v3.");

    public static final MessageSpec SPEC = request(22, "InitProducerIdRequest", "0-5", "2+",
            TRANSACTIONAL_ID, TRANSACTION_TIMEOUT_MS, PRODUCER_ID, PRODUCER_EPOCH);

    private InitProducerIdRequest() {
    }
}
