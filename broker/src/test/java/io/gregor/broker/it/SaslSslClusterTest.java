package io.gregor.broker.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.broker.security.TestCertificates;
import io.gregor.coordination.zk.BrokerInfo;
import io.gregor.coordination.zk.EndPoint;
import io.gregor.coordination.zk.PartitionState;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Three broker JVMs whose only listener is SASL_SSL, for clients and between brokers alike: the
 * brokers authenticate to each other with SCRAM-SHA-512 as the user of the listener's JAAS entry
 * ({@code sasl.mechanism.inter.broker.protocol}), created in ZooKeeper before any broker starts, and
 * the ACL authorizer runs with that user in {@code super.users} (ClusterAction for replica fetches,
 * LeaderAndIsr, AlterPartition and controlled shutdown); sessions last 3 s, so every connection, the
 * brokers' own included, re-authenticates (KIP-368) many times. acks=all writes replicate, the cluster
 * survives the kill -9 of a leader without losing an acknowledged record, the killed broker comes
 * back into the ISR, and a graceful stop's controlled shutdown reaches the controller.
 */
class SaslSslClusterTest {
    private static final String SCRAM = "org.apache.kafka.common.security.scram.ScramLoginModule";
    private ThreeBrokers brokers;

    @AfterEach
    void stopCluster() throws Exception {
        if (brokers != null) {
            brokers.close();
        }
    }

    @Test
    void aSaslSslOnlyClusterReplicatesAndSurvivesTheKillOfALeader() throws Exception {
        TestCertificates ca = TestCertificates.createCa(Files.createTempDirectory("gregor-sasl-ssl-certs-"));
        Map<String, String> extra = new HashMap<>(ca.sslConfig("CN=broker,O=Gregor", ""));
        extra.put("listeners", "SASL_SSL://127.0.0.1:0");
        extra.put("security.inter.broker.protocol", "SASL_SSL");
        extra.put("sasl.enabled.mechanisms", "SCRAM-SHA-512");
        extra.put("sasl.mechanism.inter.broker.protocol", "SCRAM-SHA-512");
        extra.put("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config",
                SCRAM + " required username=\"broker\" password=\"broker-secret\";");
        extra.put("connections.max.reauth.ms", "3000"); // every connection, the brokers' own too, re-authenticates (KIP-368)
        extra.put("authorizer.class.name", "kafka.security.authorizer.AclAuthorizer");
        extra.put("super.users", "User:broker;User:admin");
        Map<String, Object> client = new HashMap<>();
        client.put("security.protocol", "SASL_SSL");
        client.put("sasl.mechanism", "SCRAM-SHA-512");
        client.put("sasl.jaas.config", SCRAM + " required username=\"admin\" password=\"admin-secret\";");
        client.put("ssl.truststore.type", "PKCS12");
        client.put("ssl.truststore.location", ca.truststore("client-truststore.p12", "PKCS12").toString());
        client.put("ssl.truststore.password", TestCertificates.PASSWORD);
        brokers = ThreeBrokers.start(extra, "SASL_SSL", client, cluster -> {
            ScramUsers.create(cluster.zookeeperConnect(), "broker", "SCRAM-SHA-512", "broker-secret");
            ScramUsers.create(cluster.zookeeperConnect(), "admin", "SCRAM-SHA-512", "admin-secret");
        });

        BrokerInfo registered = brokers.cluster().registeredBroker(0).orElseThrow();
        assertEquals(List.of("SASL_SSL"), registered.endpoints().stream().map(EndPoint::securityProtocol).toList());

        String topic = "sasl-ssl-replicated";
        brokers.createTopic(topic, 3, Map.of("min.insync.replicas", "2")); // waits for the full ISR: fetchers authenticate
        PartitionState before = brokers.state(topic, 0).orElseThrow();
        int victim = before.leader();
        AckedWrites writes = new AckedWrites(brokers.bootstrap(), topic, 3, brokers.clientConfig());
        try {
            writes.awaitAcknowledged(1000);
            brokers.killAndAwaitNewLeader(victim, topic, 0);
            int ackedAtElection = writes.acknowledgedCount();
            writes.awaitAcknowledged(ackedAtElection + 1000);
            brokers.start(victim); // its fetchers authenticate again and it rejoins every ISR
            brokers.awaitLeaders(topic, 3);
            writes.awaitAcknowledged(writes.acknowledgedCount() + 500);
        } finally {
            writes.close();
        }
        int read = writes.verify(brokers.bootstrap());
        assertTrue(read >= 2500, "read " + read);

        for (int id = 0; id < ThreeBrokers.BROKERS; id++) { // no connection, a broker's own neither, outlived its session
            String output = Files.readString(brokers.broker(id).outputFile());
            assertFalse(output.contains("expired (connections.max.reauth.ms)"), "broker " + id + ":\n" + output);
        }

        int stopping = brokers.state(topic, 0).orElseThrow().leader();
        assertEquals(128 + 15, brokers.broker(stopping).stop(), brokers.broker(stopping).outputTail()); // SIGTERM
        // no waiting: a broker that merely vanished would lead until its ZooKeeper session expired
        for (int p = 0; p < 3; p++) {
            PartitionState s = brokers.state(topic, p).orElseThrow();
            assertNotEquals(stopping, s.leader(), "partition " + p + " still led by the stopped broker: " + s);
            assertFalse(s.isr().contains(stopping), "partition " + p + ": " + s);
        }
        String output = brokers.broker(stopping).outputTail();
        for (String trouble : List.of("controlled shutdown did not complete", "controlled shutdown failed",
                "controlled shutdown gave up")) {
            assertFalse(output.contains(trouble), "the controlled shutdown over SASL_SSL must neither fail nor give up: " + output);
        }
    }
}
