package io.gregor.coordination.zk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gregor.coordination.ZooKeeperFixture;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.server.auth.DigestAuthenticationProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Kafka's secure znode ACLs ({@code zookeeper.set.acl=true}) on a real ZooKeeper: a client
 * authenticated as a digest user creates Gregor's znodes; they carry creator-all plus world-read,
 * the sensitive ones creator-only, and an unauthenticated client can read but not change them.
 */
class KafkaZnodeAclsTest {
    private static final List<ACL> CREATOR_ALL_WORLD_READ = List.of(
            new ACL(ZooDefs.Perms.ALL, new Id("digest", digest("gregor:broker-secret"))),
            new ACL(ZooDefs.Perms.READ, ZooDefs.Ids.ANYONE_ID_UNSAFE));
    private static final List<ACL> CREATOR_ONLY = List.of(
            new ACL(ZooDefs.Perms.ALL, new Id("digest", digest("gregor:broker-secret"))));

    private ZooKeeperFixture zookeeper;
    private CuratorFramework authenticated;
    private CuratorFramework anonymous;

    @BeforeEach
    void start() throws Exception {
        zookeeper = new ZooKeeperFixture();
    }

    @AfterEach
    void stop() throws Exception {
        for (CuratorFramework c : new CuratorFramework[] {authenticated, anonymous}) {
            if (c != null) {
                c.close();
            }
        }
        zookeeper.close();
    }

    private static String digest(String userAndPassword) {
        try {
            return DigestAuthenticationProvider.generateDigest(userAndPassword);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private CuratorFramework curator(String chroot, boolean secure, boolean withAuth) throws InterruptedException {
        CuratorFrameworkFactory.Builder builder = CuratorFrameworkFactory.builder().connectString(zookeeper.connectString())
                .retryPolicy(new RetryOneTime(100)).aclProvider(new KafkaZnodeAcls(chroot, secure));
        if (withAuth) {
            builder.authorization("digest", "gregor:broker-secret".getBytes(StandardCharsets.UTF_8));
        }
        CuratorFramework curator = builder.build();
        curator.start();
        curator.blockUntilConnected(10, TimeUnit.SECONDS);
        return curator;
    }

    @Test
    void withSetAclGregorsZnodesGetKafkasAclsAndStayReadOnlyForOthers() throws Exception {
        String chroot = zookeeper.newChroot();
        authenticated = curator(chroot, true, true);
        GregorZkClient broker = new GregorZkClient(authenticated, ZkPaths.fromConnectString(zookeeper.connectString() + chroot));
        broker.ensurePath(chroot);
        broker.createPersistentPaths();
        broker.getOrCreateClusterId();

        assertEquals(CREATOR_ALL_WORLD_READ, authenticated.getACL().forPath(chroot), "the chroot");
        assertEquals(CREATOR_ALL_WORLD_READ, authenticated.getACL().forPath(chroot + "/brokers/ids"));
        assertEquals(CREATOR_ALL_WORLD_READ, authenticated.getACL().forPath(chroot + "/cluster/id"));
        assertEquals(CREATOR_ONLY, authenticated.getACL().forPath(chroot + "/config/users"));
        assertEquals(CREATOR_ONLY, authenticated.getACL().forPath(chroot + "/config/brokers"));

        anonymous = curator("", false, false);
        anonymous.getData().forPath(chroot + "/cluster/id"); // world-readable
        assertThrows(KeeperException.NoAuthException.class,
                () -> anonymous.setData().forPath(chroot + "/cluster/id", "{}".getBytes(StandardCharsets.UTF_8)));
        assertThrows(KeeperException.NoAuthException.class,
                () -> anonymous.create().forPath(chroot + "/brokers/ids/7"));
        assertThrows(KeeperException.NoAuthException.class,
                () -> anonymous.delete().forPath(chroot + "/admin/delete_topics"));
        assertThrows(KeeperException.NoAuthException.class, () -> anonymous.getChildren().forPath(chroot + "/config/users"));
    }

    @Test
    void withoutSetAclZnodesAreOpen() throws Exception {
        String chroot = zookeeper.newChroot();
        authenticated = curator(chroot, false, true);
        GregorZkClient broker = new GregorZkClient(authenticated, ZkPaths.fromConnectString(zookeeper.connectString() + chroot));
        broker.ensurePath(chroot);
        broker.createPersistentPaths();

        assertEquals(ZooDefs.Ids.OPEN_ACL_UNSAFE, authenticated.getACL().forPath(chroot + "/config/users"));
        assertEquals(ZooDefs.Ids.OPEN_ACL_UNSAFE, authenticated.getACL().forPath(chroot + "/brokers/ids"));
    }

    @Test
    void theRuleMatchesKafkasSensitiveRootsAndOldConsumersPath() {
        assertEquals(CREATOR_ALL_WORLD_READ.size(), KafkaZnodeAcls.aclFor("/brokers/topics/t", true).size());
        assertEquals(ZooDefs.Ids.CREATOR_ALL_ACL, KafkaZnodeAcls.aclFor("/config/users/alice", true));
        assertEquals(ZooDefs.Ids.CREATOR_ALL_ACL, KafkaZnodeAcls.aclFor("/delegation_token/tokens", true));
        assertEquals(ZooDefs.Ids.OPEN_ACL_UNSAFE, KafkaZnodeAcls.aclFor("/consumers", true));
        assertEquals(ZooDefs.Ids.OPEN_ACL_UNSAFE, KafkaZnodeAcls.aclFor("/config/users", false));
        assertEquals(ZooDefs.Ids.CREATOR_ALL_ACL, new KafkaZnodeAcls("/kafka", true).getAclForPath("/kafka/config/brokers/1"));
    }
}
