package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/**
 * Asks a broker for the transactional ids its transaction coordinator owns, optionally filtered (api key 66).
 * v0 is flexible; v1: duration filter (KIP-994).
 */
public final class ListTransactionsRequest {
    public static final Field<List<String>> STATE_FILTERS = field("StateFilters", arrayOf(STRING), "0+")
            .about("Only transactions in one of these states (Kafka's state names); empty for all states.");
    public static final Field<List<Long>> PRODUCER_ID_FILTERS = field("ProducerIdFilters", arrayOf(INT64), "0+")
            .about("Only transactions of one of these producer ids; empty for all.");
    public static final Field<Long> DURATION_FILTER = field("DurationFilter", INT64, "1+").withDefault(-1L)
            .about("Since v1: only transactions running for longer than this many ms; negative for all.");

    public static final MessageSpec SPEC = request(66, "ListTransactionsRequest", "0-1", "0+",
            STATE_FILTERS, PRODUCER_ID_FILTERS, DURATION_FILTER);

    private ListTransactionsRequest() {
    }
}

