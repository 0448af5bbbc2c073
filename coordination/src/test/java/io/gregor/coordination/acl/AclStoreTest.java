package io.gregor.coordination.acl;

import io.gregor.clients.acl.AclOperation;
import io.gregor.clients.acl.ResourceType;
import io.gregor.clients.acl.ResourcePattern;
import io.gregor.clients.acl.AclEntry;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.coordination.ZooKeeperFixture;
import io.gregor.coordination.zk.GregorZkClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AclStoreTest {
    private static ZooKeeperFixture zooKeeper;

    @BeforeAll
    static void start() throws Exception {
        zooKeeper = new ZooKeeperFixture();
    }

    @AfterAll
    static void stop() throws Exception {
        zooKeeper.close();
    }

    private static GregorZkClient client(String chroot) {
        GregorZkClient zk = zooKeeper.client(chroot);
        zk.ensurePath(zk.paths().chroot());
        return zk;
    }

    @Test
    void aclsAreWrittenInKafkasPathsAndJson() throws Exception {
        String chroot = zooKeeper.newChroot();
        GregorZkClient zk = client(chroot);
        AclStore store = new AclStore(zk);
        store.ensurePaths();
        AclEntry read = AclEntry.allow("User:alice", "*", AclOperation.READ);
        assertEquals(OptionalInt.of(0), store.createIfAbsent(ResourcePattern.literal(ResourceType.TOPIC, "orders"), Set.of(read)));
        assertEquals(OptionalInt.of(0), store.createIfAbsent(ResourcePattern.prefixed(ResourceType.TRANSACTIONAL_ID, "app-"),
                Set.of(AclEntry.deny("User:bob", "10.0.0.1", AclOperation.DESCRIBE_CONFIGS))));

        String literal = new String(zk.curator().getData().forPath(chroot + "/kafka-acl/Topic/orders"), StandardCharsets.UTF_8);
        assertEquals("{\"version\":1,\"acls\":[{\"principal\":\"User:alice\",\"permissionType\":\"Allow\","
                + "\"operation\":\"Read\",\"host\":\"*\"}]}", literal);
        String prefixed = new String(zk.curator().getData().forPath(chroot + "/kafka-acl-extended/prefixed/TransactionalId/app-"),
                StandardCharsets.UTF_8);
        assertTrue(prefixed.contains("\"operation\":\"DescribeConfigs\"") && prefixed.contains("\"permissionType\":\"Deny\""), prefixed);

        Map<ResourcePattern, VersionedAcls> all = store.loadAll();
        assertEquals(Set.of(read), all.get(ResourcePattern.literal(ResourceType.TOPIC, "orders")).acls());
        assertEquals(2, all.size());
    }

    @Test
    void aclsWrittenByKafkaInAnyKeyOrderAreRead() throws Exception {
        String chroot = zooKeeper.newChroot();
        GregorZkClient zk = client(chroot);
        AclStore store = new AclStore(zk);
        store.ensurePaths();
        zk.curator().create().forPath(chroot + "/kafka-acl/Group/g1", ("{\"version\":1,\"acls\":[{\"host\":\"*\","
                + "\"permissionType\":\"Allow\",\"operation\":\"All\",\"principal\":\"User:*\"}]}").getBytes(StandardCharsets.UTF_8));
        assertEquals(Set.of(AclEntry.allow("User:*", "*", AclOperation.ALL)),
                store.read(ResourcePattern.literal(ResourceType.GROUP, "g1")).acls());
    }

    @Test
    void aWriteAtAStaleVersionIsRefusedSoConcurrentChangesAreNotLost() {
        GregorZkClient zk = client(zooKeeper.newChroot());
        AclStore store = new AclStore(zk);
        store.ensurePaths();
        ResourcePattern topic = ResourcePattern.literal(ResourceType.TOPIC, "t");
        AclEntry a = AclEntry.allow("User:a", "*", AclOperation.WRITE);
        AclEntry b = AclEntry.allow("User:b", "*", AclOperation.WRITE);
        store.createIfAbsent(topic, Set.of(a));
        assertEquals(OptionalInt.empty(), store.createIfAbsent(topic, Set.of(b)));
        assertEquals(OptionalInt.of(1), store.setIfVersion(topic, Set.of(a, b), 0));
        assertEquals(OptionalInt.empty(), store.setIfVersion(topic, Set.of(b), 0));
        assertFalse(store.deleteIfVersion(topic, 0));
        assertEquals(Set.of(a, b), store.read(topic).acls());
        assertTrue(store.deleteIfVersion(topic, 1));
        assertEquals(VersionedAcls.NONE, store.read(topic));
    }

    @Test
    void changeNotificationsUseKafkasEncodingsAndReachTheWatcher() throws Exception {
        String chroot = zooKeeper.newChroot();
        GregorZkClient zk = client(chroot);
        AclStore store = new AclStore(zk);
        store.ensurePaths();
        List<ResourcePattern> seen = new CopyOnWriteArrayList<>();
        try (AclChangeWatcher watcher = new AclChangeWatcher(zk, seen::add)) {
            watcher.start();
            ResourcePattern literal = ResourcePattern.literal(ResourceType.TOPIC, "a:b");
            ResourcePattern prefixed = ResourcePattern.prefixed(ResourceType.GROUP, "g-");
            store.notifyChange(literal);
            store.notifyChange(prefixed);
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 2);
            assertEquals(Set.of(literal, prefixed), Set.copyOf(seen));
        }
        List<String> literalChanges = zk.curator().getChildren().forPath(chroot + "/kafka-acl-changes");
        assertEquals(1, literalChanges.size());
        assertTrue(literalChanges.get(0).startsWith("acl_changes_"));
        assertEquals("TOPIC:a:b", new String(zk.curator().getData().forPath(chroot + "/kafka-acl-changes/" + literalChanges.get(0)),
                StandardCharsets.UTF_8));
        String extended = zk.curator().getChildren().forPath(chroot + "/kafka-acl-extended-changes").get(0);
        assertEquals("{\"version\":1,\"resourceType\":\"GROUP\",\"name\":\"g-\",\"patternType\":\"PREFIXED\"}",
                new String(zk.curator().getData().forPath(chroot + "/kafka-acl-extended-changes/" + extended), StandardCharsets.UTF_8));
        store.purgeNotificationsOlderThan(0, System.currentTimeMillis() + 1000);
        assertTrue(zk.curator().getChildren().forPath(chroot + "/kafka-acl-changes").isEmpty());
    }
}
