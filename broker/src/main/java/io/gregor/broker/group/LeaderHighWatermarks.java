package io.gregor.broker.group;

import io.gregor.broker.metadata.MetadataCache;
import io.gregor.broker.txn.InterBrokerConnections;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.ListOffsetsRequest;
import io.gregor.clients.protocol.schemas.ListOffsetsResponse;
import io.gregor.clients.security.ClientSecurity;
import io.gregor.core.log.TopicPartition;
import java.io.IOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Asks another broker for the high watermarks of partitions it leads: ListOffsets for the latest
 * offset as a read_uncommitted consumer (replica id -1) sees it, over the inter-broker listener.
 * Not thread-safe: its owner calls it from one thread, which owns the connections.
 */
final class LeaderHighWatermarks implements AutoCloseable {
    private static final short VERSION = 5;
    private static final long LATEST = -1L;
    private static final byte READ_UNCOMMITTED = 0;

    private final InterBrokerConnections connections; // the owner's thread only

    LeaderHighWatermarks(int brokerId, MetadataCache metadataCache, String listenerName, ClientSecurity security,
                         int requestTimeoutMs) {
        this.connections = new InterBrokerConnections(brokerId, metadataCache, listenerName, security, requestTimeoutMs,
                "consumer-lag");
    }

    /**
     * The high watermarks of those of {@code partitions} that {@code leader} answered without an
     * error (a partition it no longer leads is left out).
     *
     * @throws IOException when the leader cannot be reached or answered nothing readable
     */
    Map<TopicPartition, Long> ask(int leader, Collection<TopicPartition> partitions) throws IOException {
        Struct request = ApiMessages.request(ApiKey.LIST_OFFSETS).newStruct()
                .set(ListOffsetsRequest.REPLICA_ID, -1).set(ListOffsetsRequest.ISOLATION_LEVEL, READ_UNCOMMITTED);
        InterBrokerConnections.byTopic(partitions).forEach((topic, ids) -> {
            Struct t = request.addElement(ListOffsetsRequest.TOPICS).set(ListOffsetsRequest.Topics.NAME, topic);
            ids.forEach(p -> t.addElement(ListOffsetsRequest.Topics.PARTITIONS)
                    .set(ListOffsetsRequest.Topics.Partitions.PARTITION_INDEX, p)
                    .set(ListOffsetsRequest.Topics.Partitions.TIMESTAMP, LATEST));
        });
        Struct response;
        try {
            response = connections.to(leader).send(ApiKey.LIST_OFFSETS, VERSION, request);
        } catch (IOException | RuntimeException e) {
            connections.close(leader);
            throw e instanceof IOException io ? io : new IOException(e);
        }
        Map<TopicPartition, Long> highWatermarks = new HashMap<>();
        for (Struct t : response.getStructs(ListOffsetsResponse.TOPICS)) {
            String topic = t.getString(ListOffsetsResponse.Topics.NAME);
            for (Struct p : t.getStructs(ListOffsetsResponse.Topics.PARTITIONS)) {
                if (p.getShort(ListOffsetsResponse.Topics.Partitions.ERROR_CODE) == Errors.NONE.code()) {
                    highWatermarks.put(new TopicPartition(topic, p.getInt(ListOffsetsResponse.Topics.Partitions.PARTITION_INDEX)),
                            p.getLong(ListOffsetsResponse.Topics.Partitions.OFFSET));
                }
            }
        }
        return highWatermarks;
    }

    @Override
    public void close() {
        connections.closeAll();
    }
}
