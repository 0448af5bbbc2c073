package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;
import java.util.UUID;

import static io.gregor.clients.protocol.SchemaDsl.*;

/** MetadataRequest (api key 3, versions 0-12, flexible 9+). */
public final class MetadataRequest {
    public static final Field<List<Struct>> TOPICS = array("Topics", "0+", Topics.SCHEMA).nullable("1+");
    public static final Field<Boolean> ALLOW_AUTO_TOPIC_CREATION =
            field("AllowAutoTopicCreation", BOOL, "4+").withDefault(true);
    public static final Field<Boolean> INCLUDE_CLUSTER_AUTHORIZED_OPERATIONS =
            field("IncludeClusterAuthorizedOperations", BOOL, "8-10");
    public static final Field<Boolean> INCLUDE_TOPIC_AUTHORIZED_OPERATIONS =
            field("IncludeTopicAuthorizedOperations", BOOL, "8+");

    public static final MessageSpec SPEC = request(3, "MetadataRequest", "0-12", "9+",
            TOPICS, ALLOW_AUTO_TOPIC_CREATION, INCLUDE_CLUSTER_AUTHORIZED_OPERATIONS,
            INCLUDE_TOPIC_AUTHORIZED_OPERATIONS);

    private MetadataRequest() {
    }

    /** An element of {@link MetadataRequest#TOPICS}. */
    public static final class Topics {
        public static final Field<UUID> TOPIC_ID = field("TopicId", UUID, "10+");
        public static final Field<String> NAME = field("Name", STRING, "0+").nullable("10+");
        public static final Schema SCHEMA = structType("Topics", TOPIC_ID, NAME);

        private Topics() {
        }
    }
}
