package io.gregor.coordination.zk;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A block of producer ids claimed by one broker, stored in {@code /latest_producer_id_block} as
 * {@code {"version":1,"broker":1,"block_start":"0","block_end":"999"}} (start and end inclusive,
 * written as strings, as Kafka's ProducerIdBlockZNode does).
 */
public record ProducerIdBlock(int brokerId, long firstProducerId, long lastProducerId) {

    public static final int VERSION = 1;
    /** Kafka's ProducerIdsBlock.PRODUCER_ID_BLOCK_SIZE. */
    public static final int BLOCK_SIZE = 1000;

    public ProducerIdBlock {
        if (firstProducerId < 0 || lastProducerId < firstProducerId) {
            throw new IllegalArgumentException("bad producer id block [" + firstProducerId + ", " + lastProducerId + "]");
        }
    }

    /** The block of {@link #BLOCK_SIZE} ids right after this one, for {@code brokerId}. */
    public ProducerIdBlock next(int claimingBrokerId) {
        if (lastProducerId > Long.MAX_VALUE - BLOCK_SIZE) {
            throw new IllegalStateException("Producer ids exhausted: the last block ends at " + lastProducerId);
        }
        return new ProducerIdBlock(claimingBrokerId, lastProducerId + 1, lastProducerId + BLOCK_SIZE);
    }

    public static ProducerIdBlock first(int brokerId) {
        return new ProducerIdBlock(brokerId, 0, BLOCK_SIZE - 1);
    }

    public long size() {
        return lastProducerId - firstProducerId + 1;
    }

    public byte[] toJson() {
        ObjectNode json = ZkJson.object();
        json.put("version", VERSION);
        json.put("broker", brokerId);
        json.put("block_start", Long.toString(firstProducerId));
        json.put("block_end", Long.toString(lastProducerId));
        return ZkJson.toBytes(json);
    }

    public static ProducerIdBlock fromJson(String path, byte[] data) {
        ZkJson json = ZkJson.parse(path, data);
        json.requireVersion(VERSION, VERSION);
        long start = json.requireLongString("block_start");
        long end = json.requireLongString("block_end");
        if (start < 0 || end < start) {
            throw json.error("block_start " + start + " / block_end " + end + " do not form a block");
        }
        return new ProducerIdBlock(json.requireInt("broker"), start, end);
    }
}
