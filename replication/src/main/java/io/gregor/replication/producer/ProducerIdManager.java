package io.gregor.replication.producer;

import io.gregor.coordination.zk.ProducerIdBlock;
import java.util.function.IntFunction;

/**
 * Hands out producer ids for idempotent producers from a block this broker claimed in ZooKeeper
 * ({@code /latest_producer_id_block}); a new block is claimed when the current one runs out, so
 * ids are unique across the cluster and across restarts. Thread safe (synchronized).
 */
public final class ProducerIdManager {
    private final int brokerId;
    private final IntFunction<ProducerIdBlock> blockAllocator;
    private ProducerIdBlock block; // guarded by this
    private long next;             // guarded by this

    /** @param blockAllocator claims a block for a broker id, e.g. {@code GregorZkClient::allocateProducerIdBlock} */
    public ProducerIdManager(int brokerId, IntFunction<ProducerIdBlock> blockAllocator) {
        this.brokerId = brokerId;
        this.blockAllocator = blockAllocator;
    }

    /** The next unused producer id (may block on ZooKeeper when a new block is needed). */
    public synchronized long generateProducerId() {
        if (block == null || next > block.lastProducerId()) {
            block = blockAllocator.apply(brokerId);
            next = block.firstProducerId();
        }
        return next++;
    }
}
