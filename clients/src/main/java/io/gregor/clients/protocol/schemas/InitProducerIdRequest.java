package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;

import static io.gregor.clients.protocol.SchemaDsl.*;

/** InitProducerIdRequest (api key 22, versions 0-5, flexible 2+). */
public final class InitProducerIdRequest {
    public static final Field<String> TRANSACTIONAL_ID = field("TransactionalId", STRING, "0+").nullable("0+");
    public static final Field<Integer> TRANSACTION_TIMEOUT_MS = field("TransactionTimeoutMs", INT32, "0+");
    public static final Field<Long> PRODUCER_ID = field("ProducerId", INT64, "3+").withDefault(-1L);
    public static final Field<Short> PRODUCER_EPOCH = field("ProducerEpoch", INT16, "3+").withDefault(-1);

    public static final MessageSpec SPEC = request(22, "InitProducerIdRequest", "0-5", "2+",
            TRANSACTIONAL_ID, TRANSACTION_TIMEOUT_MS, PRODUCER_ID, PRODUCER_EPOCH);

    private InitProducerIdRequest() {
    }
}
