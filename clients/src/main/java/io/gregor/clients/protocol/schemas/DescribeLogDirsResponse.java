package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/**
 * The broker's log directories, each with its error and the replicas it holds. v1 answers before
 * throttling; v2 flexible; v3 adds a request-level ErrorCode; v4 the directory's total and usable bytes.
 */
public final class DescribeLogDirsResponse {
    public static final Field<Integer> THROTTLE_TIME_MS = field("ThrottleTimeMs", INT32, "0+")
            .about("How long, in ms, the broker throttled this request for a quota; 0 when it did not.");
    public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "3+")
            .about("0, or why no directory is described (e.g. not authorized); since v3.");
    public static final Field<List<Struct>> RESULTS = array("Results", "0+", Results.SCHEMA)
            .about("One entry per log directory of the broker.");

    public static final MessageSpec SPEC = response(35, "DescribeLogDirsResponse", "0-4", "2+",
            THROTTLE_TIME_MS, ERROR_CODE, RESULTS);

    private DescribeLogDirsResponse() {
    }

    /** An element of {@link DescribeLogDirsResponse#RESULTS}: one log directory. */
    public static final class Results {
        public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "0+")
                .about("0, or KAFKA_STORAGE_ERROR when the directory is offline.");
        public static final Field<String> LOG_DIR = field("LogDir", STRING, "0+")
                .about("The directory's absolute path.");
        public static final Field<List<Struct>> TOPICS = array("Topics", "0+", Topics.SCHEMA)
                .about("The replicas in this directory, by topic.");
        public static final Field<Long> TOTAL_BYTES = field("TotalBytes", INT64, "4+").withDefault(-1)
                .about("The size of the file system holding the directory, -1 when unknown; since v4.");
        public static final Field<Long> USABLE_BYTES = field("UsableBytes", INT64, "4+").withDefault(-1)
                .about("The bytes still usable on that file system, -1 when unknown; since v4.");
        public static final Schema SCHEMA = structType("DescribeLogDirsResult", ERROR_CODE, LOG_DIR, TOPICS,
                TOTAL_BYTES, USABLE_BYTES);

        private Results() {
        }

        /** An element of {@link Results#TOPICS}. */
        public static final class Topics {
            public static final Field<String> NAME = field("Name", STRING, "0+")
                    .about("The topic's name.");
            public static final Field<List<Struct>> PARTITIONS = array("Partitions", "0+", Partitions.SCHEMA)
                    .about("The topic's replicas in this directory.");
            public static final Schema SCHEMA = structType("DescribeLogDirsTopic", NAME, PARTITIONS);

            private Topics() {
            }

            /** An element of {@link Topics#PARTITIONS}: one replica's log. */
            public static final class Partitions {
                public static final Field<Integer> PARTITION_INDEX = field("PartitionIndex", INT32, "0+")
                        .about("The partition number within its topic.");
                public static final Field<Long> PARTITION_SIZE = field("PartitionSize", INT64, "0+")
                        .about("The bytes of the log's segments.");
                public static final Field<Long> OFFSET_LAG = field("OffsetLag", INT64, "0+")
                        .about("How far the log end offset is behind: for the current log, the high watermark"
                                + " minus the log end offset (at least 0); for a future log, the current log's end"
                                + " offset minus its own; -1 when the broker no longer hosts the partition.");
                public static final Field<Boolean> IS_FUTURE_KEY = field("IsFutureKey", BOOL, "0+")
                        .about("True for the copy AlterReplicaLogDirs is building, which will replace the current log.");
                public static final Schema SCHEMA = structType("DescribeLogDirsPartition", PARTITION_INDEX,
                        PARTITION_SIZE, OFFSET_LAG, IS_FUTURE_KEY);

                private Partitions() {
                }
            }
        }
    }
}
