package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.MessageType;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.Versions;

import java.nio.ByteBuffer;
import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/**
 * The assignment a "consumer" group's leader hands each member in SyncGroup's {@code Assignment}
 * bytes: not an API message but data embedded in one, fields as in Kafka's
 * {@code ConsumerProtocolAssignment} spec, never flexible, versions 0-3. Read and written like
 * {@link ConsumerProtocolSubscription}: an int16 version first, then this spec.
 */
public final class ConsumerProtocolAssignment {
    public static final Field<List<Struct>> ASSIGNED_PARTITIONS =
            array("AssignedPartitions", "0+", AssignedPartitions.SCHEMA)
            .about("The partitions the leader assigned to this member, grouped by topic.");
    public static final Field<ByteBuffer> USER_DATA = field("UserData", BYTES, "0+").nullable("0+").withDefault(null)
            .about("Opaque bytes from the assignor to the member, or null.");

    public static final MessageSpec SPEC = new MessageSpec(-1, "ConsumerProtocolAssignment", MessageType.REQUEST,
            Versions.parse("0-3"), Versions.parse("none"), structType("ConsumerProtocolAssignment",
            ASSIGNED_PARTITIONS, USER_DATA));

    private ConsumerProtocolAssignment() {
    }

    /** An element of {@link ConsumerProtocolAssignment#ASSIGNED_PARTITIONS}. */
    public static final class AssignedPartitions {
        public static final Field<String> TOPIC = field("Topic", STRING, "0+")
                .about("The topic's name.");
        public static final Field<List<Integer>> PARTITIONS = field("Partitions", arrayOf(INT32), "0+")
                .about("The assigned partitions of the topic.");
        public static final Schema SCHEMA = structType("AssignedPartitions", TOPIC, PARTITIONS);

        private AssignedPartitions() {
        }
    }
}
