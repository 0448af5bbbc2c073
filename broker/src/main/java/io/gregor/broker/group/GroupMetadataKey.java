package io.gregor.broker.group;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.MessageType;
import io.gregor.clients.protocol.Versions;

import static io.gregor.clients.protocol.SchemaDsl.*;

/**
 * The key of a group's metadata in __consumer_offsets (Kafka's GroupMetadataKey): the group id, under
 * key version 2.
 */
final class GroupMetadataKey {
    public static final Field<String> GROUP = field("group", STRING, "2")
            .about("The group whose metadata the value holds. v2 only.");

    public static final MessageSpec SPEC = new MessageSpec(-1, "GroupMetadataKey", MessageType.REQUEST,
            Versions.parse("2"), Versions.parse("none"), structType("GroupMetadataKey",
            GROUP));

    private GroupMetadataKey() {
    }
}
