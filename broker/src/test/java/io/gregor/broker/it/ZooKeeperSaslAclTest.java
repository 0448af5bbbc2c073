package io.gregor.broker.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.server.auth.DigestAuthenticationProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A broker authenticating to ZooKeeper with SASL DIGEST-MD5 (the {@code Client} section of its
 * JAAS file, {@code -Djava.security.auth.login.config}) and {@code zookeeper.set.acl=true}: a real
 * ZooKeeper (child JVM) with SASL and a {@code Server} JAAS section; the broker (its own JVM, since
 * JAAS is JVM-wide) creates its znodes with Kafka's ACLs, which are read back, and an
 * unauthenticated ZooKeeper client cannot change them. The test reads sensitive znodes' ACLs as
 * ZooKeeper's digest super user.
 */
class ZooKeeperSaslAclTest {
    private static final List<ACL> BROKER_ALL_WORLD_READ = List.of(
            new ACL(ZooDefs.Perms.ALL, new Id("sasl", "gregor")),
            new ACL(ZooDefs.Perms.READ, ZooDefs.Ids.ANYONE_ID_UNSAFE));
    private static final List<ACL> BROKER_ONLY = List.of(new ACL(ZooDefs.Perms.ALL, new Id("sasl", "gregor")));

    private static GregorCluster cluster;
    private static BrokerProcess broker;
    private static CuratorFramework superUser;
    private static CuratorFramework anonymous;
    private static String chroot;

    @BeforeAll
    static void start() throws Exception {
        Path jaas = Files.createTempDirectory("gregor-zk-sasl-");
        Path serverJaas = Files.writeString(jaas.resolve("zookeeper_jaas.conf"), String.join("\n",
                "Server {", "  org.apache.zookeeper.server.auth.DigestLoginModule required",
                "  user_gregor=\"broker-secret\";", "};", ""), StandardCharsets.UTF_8);
        Path brokerJaas = Files.writeString(jaas.resolve("broker_jaas.conf"), String.join("\n",
                "Client {", "  org.apache.zookeeper.server.auth.DigestLoginModule required",
                "  username=\"gregor\"", "  password=\"broker-secret\";", "};", ""), StandardCharsets.UTF_8);
        cluster = GregorCluster.startWithZooKeeperProcess(Map.of(
                "java.security.auth.login.config", serverJaas.toString(),
                "zookeeper.authProvider.sasl", "org.apache.zookeeper.server.auth.SASLAuthenticationProvider",
                "zookeeper.DigestAuthenticationProvider.superDigest",
                DigestAuthenticationProvider.generateDigest("super:super-secret")));
        broker = cluster.startBrokerProcess(0, cluster.newDir("logs-0-"), Map.of("zookeeper.set.acl", "true"),
                Map.of("java.security.auth.login.config", brokerJaas.toString()));
        String connect = cluster.zookeeperConnect();
        chroot = connect.substring(connect.indexOf('/'));
        String hosts = connect.substring(0, connect.indexOf('/'));
        superUser = curator(CuratorFrameworkFactory.builder().connectString(hosts)
                .authorization("digest", "super:super-secret".getBytes(StandardCharsets.UTF_8)));
        anonymous = curator(CuratorFrameworkFactory.builder().connectString(hosts));
    }

    private static CuratorFramework curator(CuratorFrameworkFactory.Builder builder) throws InterruptedException {
        CuratorFramework curator = builder.retryPolicy(new RetryOneTime(100)).build();
        curator.start();
        curator.blockUntilConnected(15, TimeUnit.SECONDS);
        return curator;
    }

    @AfterAll
    static void stop() throws Exception {
        for (CuratorFramework c : new CuratorFramework[] {superUser, anonymous}) {
            if (c != null) {
                c.close();
            }
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void brokersZnodesCarryKafkasAclsForItsSaslUser() throws Exception {
        // (not the chroot: the fixture's unauthenticated registration poll may create it first; its ACL is
        // checked in coordination's KafkaZnodeAclsTest)
        assertEquals(BROKER_ALL_WORLD_READ, superUser.getACL().forPath(chroot + "/brokers/ids/0"));
        assertEquals(BROKER_ALL_WORLD_READ, superUser.getACL().forPath(chroot + "/cluster/id"));
        assertEquals(BROKER_ALL_WORLD_READ, superUser.getACL().forPath(chroot + "/controller_epoch"));
        assertEquals(BROKER_ONLY, superUser.getACL().forPath(chroot + "/config/users"));
        assertEquals(BROKER_ONLY, superUser.getACL().forPath(chroot + "/config/brokers"));
    }

    @Test
    void brokerWithSecureAclsCreatesTopicsAndServesProduceAndConsume() throws Exception {
        String bootstrap = broker.bootstrapServers();
        ApacheClients.createTopic(bootstrap, "acl-protected", 1);
        try (KafkaProducer<String, String> producer = ApacheClients.producer(bootstrap, Map.of())) {
            for (int i = 0; i < 5; i++) {
                producer.send(new ProducerRecord<>("acl-protected", "k" + i, "v" + i)).get(30, TimeUnit.SECONDS);
            }
        }
        List<ConsumerRecord<String, String>> read = ApacheClients.readAll(bootstrap, "acl-protected", 1, 5);

        assertEquals(List.of("v0", "v1", "v2", "v3", "v4"), read.stream().map(ConsumerRecord::value).toList());
        assertEquals(BROKER_ALL_WORLD_READ, superUser.getACL().forPath(chroot + "/brokers/topics/acl-protected"));
        assertEquals(BROKER_ALL_WORLD_READ,
                superUser.getACL().forPath(chroot + "/brokers/topics/acl-protected/partitions/0/state"));
    }

    @Test
    void unauthenticatedZooKeeperClientCanReadButNotChangeTheBrokersZnodes() throws Exception {
        anonymous.getData().forPath(chroot + "/brokers/ids/0");

        assertThrows(KeeperException.NoAuthException.class,
                () -> anonymous.setData().forPath(chroot + "/brokers/ids/0", "{}".getBytes(StandardCharsets.UTF_8)));
        assertThrows(KeeperException.NoAuthException.class,
                () -> anonymous.delete().forPath(chroot + "/brokers/ids/0"));
        assertThrows(KeeperException.NoAuthException.class,
                () -> anonymous.create().forPath(chroot + "/admin/delete_topics/anything"));
        assertThrows(KeeperException.NoAuthException.class,
                () -> anonymous.create().forPath(chroot + "/config/users/mallory"));
        assertThrows(KeeperException.NoAuthException.class, () -> anonymous.getChildren().forPath(chroot + "/config/users"));
    }
}
