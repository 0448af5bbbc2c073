package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.SchemaDsl;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.record.Records;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/** ProduceRequest (api key 0, versions 0-11, flexible 9+). */
public final class ProduceRequest {
    public static final Field<String> TRANSACTIONAL_ID =
            field("TransactionalId", STRING, "3+").nullable("3+").withDefault(null);
    public static final Field<Short> ACKS = field("Acks", INT16, "0+");
    public static final Field<Integer> TIMEOUT_MS = field("TimeoutMs", INT32, "0+");
    public static final Field<List<Struct>> TOPIC_DATA = array("TopicData", "0+", TopicData.SCHEMA);

    public static final MessageSpec SPEC = request(0, "ProduceRequest", "0-11", "9+",
            TRANSACTIONAL_ID, ACKS, TIMEOUT_MS, TOPIC_DATA);

    private ProduceRequest() {
    }

    /** An element of {@link ProduceRequest#TOPIC_DATA}. */
    public static final class TopicData {
        public static final Field<String> NAME = field("Name", STRING, "0+");
        public static final Field<List<Struct>> PARTITION_DATA = array("PartitionData", "0+", PartitionData.SCHEMA);
        public static final Schema SCHEMA = structType("TopicData", NAME, PARTITION_DATA);

        private TopicData() {
        }

        /** An element of {@link ProduceRequest.TopicData#PARTITION_DATA}. */
        public static final class PartitionData {
            public static final Field<Integer> INDEX = field("Index", INT32, "0+");
            public static final Field<Records> RECORDS = field("Records", SchemaDsl.RECORDS, "0+").nullable("0+");
            public static final Schema SCHEMA = structType("PartitionData", INDEX, RECORDS);

            private PartitionData() {
            }
        }
    }
}
