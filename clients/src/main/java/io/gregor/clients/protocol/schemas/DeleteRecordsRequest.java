package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/**
 * DeleteRecords (api key 21): moves partitions' log start offsets forward, deleting the records
 * before. v1 as v0; v2 flexible.
 */
public final class DeleteRecordsRequest {
    public static final Field<List<Struct>> TOPICS = array("Topics", "0+", Topics.SCHEMA)
            .about("The topics whose records to delete.");
    public static final Field<Integer> TIMEOUT_MS = field("TimeoutMs", INT32, "0+")
            .about("How long, in ms, to wait for the followers to move their log start offset too.");

    public static final MessageSpec SPEC = request(21, "DeleteRecordsRequest", "0-2", "2+",
            TOPICS, TIMEOUT_MS);

    private DeleteRecordsRequest() {
    }

    /** An element of {@link DeleteRecordsRequest#TOPICS}. */
    public static final class Topics {
        public static final Field<String> NAME = field("Name", STRING, "0+")
                .about("The topic's name.");
        public static final Field<List<Struct>> PARTITIONS = array("Partitions", "0+", Partitions.SCHEMA)
                .about("The partitions of the topic.");
        public static final Schema SCHEMA = structType("Topics", NAME, PARTITIONS);

        private Topics() {
        }

        /** An element of {@link DeleteRecordsRequest.Topics#PARTITIONS}. */
        public static final class Partitions {
            public static final Field<Integer> PARTITION_INDEX = field("PartitionIndex", INT32, "0+")
                    .about("The partition number within its topic.");
            public static final Field<Long> OFFSET = field("Offset", INT64, "0+")
                    .about("Delete every record before this offset (-1: up to the high watermark).");
            public static final Schema SCHEMA = structType("Partitions", PARTITION_INDEX, OFFSET);

            private Partitions() {
            }
        }
    }
}
