package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.SchemaDsl;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.record.Records;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/**
 * Produce (api key 0): a producer appends record batches to partition leaders. v1-2 as v0; v3 adds the
 * transactional id and requires message format 2; v4 may be answered KAFKA_STORAGE_ERROR; v5-6 as v3;
 * v7 zstd (KIP-110); v8 per-record errors in the answer (KIP-467); v9 flexible; v10 as v9 (KIP-951);
 * v11 TRANSACTION_ABORTABLE (KIP-890). Gregor serves v3+.
 */
public final class ProduceRequest {
    public static final Field<String> TRANSACTIONAL_ID =
            field("TransactionalId", STRING, "3+").nullable("3+").withDefault(null)
            .about("The producer's transactional.id, or null outside transactions; since v3.");
    public static final Field<Short> ACKS = field("Acks", INT16, "0+")
            .about("Acknowledgement the producer waits for: 0 none (no response at all), 1 the leader's append, -1 "
                    + "every in-sync replica.");
    public static final Field<Integer> TIMEOUT_MS = field("TimeoutMs", INT32, "0+")
            .about("How long, in ms, an acks=-1 produce may wait for the ISR.");
    public static final Field<List<Struct>> TOPIC_DATA = array("TopicData", "0+", TopicData.SCHEMA)
            .about("The topics to produce to.");

    public static final MessageSpec SPEC = request(0, "ProduceRequest", "0-11", "9+",
            TRANSACTIONAL_ID, ACKS, TIMEOUT_MS, TOPIC_DATA);

    private ProduceRequest() {
    }

    /** An element of {@link ProduceRequest#TOPIC_DATA}. */
    public static final class TopicData {
        public static final Field<String> NAME = field("Name", STRING, "0+")
                .about("The topic's name.");
        public static final Field<List<Struct>> PARTITION_DATA = array("PartitionData", "0+", PartitionData.SCHEMA)
                .about("The partitions of the topic, each with its records.");
        public static final Schema SCHEMA = structType("TopicData", NAME, PARTITION_DATA);

        private TopicData() {
        }

        /** An element of {@link ProduceRequest.TopicData#PARTITION_DATA}. */
        public static final class PartitionData {
            public static final Field<Integer> INDEX = field("Index", INT32, "0+")
                    .about("The partition number within its topic.");
            public static final Field<Records> RECORDS = field("Records", SchemaDsl.RECORDS, "0+").nullable("0+")
                    .about("The record batches to append (one batch per partition for magic 2 producers).");
            public static final Schema SCHEMA = structType("PartitionData", INDEX, RECORDS);

            private PartitionData() {
            }
        }
    }
}
