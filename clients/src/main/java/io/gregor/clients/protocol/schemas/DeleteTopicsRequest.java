package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;
import java.util.UUID;

import static io.gregor.clients.protocol.SchemaDsl.*;

/** DeleteTopicsRequest (api key 20, versions 0-6, flexible 4+). */
public final class DeleteTopicsRequest {
    public static final Field<List<Struct>> TOPICS = array("Topics", "6+", Topics.SCHEMA);
    public static final Field<List<String>> TOPIC_NAMES = field("TopicNames", arrayOf(STRING), "0-5");
    public static final Field<Integer> TIMEOUT_MS = field("TimeoutMs", INT32, "0+");

    public static final MessageSpec SPEC = request(20, "DeleteTopicsRequest", "0-6", "4+",
            TOPICS, TOPIC_NAMES, TIMEOUT_MS);

    private DeleteTopicsRequest() {
    }

    /** An element of {@link DeleteTopicsRequest#TOPICS}. */
    public static final class Topics {
        public static final Field<String> NAME = field("Name", STRING, "6+").nullable("6+").withDefault(null);
        public static final Field<UUID> TOPIC_ID = field("TopicId", UUID, "6+");
        public static final Schema SCHEMA = structType("Topics", NAME, TOPIC_ID);

        private Topics() {
        }
    }
}
