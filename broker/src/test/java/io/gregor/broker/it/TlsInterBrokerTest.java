package io.gregor.broker.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.broker.security.TestCertificates;
import io.gregor.coordination.zk.BrokerInfo;
import io.gregor.coordination.zk.EndPoint;
import io.gregor.coordination.zk.PartitionState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Three broker JVMs whose inter-broker listener INTERNAL is SSL with client certificates required
 * (its keys set as {@code listener.name.internal.ssl.*}), clients on PLAINTEXT: replica fetchers,
 * the controller's channel, AlterPartition and controlled shutdown all connect over TLS (a plaintext
 * connection to INTERNAL would be cut off, and no replica would ever join the ISR), acks=all writes
 * replicate, and the cluster survives the kill -9 of a leader without losing an acknowledged record.
 */
class TlsInterBrokerTest {
    private ThreeBrokers brokers;

    @AfterEach
    void stopCluster() throws Exception {
        if (brokers != null) {
            brokers.close();
        }
    }

    @Test
    void anSslInterBrokerListenerReplicatesAndSurvivesTheKillOfALeader() throws Exception {
        TestCertificates ca = TestCertificates.createCa(Files.createTempDirectory("gregor-tls-certs-"));
        Map<String, String> extra = new HashMap<>(ca.sslConfig("CN=broker,O=Gregor", "listener.name.internal."));
        extra.put("listeners", "PLAINTEXT://127.0.0.1:0,INTERNAL://127.0.0.1:0");
        extra.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,INTERNAL:SSL");
        extra.put("inter.broker.listener.name", "INTERNAL");
        extra.put("listener.name.internal.ssl.client.auth", "required");
        brokers = ThreeBrokers.start(extra);

        BrokerInfo registered = brokers.cluster().registeredBroker(0).orElseThrow();
        assertEquals("SSL", registered.endpoints().stream().filter(e -> e.listenerName().equals("INTERNAL"))
                .map(EndPoint::securityProtocol).findFirst().orElseThrow());

        String topic = "tls-replicated";
        brokers.createTopic(topic, 3, Map.of("min.insync.replicas", "2")); // waits for the full ISR: fetchers use TLS
        PartitionState before = brokers.state(topic, 0).orElseThrow();
        int victim = before.leader();
        AckedWrites writes = new AckedWrites(brokers.bootstrap(), topic, 3);
        try {
            writes.awaitAcknowledged(1000);
            brokers.killAndAwaitNewLeader(victim, topic, 0);
            int ackedAtElection = writes.acknowledgedCount();
            writes.awaitAcknowledged(ackedAtElection + 1000);
        } finally {
            writes.close();
        }
        int read = writes.verify(brokers.bootstrap());
        assertTrue(read >= 2000, "read " + read);
    }
}
