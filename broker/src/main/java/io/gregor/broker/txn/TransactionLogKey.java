package io.gregor.broker.txn;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.MessageType;
import io.gregor.clients.protocol.Versions;

import static io.gregor.clients.protocol.SchemaDsl.*;

/**
 * The key of a record in {@code __transaction_state} (Kafka's TransactionLogKey): the transactional
 * id, after an int16 version that is always 0.
 */
final class TransactionLogKey {
    public static final Field<String> TRANSACTIONAL_ID = field("TransactionalId", STRING, "0")
            .about("The transactional id whose state the record holds.");

    public static final MessageSpec SPEC = new MessageSpec(-1, "TransactionLogKey", MessageType.REQUEST,
            Versions.parse("0"), Versions.parse("none"), structType("TransactionLogKey", TRANSACTIONAL_ID));

    private TransactionLogKey() {
    }
}
