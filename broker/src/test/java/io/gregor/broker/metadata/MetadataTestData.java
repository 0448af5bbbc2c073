package io.gregor.broker.metadata;

import io.gregor.broker.network.RequestContext;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.RequestHeader;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.UpdateMetadataRequest;
import io.gregor.clients.protocol.schemas.UpdateMetadataRequest.LiveBrokers;
import io.gregor.clients.protocol.schemas.UpdateMetadataRequest.LiveBrokers.Endpoints;
import io.gregor.clients.protocol.schemas.UpdateMetadataRequest.TopicStates;
import io.gregor.clients.protocol.schemas.UpdateMetadataRequest.UpdateMetadataPartitionState;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.UUID;

/** Builders of UpdateMetadata requests and request contexts for the metadata tests. */
final class MetadataTestData {
    static final UUID TOPIC_ID = new UUID(0x1234L, 0x5678L);

    private MetadataTestData() {
    }

    static RequestContext context(ApiKey key, int version, String listener) {
        return new RequestContext(new RequestHeader(key.id, (short) version, 7, "test-client"), key, listener,
                new InetSocketAddress("127.0.0.1", 50000), "conn-1");
    }

    /** UpdateMetadata v8 from controller 1 at {@code epoch}: brokers 1 and 2, topic "orders" with 2 partitions. */
    static Struct updateMetadata(int epoch, int leaderOfPartition1) {
        Struct request = ApiMessages.request(ApiKey.UPDATE_METADATA).newStruct()
                .set(UpdateMetadataRequest.CONTROLLER_ID, 1).set(UpdateMetadataRequest.CONTROLLER_EPOCH, epoch)
                .set(UpdateMetadataRequest.BROKER_EPOCH, 10L);
        for (int id = 1; id <= 2; id++) {
            Struct broker = request.addElement(UpdateMetadataRequest.LIVE_BROKERS).set(LiveBrokers.ID, id)
                    .set(LiveBrokers.RACK, id == 1 ? "r1" : null);
            broker.addElement(LiveBrokers.ENDPOINTS).set(Endpoints.PORT, 9090 + id).set(Endpoints.HOST, "host" + id)
                    .set(Endpoints.LISTENER, "PLAINTEXT").set(Endpoints.SECURITY_PROTOCOL, (short) 0);
            broker.addElement(LiveBrokers.ENDPOINTS).set(Endpoints.PORT, 19090 + id)
                    .set(Endpoints.HOST, "internal" + id)
                    .set(Endpoints.LISTENER, "INTERNAL").set(Endpoints.SECURITY_PROTOCOL, (short) 0);
        }
        Struct topic = request.addElement(UpdateMetadataRequest.TOPIC_STATES).set(TopicStates.TOPIC_NAME, "orders")
                .set(TopicStates.TOPIC_ID, TOPIC_ID);
        addPartition(topic, 0, 1, epoch);
        addPartition(topic, 1, leaderOfPartition1, epoch);
        return request;
    }

    static void addPartition(Struct topic, int partition, int leader, int controllerEpoch) {
        topic.addElement(TopicStates.PARTITION_STATES).set(UpdateMetadataPartitionState.PARTITION_INDEX, partition)
                .set(UpdateMetadataPartitionState.CONTROLLER_EPOCH, controllerEpoch)
                .set(UpdateMetadataPartitionState.LEADER, leader).set(UpdateMetadataPartitionState.LEADER_EPOCH, 3)
                .set(UpdateMetadataPartitionState.ISR, List.of(1, 2)).set(UpdateMetadataPartitionState.ZK_VERSION, 4)
                .set(UpdateMetadataPartitionState.REPLICAS, List.of(1, 2))
                .set(UpdateMetadataPartitionState.OFFLINE_REPLICAS, List.of());
    }
}
