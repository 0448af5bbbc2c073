package io.gregor.broker.handlers.data;

import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.FetchRequest;
import io.gregor.clients.protocol.schemas.FetchRequest.ReplicaState;

/**
 * Who a Fetch request says it comes from: the replica id (-1 for a consumer, a broker id for a
 * follower) and, from version 15 on (KIP-903's ReplicaState), the follower's broker epoch. Read in
 * one place so the check of a follower's claim and the handler that serves it see the same claim.
 *
 * @param replicaId     ReplicaState.ReplicaId (v15+) or ReplicaId (before)
 * @param replicaEpoch  ReplicaState.ReplicaEpoch (v15+), -1 when the request carries none
 * @param carriesEpoch  whether the version has the ReplicaEpoch field at all
 */
public record FetchReplica(int replicaId, long replicaEpoch, boolean carriesEpoch) {
    /** The first Fetch version with ReplicaState. */
    public static final short FIRST_REPLICA_STATE_VERSION = 15;

    /** The claim of a Fetch request of version {@code version}. */
    public static FetchReplica of(short version, Struct request) {
        if (version >= FIRST_REPLICA_STATE_VERSION) {
            Struct state = request.getStruct(FetchRequest.REPLICA_STATE);
            return new FetchReplica(state.getInt(ReplicaState.REPLICA_ID), state.getLong(ReplicaState.REPLICA_EPOCH),
                    true);
        }
        return new FetchReplica(request.getInt(FetchRequest.REPLICA_ID), -1L, false);
    }

    /** A follower's fetch (a broker id), as opposed to a consumer's (-1) or a debugging client's (-2). */
    public boolean isFollower() {
        return replicaId >= 0;
    }
}
