package io.gregor.broker.network;

import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.FetchRequest;
import io.gregor.clients.protocol.schemas.FetchRequest.ReplicaState;

/**
 * Which requests a connection's network thread hands to its Fetch handler itself instead of passing
 * them to a request-handler thread: a consumer's Fetch (no replica id) of version 4 or later, naming
 * at most {@link #MAX_PARTITIONS} partitions. Such a fetch costs the handler an index lookup and a
 * batch header read per partition (the records go out later as file regions, read by the kernel on
 * the same network thread anyway); the two thread hand-offs it saves (network thread to handler
 * thread, and back with the answer) are most of the time of a small fetch, and on a machine whose
 * cores are busy each can wait for a time slice. A fetch with nothing to read yet parks in the
 * purgatory as before; its answer comes back through the event loop's task queue. Not for a
 * follower's fetch (its high-watermark and ISR work stays on the handler threads), not for Fetch v0-3
 * (their records may be down-converted in memory), and not for fetches of many partitions, whose
 * work would delay the other connections of the thread. An incremental fetch (KIP-227) reads every
 * partition of its session, so the session's partitions count with those it names. Stateless.
 */
final class NetworkThreadFetch {
    /** A fetch naming more partitions than this goes to the request-handler threads. */
    static final int MAX_PARTITIONS = 16;
    private static final short FIRST_VERSION = 4;
    private static final short FIRST_SESSION_VERSION = 7;
    /** The first Fetch version whose replica id is ReplicaState.ReplicaId (as FetchReplica reads it). */
    private static final short FIRST_REPLICA_STATE_VERSION = 15;

    private NetworkThreadFetch() {
    }

    /** True when {@code request} (of {@code api} at {@code version}) is served on the network thread. */
    static boolean servedOnNetworkThread(ApiKey api, short version, Struct request) {
        return servedOnNetworkThread(api, version, request, sessionId -> 0);
    }

    /** As above; {@code sessionPartitions} tells how many partitions a fetch session holds. */
    static boolean servedOnNetworkThread(ApiKey api, short version, Struct request,
                                         java.util.function.IntUnaryOperator sessionPartitions) {
        if (api != ApiKey.FETCH || version < FIRST_VERSION) {
            return false;
        }
        int replicaId = version >= FIRST_REPLICA_STATE_VERSION
                ? request.getStruct(FetchRequest.REPLICA_STATE).getInt(ReplicaState.REPLICA_ID)
                : request.getInt(FetchRequest.REPLICA_ID);
        if (replicaId >= 0) {
            return false;
        }
        int partitions = 0;
        if (version >= FIRST_SESSION_VERSION && request.getInt(FetchRequest.SESSION_EPOCH) > 0) {
            partitions = sessionPartitions.applyAsInt(request.getInt(FetchRequest.SESSION_ID));
        }
        for (Struct topic : request.getStructs(FetchRequest.TOPICS)) {
            partitions += topic.getStructs(FetchRequest.Topics.PARTITIONS).size();
            if (partitions > MAX_PARTITIONS) {
                return false;
            }
        }
        return partitions <= MAX_PARTITIONS;
    }
}
