package io.gregor.broker.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.broker.GregorServer;
import io.gregor.broker.security.TestCertificates;
import io.gregor.coordination.zk.ZkOperationException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The broker reaches ZooKeeper over TLS with Kafka's {@code zookeeper.ssl.*} keys: a real ZooKeeper
 * server (child JVM) with a TLS client port that requires client certificates, certificates made by
 * a throwaway CA. The brokers' {@code zookeeper.connect} names only the TLS port; the test itself
 * looks at ZooKeeper through the plain port.
 */
class ZooKeeperTlsTest {
    private static GregorCluster cluster;
    private static TestCertificates ca;

    @BeforeAll
    static void startZooKeeper() throws Exception {
        Path certs = java.nio.file.Files.createTempDirectory("gregor-zk-tls-certs-");
        ca = TestCertificates.createCa(certs);
        TestCertificates.Issued server = ca.issue("CN=zookeeper,O=Gregor");
        Map<String, String> serverTls = new HashMap<>();
        serverTls.put("zookeeper.serverCnxnFactory", "org.apache.zookeeper.server.NettyServerCnxnFactory");
        serverTls.put("zookeeper.ssl.keyStore.location", server.keystore("zookeeper.p12", "PKCS12").toString());
        serverTls.put("zookeeper.ssl.keyStore.password", TestCertificates.PASSWORD);
        serverTls.put("zookeeper.ssl.keyStore.type", "PKCS12");
        serverTls.put("zookeeper.ssl.trustStore.location", ca.truststore("zookeeper-trust.p12", "PKCS12").toString());
        serverTls.put("zookeeper.ssl.trustStore.password", TestCertificates.PASSWORD);
        serverTls.put("zookeeper.ssl.trustStore.type", "PKCS12");
        serverTls.put("zookeeper.ssl.clientAuth", "need");
        serverTls.put("zookeeper.authProvider.x509", "org.apache.zookeeper.server.auth.X509AuthenticationProvider");
        cluster = GregorCluster.startWithSecureZooKeeperProcess(serverTls);
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** Kafka's keys for a broker whose certificate is {@code subject}'s, trusting {@code trusted}'s CA. */
    private static Map<String, String> zooKeeperTls(String subject, TestCertificates trusted) {
        TestCertificates.Issued broker = ca.issue(subject);
        String file = subject.replaceAll("[^A-Za-z0-9]", "_");
        Map<String, String> config = new HashMap<>();
        config.put("zookeeper.connect", cluster.secureZookeeperConnect());
        config.put("zookeeper.ssl.client.enable", "true");
        config.put("zookeeper.clientCnxnSocket", "org.apache.zookeeper.ClientCnxnSocketNetty");
        config.put("zookeeper.ssl.keystore.location", broker.keystore(file + ".p12", "PKCS12").toString());
        config.put("zookeeper.ssl.keystore.password", TestCertificates.PASSWORD);
        config.put("zookeeper.ssl.keystore.type", "PKCS12");
        config.put("zookeeper.ssl.truststore.location", trusted.truststore(file + "-trust.p12", "PKCS12").toString());
        config.put("zookeeper.ssl.truststore.password", TestCertificates.PASSWORD);
        config.put("zookeeper.ssl.truststore.type", "PKCS12");
        config.put("zookeeper.ssl.enabled.protocols", "TLSv1.3,TLSv1.2");
        return config;
    }

    @Test
    void brokerRegistersThroughZooKeepersTlsPortAndServesProduceAndConsume() throws Exception {
        // joins: the broker of another test of this class may be the controller
        GregorServer broker = cluster.joinInProcessBroker(0, zooKeeperTls("CN=broker-0,O=Gregor", ca));
        org.awaitility.Awaitility.await("broker 0 knows the controller").atMost(GregorCluster.STARTUP_TIMEOUT)
                .until(() -> broker.metadataCache().controllerId().isPresent());

        assertTrue(cluster.registeredBroker(0).isPresent(), "broker 0 registered through the TLS port");
        String bootstrap = "127.0.0.1:" + broker.boundPort("PLAINTEXT");
        ApacheClients.createTopic(bootstrap, "over-zk-tls", 1);
        try (KafkaProducer<String, String> producer = ApacheClients.producer(bootstrap, Map.of())) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>("over-zk-tls", "k" + i, "v" + i)).get(30, TimeUnit.SECONDS);
            }
        }
        List<ConsumerRecord<String, String>> read = ApacheClients.readAll(bootstrap, "over-zk-tls", 1, 10);
        assertEquals(List.of("v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9"),
                read.stream().map(ConsumerRecord::value).toList());
    }

    @Test
    void brokerWithoutZooKeeperTlsSettingsCannotConnectToTheTlsPort() throws Exception {
        Map<String, String> plain = Map.of("zookeeper.connect", cluster.secureZookeeperConnect(),
                "zookeeper.connection.timeout.ms", "3000");

        ZkOperationException refused = assertThrows(ZkOperationException.class,
                () -> cluster.joinInProcessBroker(1, plain));
        assertTrue(refused.getMessage().contains("Timed out"), refused.getMessage());
    }

    @Test
    void brokerTrustingAnotherCaDoesNotConnectToZooKeeper() throws Exception {
        TestCertificates otherCa = TestCertificates.createCa(cluster.newDir("other-ca-"));
        Map<String, String> config = new HashMap<>(zooKeeperTls("CN=broker-2,O=Gregor", otherCa));
        config.put("zookeeper.connection.timeout.ms", "3000");

        assertThrows(ZkOperationException.class, () -> cluster.joinInProcessBroker(2, config));
    }

    @Test
    void gregorClusterToolReadsTheClusterThroughZooKeepersTlsPortWithAZkTlsConfigFile() throws Exception {
        cluster.joinInProcessBroker(3, zooKeeperTls("CN=broker-3,O=Gregor", ca)); // another test's broker may be the controller
        Map<String, String> tls = zooKeeperTls("CN=operator,O=Gregor", ca);
        Path file = cluster.newDir("tool-").resolve("zk-tls.properties");
        java.util.Properties props = new java.util.Properties();
        tls.forEach((k, v) -> {
            if (!k.equals("zookeeper.connect")) {
                props.setProperty(k, v);
            }
        });
        try (java.io.Writer writer = java.nio.file.Files.newBufferedWriter(file)) {
            props.store(writer, null);
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();

        int code = io.gregor.coordination.tools.ClusterCommand.run(new String[] {"--zookeeper",
                cluster.secureZookeeperConnect(), "--json", "--zk-tls-config-file", file.toString()},
                new java.io.PrintStream(out, true), new java.io.PrintStream(err, true));

        assertEquals(0, code, err.toString());
        assertTrue(out.toString().contains("\"id\":3") || out.toString().contains("\"id\" : 3"), out.toString());
        int plain = io.gregor.coordination.tools.ClusterCommand.run(new String[] {"--zookeeper",
                cluster.secureZookeeperConnect(), "--timeout-ms", "2000"},
                new java.io.PrintStream(new java.io.ByteArrayOutputStream(), true), new java.io.PrintStream(err, true));
        assertEquals(1, plain, "without the TLS file the tool cannot read through the TLS port");
    }
}
