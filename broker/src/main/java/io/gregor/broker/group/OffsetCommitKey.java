package io.gregor.broker.group;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.MessageType;
import io.gregor.clients.protocol.Versions;

import static io.gregor.clients.protocol.SchemaDsl.*;

/**
 * The key of an offset commit in __consumer_offsets (Kafka's group-coordinator OffsetCommitKey):
 * group, topic and partition. Versions 0 and 1 are the same layout; Gregor writes 1, as Kafka does.
 */
final class OffsetCommitKey {
    public static final Field<String> GROUP = field("group", STRING, "0-1")
            .about("The group that committed. Up to v1.");
    public static final Field<String> TOPIC = field("topic", STRING, "0-1")
            .about("The topic of the committed partition. Up to v1.");
    public static final Field<Integer> PARTITION = field("partition", INT32, "0-1")
            .about("The committed partition. Up to v1.");

    public static final MessageSpec SPEC = new MessageSpec(-1, "OffsetCommitKey", MessageType.REQUEST,
            Versions.parse("0-1"), Versions.parse("none"), structType("OffsetCommitKey",
            GROUP, TOPIC, PARTITION));

    private OffsetCommitKey() {
    }
}
