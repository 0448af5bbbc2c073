package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/**
 * Asks a transaction coordinator for the state of transactional ids it owns (api key 65). v0 is flexible.
 */
public final class DescribeTransactionsRequest {
    public static final Field<List<String>> TRANSACTIONAL_IDS = field("TransactionalIds", arrayOf(STRING), "0+")
            .about("The transactional ids to describe; an empty list describes none.");

    public static final MessageSpec SPEC = request(65, "DescribeTransactionsRequest", "0", "0+",
            TRANSACTIONAL_IDS);

    private DescribeTransactionsRequest() {
    }
}

