package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;
import java.util.UUID;

import static io.gregor.clients.protocol.SchemaDsl.*;

/**
 * Metadata (api key 3): the brokers, the controller, and the partitions of the topics asked for (all
 * topics when null), with their leaders and replicas. v1 allows null for all topics; v4 lets the
 * client allow or forbid auto-creation; v8 authorized operations; v9 flexible; v10 topic ids
 * (KIP-516); v11 drops the cluster's authorized operations (now in DescribeCluster); v12 asks by topic
 * id.
 */
public final class MetadataRequest {
    public static final Field<List<Struct>> TOPICS = array("Topics", "0+", Topics.SCHEMA).nullable("1+")
            .about("The topics to describe; null (v1+) for all of them, empty for none.");
    public static final Field<Boolean> ALLOW_AUTO_TOPIC_CREATION =
            field("AllowAutoTopicCreation", BOOL, "4+").withDefault(true)
            .about("True to let the broker create missing topics when auto.create.topics.enable is on; since v4.");
    public static final Field<Boolean> INCLUDE_CLUSTER_AUTHORIZED_OPERATIONS =
            field("IncludeClusterAuthorizedOperations", BOOL, "8-10")
            .about("True to ask for the cluster operations the caller may perform; v8-10 (then DescribeCluster).");
    public static final Field<Boolean> INCLUDE_TOPIC_AUTHORIZED_OPERATIONS =
            field("IncludeTopicAuthorizedOperations", BOOL, "8+")
            .about("True to ask for each topic's operations the caller may perform; since v8.");

    public static final MessageSpec SPEC = request(3, "MetadataRequest", "0-12", "9+",
            TOPICS, ALLOW_AUTO_TOPIC_CREATION, INCLUDE_CLUSTER_AUTHORIZED_OPERATIONS,
            INCLUDE_TOPIC_AUTHORIZED_OPERATIONS);

    private MetadataRequest() {
    }

    /** An element of {@link MetadataRequest#TOPICS}. */
    public static final class Topics {
        public static final Field<UUID> TOPIC_ID = field("TopicId", UUID, "10+")
                .about("The topic's id, the zero UUID when it is given by name; since v10.");
        public static final Field<String> NAME = field("Name", STRING, "0+").nullable("10+")
                .about("The topic's name (null from v10 when given by id).");
        public static final Schema SCHEMA = structType("Topics", TOPIC_ID, NAME);

        private Topics() {
        }
    }
}
