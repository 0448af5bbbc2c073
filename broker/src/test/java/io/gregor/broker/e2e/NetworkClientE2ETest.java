package io.gregor.broker.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gregor.clients.admin.GregorAdmin;
import io.gregor.clients.admin.NewTopic;
import io.gregor.clients.network.Cluster;
import io.gregor.clients.network.CommonClientConfig;
import io.gregor.clients.network.ConfigValues;
import io.gregor.clients.network.MetadataParser;
import io.gregor.clients.network.NetworkClient;
import io.gregor.clients.network.Node;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.Struct;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Gregor's network client against a real broker: pipelined requests on one connection. */
class NetworkClientE2ETest {
    @Test
    void pipelinedRequestsCompleteWithTheirOwnResponses() throws Exception {
        try (GregorTestCluster cluster = GregorTestCluster.start()) {
            List<NewTopic> topics = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                topics.add(new NewTopic("t" + i, i + 1, (short) 1));
            }
            try (GregorAdmin admin = GregorAdmin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
                admin.createTopics(topics, false).all();
                List<String> names = topics.stream().map(NewTopic::name).toList();
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> admin.describeTopics(names).values().stream()
                        .allMatch(d -> d.partitions().stream().allMatch(p -> p.hasLeader())));
            }
            CommonClientConfig config = CommonClientConfig.from(new ConfigValues(Map.of("bootstrap.servers",
                    cluster.bootstrapServers(), "request.timeout.ms", 5000)), "test");
            try (NetworkClient client = new NetworkClient(config)) {
                Node node = new Node(-1, "127.0.0.1", cluster.server().boundPort("PLAINTEXT"));
                List<CompletableFuture<Struct>> futures = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    futures.add(client.send(node, ApiKey.METADATA, MetadataParser.request(List.of("t" + i), false)));
                }
                for (int i = 0; i < 20; i++) {
                    Cluster c = MetadataParser.parse(NetworkClient.await(futures.get(i), System.currentTimeMillis() + 5000), 0);
                    assertEquals(i + 1, c.partitions("t" + i).size());
                }
            }
        }
    }
}
