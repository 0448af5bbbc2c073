package io.gregor.clients.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.clients.network.ScriptedBroker;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.CreateTopicsRequest;
import io.gregor.clients.protocol.schemas.CreateTopicsResponse;
import io.gregor.clients.protocol.schemas.DescribeClusterResponse;
import io.gregor.clients.protocol.schemas.DescribeClusterResponse.Brokers;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The admin client's answers to what a single real broker cannot be made to show (a moved
 * controller, a multi-broker DescribeCluster), against {@link ScriptedBroker}. Its ordinary behaviour
 * runs against a real broker in the broker module ({@code io.gregor.broker.e2e}).
 */
class GregorAdminScriptedTest {
    private static GregorAdmin admin(ScriptedBroker broker) {
        return GregorAdmin.create(Map.of("bootstrap.servers", broker.bootstrap(), "retry.backoff.ms", 10,
                "default.api.timeout.ms", 3000));
    }

    @Test
    void notControllerIsRetriedAfterAMetadataRefresh() throws Exception {
        try (ScriptedBroker broker = new ScriptedBroker()) {
            AtomicInteger calls = new AtomicInteger();
            broker.withTopics(Map.of()).on(ApiKey.CREATE_TOPICS, (h, req) -> {
                Struct resp = ApiMessages.response(ApiKey.CREATE_TOPICS).newStruct();
                String name = req.getStructs(CreateTopicsRequest.TOPICS).get(0).getString(CreateTopicsRequest.Topics.NAME);
                Struct topic = resp.addElement(CreateTopicsResponse.TOPICS).set(CreateTopicsResponse.Topics.NAME, name);
                if (calls.incrementAndGet() == 1) {
                    topic.set(CreateTopicsResponse.Topics.ERROR_CODE, Errors.NOT_CONTROLLER.code());
                } else {
                    topic.set(CreateTopicsResponse.Topics.NUM_PARTITIONS, 1)
                            .set(CreateTopicsResponse.Topics.REPLICATION_FACTOR, (short) 1);
                }
                return resp;
            });
            try (GregorAdmin admin = admin(broker)) {
                assertEquals(1, admin.createTopics(List.of(new NewTopic("c", 1, (short) 1)), false).all().get("c").numPartitions());
            }
            assertEquals(2, calls.get());
            assertTrue(broker.received(ApiKey.METADATA).size() >= 2, "metadata is refreshed before the retry");
        }
    }

    @Test
    void describeClusterUsesDescribeClusterWhenTheBrokerSupportsIt() throws Exception {
        try (ScriptedBroker broker = new ScriptedBroker()) {
            broker.withTopics(Map.of()).on(ApiKey.DESCRIBE_CLUSTER, (h, r) -> {
                Struct resp = ApiMessages.response(ApiKey.DESCRIBE_CLUSTER).newStruct()
                        .set(DescribeClusterResponse.CLUSTER_ID, "dc")
                        .set(DescribeClusterResponse.CONTROLLER_ID, 2);
                resp.addElement(DescribeClusterResponse.BROKERS).set(Brokers.BROKER_ID, 2).set(Brokers.HOST, "h2")
                        .set(Brokers.PORT, 9093);
                resp.addElement(DescribeClusterResponse.BROKERS).set(Brokers.BROKER_ID, 1).set(Brokers.HOST, "h1")
                        .set(Brokers.PORT, 9092);
                return resp;
            });
            try (GregorAdmin admin = admin(broker)) {
                ClusterDescription d = admin.describeCluster();
                assertEquals("dc", d.clusterId());
                assertEquals("h2", d.controller().host());
                assertEquals(List.of(1, 2), d.nodes().stream().map(n -> n.id()).toList());
            }
        }
    }
}
