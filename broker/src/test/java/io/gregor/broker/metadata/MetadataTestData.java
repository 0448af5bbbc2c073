package io.gregor.broker.metadata;

import io.gregor.broker.network.RequestContext;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.RequestHeader;
import io.gregor.clients.protocol.Struct;
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
                .set("ControllerId", 1).set("ControllerEpoch", epoch).set("BrokerEpoch", 10L);
        for (int id = 1; id <= 2; id++) {
            Struct broker = request.addElement("LiveBrokers").set("Id", id).set("Rack", id == 1 ? "r1" : null);
            broker.addElement("Endpoints").set("Port", 9090 + id).set("Host", "host" + id)
                    .set("Listener", "PLAINTEXT").set("SecurityProtocol", (short) 0);
            broker.addElement("Endpoints").set("Port", 19090 + id).set("Host", "internal" + id)
                    .set("Listener", "INTERNAL").set("SecurityProtocol", (short) 0);
        }
        Struct topic = request.addElement("TopicStates").set("TopicName", "orders").set("TopicId", TOPIC_ID);
        addPartition(topic, 0, 1, epoch);
        addPartition(topic, 1, leaderOfPartition1, epoch);
        return request;
    }

    static void addPartition(Struct topic, int partition, int leader, int controllerEpoch) {
        topic.addElement("PartitionStates").set("PartitionIndex", partition).set("ControllerEpoch", controllerEpoch)
                .set("Leader", leader).set("LeaderEpoch", 3).set("Isr", List.of(1, 2)).set("ZkVersion", 4)
                .set("Replicas", List.of(1, 2)).set("OfflineReplicas", List.of());
    }
}
