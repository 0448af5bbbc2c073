package io.gregor.replication.fetcher;

import io.gregor.clients.network.KafkaConnection;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.ListOffsetsRequest;
import io.gregor.clients.protocol.schemas.ListOffsetsResponse;
import io.gregor.core.log.TopicPartition;
import java.io.IOException;

/**
 * Where the leader's log of a partition starts and ends, asked with ListOffsets as a replica (the
 * leader answers with its log end, not the high watermark): what a follower needs when its fetch
 * offset is outside the leader's log.
 */
final class LeaderOffsets {
    static final short LIST_OFFSETS_VERSION = 4;
    private static final long LATEST_TIMESTAMP = -1L;
    private static final long EARLIEST_TIMESTAMP = -2L;

    private LeaderOffsets() {
    }

    /** The leader's log end offset, or -1 when it answers with an error. */
    static long end(KafkaConnection conn, int replicaId, TopicPartition tp, int leaderEpoch) throws IOException {
        return offset(conn, replicaId, tp, leaderEpoch, LATEST_TIMESTAMP);
    }

    /** The leader's log start offset, or -1 when it answers with an error. */
    static long start(KafkaConnection conn, int replicaId, TopicPartition tp, int leaderEpoch) throws IOException {
        return offset(conn, replicaId, tp, leaderEpoch, EARLIEST_TIMESTAMP);
    }

    private static long offset(KafkaConnection conn, int replicaId, TopicPartition tp, int leaderEpoch, long timestamp)
            throws IOException {
        Struct request = ApiMessages.request(ApiKey.LIST_OFFSETS).newStruct()
                .set(ListOffsetsRequest.REPLICA_ID, replicaId).set(ListOffsetsRequest.ISOLATION_LEVEL, (byte) 0);
        request.addElement(ListOffsetsRequest.TOPICS).set(ListOffsetsRequest.Topics.NAME, tp.topic())
                .addElement(ListOffsetsRequest.Topics.PARTITIONS)
                .set(ListOffsetsRequest.Topics.Partitions.PARTITION_INDEX, tp.partition())
                .set(ListOffsetsRequest.Topics.Partitions.CURRENT_LEADER_EPOCH, leaderEpoch)
                .set(ListOffsetsRequest.Topics.Partitions.TIMESTAMP, timestamp);
        Struct response = conn.send(ApiKey.LIST_OFFSETS, LIST_OFFSETS_VERSION, request);
        Struct p = response.getStructs(ListOffsetsResponse.TOPICS).get(0).getStructs(ListOffsetsResponse.Topics.PARTITIONS).get(0);
        return p.getShort(ListOffsetsResponse.Topics.Partitions.ERROR_CODE) == Errors.NONE.code()
                ? p.getLong(ListOffsetsResponse.Topics.Partitions.OFFSET) : -1L;
    }
}
