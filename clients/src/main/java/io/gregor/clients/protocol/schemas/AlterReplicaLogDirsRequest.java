package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/** Asks one broker to move replicas it holds to other log directories of its own. v1 as v0; v2 flexible. */
public final class AlterReplicaLogDirsRequest {
    public static final Field<List<Struct>> DIRS = array("Dirs", "0+", Dirs.SCHEMA)
            .about("The destination directories, each with the replicas to move there.");

    public static final MessageSpec SPEC = request(34, "AlterReplicaLogDirsRequest", "0-2", "2+", DIRS);

    private AlterReplicaLogDirsRequest() {
    }

    /** An element of {@link AlterReplicaLogDirsRequest#DIRS}: one destination directory. */
    public static final class Dirs {
        public static final Field<String> PATH = field("Path", STRING, "0+")
                .about("The destination's absolute path, one of the broker's log.dirs.");
        public static final Field<List<Struct>> TOPICS = array("Topics", "0+", Topics.SCHEMA)
                .about("The replicas to move into it, by topic.");
        public static final Schema SCHEMA = structType("AlterReplicaLogDir", PATH, TOPICS);

        private Dirs() {
        }

        /** An element of {@link Dirs#TOPICS}. */
        public static final class Topics {
            public static final Field<String> NAME = field("Name", STRING, "0+")
                    .about("The topic's name.");
            public static final Field<List<Integer>> PARTITIONS = field("Partitions", arrayOf(INT32), "0+")
                    .about("The partitions of that topic whose replica on this broker moves.");
            public static final Schema SCHEMA = structType("AlterReplicaLogDirTopic", NAME, PARTITIONS);

            private Topics() {
            }
        }
    }
}
