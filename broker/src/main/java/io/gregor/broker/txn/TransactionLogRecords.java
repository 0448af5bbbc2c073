package io.gregor.broker.txn;

import io.gregor.broker.txn.TransactionLogValue.TransactionPartitions;
import io.gregor.clients.protocol.MessageCodec;
import io.gregor.clients.protocol.Struct;
import io.gregor.core.log.TopicPartition;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Kafka's record layouts in {@code __transaction_state}: key = int16 version 0 + transactional id;
 * value = int16 version + TransactionLogValue (written as v0, v0 and v1 read). Empty carries null
 * partitions. The previous producer id and epoch are not stored (as in Kafka 3.9 with
 * transaction.version 0), so they read back as -1. Stateless.
 */
public final class TransactionLogRecords {
    static final short KEY_VERSION = 0;
    static final short VALUE_VERSION = 0;
    private static final short MAX_VALUE_VERSION = 1;

    private TransactionLogRecords() {
    }

    static byte[] key(String transactionalId) {
        Struct s = TransactionLogKey.SPEC.newStruct().set(TransactionLogKey.TRANSACTIONAL_ID, transactionalId);
        return withVersion(TransactionLogKey.SPEC, s, KEY_VERSION);
    }

    static byte[] value(TxnTransit t) {
        if (t.state() == TransactionState.EMPTY && !t.partitions().isEmpty()) {
            throw new IllegalStateException("an Empty transaction cannot hold partitions: " + t);
        }
        Struct s = TransactionLogValue.SPEC.newStruct()
                .set(TransactionLogValue.PRODUCER_ID, t.producerId())
                .set(TransactionLogValue.PRODUCER_EPOCH, t.producerEpoch())
                .set(TransactionLogValue.TRANSACTION_TIMEOUT_MS, t.txnTimeoutMs())
                .set(TransactionLogValue.TRANSACTION_STATUS, t.state().id)
                .set(TransactionLogValue.TRANSACTION_LAST_UPDATE_TIMESTAMP_MS, t.txnLastUpdateTimestamp())
                .set(TransactionLogValue.TRANSACTION_START_TIMESTAMP_MS, t.txnStartTimestamp());
        if (t.state() == TransactionState.EMPTY) {
            s.set(TransactionLogValue.TRANSACTION_PARTITIONS, null);
        } else {
            Map<String, List<Integer>> byTopic = new TreeMap<>();
            for (TopicPartition tp : t.partitions()) {
                byTopic.computeIfAbsent(tp.topic(), k -> new ArrayList<>()).add(tp.partition());
            }
            byTopic.forEach((topic, ids) -> s.addElement(TransactionLogValue.TRANSACTION_PARTITIONS)
                    .set(TransactionPartitions.TOPIC, topic).set(TransactionPartitions.PARTITION_IDS, ids));
        }
        return withVersion(TransactionLogValue.SPEC, s, VALUE_VERSION);
    }

    /** The transactional id of a key; IllegalArgumentException for an unknown key version. */
    static String readKey(ByteBuffer buffer) {
        ByteBuffer buf = buffer.duplicate();
        short version = buf.getShort();
        if (version != KEY_VERSION) {
            throw new IllegalArgumentException("unknown __transaction_state key version " + version);
        }
        return MessageCodec.read(buf, TransactionLogKey.SPEC, version).getString(TransactionLogKey.TRANSACTIONAL_ID);
    }

    /** A stored state; the previous producer id and epoch come back as -1. */
    static TxnTransit readValue(ByteBuffer buffer) {
        ByteBuffer buf = buffer.duplicate();
        short version = buf.getShort();
        if (version < 0 || version > MAX_VALUE_VERSION) {
            throw new IllegalArgumentException("unknown __transaction_state value version " + version);
        }
        Struct s = MessageCodec.read(buf, TransactionLogValue.SPEC, version);
        TransactionState state = TransactionState.fromId(s.getByte(TransactionLogValue.TRANSACTION_STATUS));
        Set<TopicPartition> partitions = new HashSet<>();
        List<Struct> topics = s.getStructs(TransactionLogValue.TRANSACTION_PARTITIONS);
        if (state != TransactionState.EMPTY && topics != null) {
            for (Struct topic : topics) {
                for (int p : topic.getArray(TransactionPartitions.PARTITION_IDS)) {
                    partitions.add(new TopicPartition(topic.getString(TransactionPartitions.TOPIC), p));
                }
            }
        }
        return new TxnTransit(s.getLong(TransactionLogValue.PRODUCER_ID), -1L,
                s.getShort(TransactionLogValue.PRODUCER_EPOCH), (short) -1,
                s.getInt(TransactionLogValue.TRANSACTION_TIMEOUT_MS), state, partitions,
                s.getLong(TransactionLogValue.TRANSACTION_START_TIMESTAMP_MS),
                s.getLong(TransactionLogValue.TRANSACTION_LAST_UPDATE_TIMESTAMP_MS));
    }

    private static byte[] withVersion(io.gregor.clients.protocol.MessageSpec spec, Struct s, short version) {
        ByteBuffer body = MessageCodec.writeToBuffer(spec, s, version);
        ByteBuffer out = ByteBuffer.allocate(2 + body.remaining());
        out.putShort(version).put(body);
        return out.array();
    }
}
