package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;
import java.util.UUID;

import static io.gregor.clients.protocol.SchemaDsl.*;

/**
 * DeleteTopics (api key 20): deletes topics. v0-3 the same; v4 flexible; v5 may be throttled
 * (KIP-599); v6 names topics by name or id (KIP-516).
 */
public final class DeleteTopicsRequest {
    public static final Field<List<Struct>> TOPICS = array("Topics", "6+", Topics.SCHEMA)
            .about("The topics to delete, by name or by id; since v6, in place of TopicNames.");
    public static final Field<List<String>> TOPIC_NAMES = field("TopicNames", arrayOf(STRING), "0-5")
            .about("The names of the topics to delete; up to v5.");
    public static final Field<Integer> TIMEOUT_MS = field("TimeoutMs", INT32, "0+")
            .about("How long, in ms, to wait for the deletion to complete before answering.");

    public static final MessageSpec SPEC = request(20, "DeleteTopicsRequest", "0-6", "4+",
            TOPICS, TOPIC_NAMES, TIMEOUT_MS);

    private DeleteTopicsRequest() {
    }

    /** An element of {@link DeleteTopicsRequest#TOPICS}. */
    public static final class Topics {
        public static final Field<String> NAME = field("Name", STRING, "6+").nullable("6+").withDefault(null)
                .about("The topic's name, or null when it is given by id. Since v6.");
        public static final Field<UUID> TOPIC_ID = field("TopicId", UUID, "6+")
                .about("The topic's id, or the zero UUID when it is given by name. Since v6.");
        public static final Schema SCHEMA = structType("Topics", NAME, TOPIC_ID);

        private Topics() {
        }
    }
}
