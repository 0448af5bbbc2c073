package io.gregor.broker.group;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.MessageType;
import io.gregor.clients.protocol.Versions;

import static io.gregor.clients.protocol.SchemaDsl.*;

/**
 * The value of an offset commit in __consumer_offsets (Kafka's OffsetCommitValue). v1 adds an expire
 * timestamp (from a commit's retention time); v2 drops it again; v3 adds the leader epoch; v4 is
 * flexible. Gregor writes v3, as a ZooKeeper-mode Kafka 3.9 does; a null value is a tombstone.
 */
final class OffsetCommitValue {
    public static final Field<Long> OFFSET = field("offset", INT64, "0+")
            .about("The committed offset.");
    public static final Field<Integer> LEADER_EPOCH = field("leaderEpoch", INT32, "3+").withDefault(-1)
            .about("The leader epoch committed with the offset, -1 when unknown; since v3.");
    public static final Field<String> METADATA = field("metadata", STRING, "0+")
            .about("The metadata committed with the offset (empty when none).");
    public static final Field<Long> COMMIT_TIMESTAMP = field("commitTimestamp", INT64, "0+")
            .about("When the offset was committed, in ms since the epoch.");
    public static final Field<Long> EXPIRE_TIMESTAMP = field("expireTimestamp", INT64, "1").withDefault(-1L)
            .about("When the offset expires, from a commit's retention time; v1 only (later, retention is the "
                    + "broker's).");

    public static final MessageSpec SPEC = new MessageSpec(-1, "OffsetCommitValue", MessageType.REQUEST,
            Versions.parse("0-4"), Versions.parse("4+"), structType("OffsetCommitValue",
            OFFSET, LEADER_EPOCH, METADATA, COMMIT_TIMESTAMP, EXPIRE_TIMESTAMP));

    private OffsetCommitValue() {
    }
}
