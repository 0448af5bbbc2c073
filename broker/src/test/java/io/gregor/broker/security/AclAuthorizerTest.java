package io.gregor.broker.security;

import io.gregor.broker.it.GregorCluster;
import io.gregor.clients.acl.AclBinding;
import io.gregor.clients.acl.AclFilter;
import static io.gregor.clients.acl.AclOperation.ALL;
import static io.gregor.clients.acl.AclOperation.ALTER_CONFIGS;
import static io.gregor.clients.acl.AclOperation.DESCRIBE;
import static io.gregor.clients.acl.AclOperation.DESCRIBE_CONFIGS;
import static io.gregor.clients.acl.AclOperation.READ;
import static io.gregor.clients.acl.AclOperation.WRITE;
import static io.gregor.clients.acl.ResourceType.GROUP;
import static io.gregor.clients.acl.ResourceType.TOPIC;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.broker.config.AuthorizerSettings;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.acl.AclEntry;
import io.gregor.clients.acl.AclOperation;
import io.gregor.clients.acl.AclPermissionType;
import io.gregor.clients.acl.PatternType;
import io.gregor.clients.acl.ResourcePattern;
import io.gregor.clients.acl.ResourceType;
import io.gregor.coordination.zk.GregorZkClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Kafka's AclAuthorizer semantics, against a real ZooKeeper (each test under its own chroot). */
class AclAuthorizerTest {
    private static final KafkaPrincipal ALICE = KafkaPrincipal.user("alice");
    private static final KafkaPrincipal BOB = KafkaPrincipal.user("bob");
    private static final String HOST = "127.0.0.1";
    private static final AtomicInteger CHROOTS = new AtomicInteger();
    private static TestingServer server;
    private final List<AutoCloseable> opened = new ArrayList<>();
    private final ExecutorService changes = Executors.newSingleThreadExecutor();
    private String chroot;

    @BeforeAll
    static void startZooKeeper() throws Exception {
        server = GregorCluster.startLoopbackZooKeeper();
    }

    @AfterAll
    static void stopZooKeeper() throws Exception {
        server.close();
    }

    @AfterEach
    void close() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
        changes.shutdownNow();
    }

    private AclAuthorizer authorizer(Set<KafkaPrincipal> superUsers, boolean allowEveryone) {
        return authorizer(superUsers, allowEveryone, changes);
    }

    private AclAuthorizer authorizer(Set<KafkaPrincipal> superUsers, boolean allowEveryone, java.util.concurrent.Executor changes) {
        if (chroot == null) {
            chroot = "/acl" + CHROOTS.incrementAndGet();
        }
        GregorZkClient zk = GregorZkClient.connect(server.getConnectString() + chroot, 4000, 10_000);
        opened.add(zk);
        AclAuthorizer authorizer = new AclAuthorizer(zk, new AuthorizerSettings(true, superUsers, allowEveryone), changes);
        opened.add(authorizer);
        authorizer.start();
        return authorizer;
    }

    private AclAuthorizer authorizer() {
        return authorizer(Set.of(), false);
    }

    private static void add(AclAuthorizer authorizer, ResourcePattern pattern, AclEntry... entries) {
        List<AclBinding> bindings = new ArrayList<>();
        for (AclEntry entry : entries) {
            bindings.add(new AclBinding(pattern, entry));
        }
        authorizer.createAcls(bindings).forEach(r -> assertEquals(Errors.NONE, r.error(), r.toString()));
    }

    private static boolean allowed(AclAuthorizer authorizer, KafkaPrincipal who, AclOperation operation, ResourceType type, String name) {
        return authorizer.isAllowed(who, HOST, operation, type, name);
    }

    @Test
    void aDenyBeatsAnAllowThatAlsoMatches() {
        AclAuthorizer authorizer = authorizer();
        add(authorizer, ResourcePattern.literal(TOPIC, "*"), AclEntry.allow("User:*", "*", ALL));
        add(authorizer, ResourcePattern.prefixed(TOPIC, "pay"), AclEntry.deny("User:alice", HOST, WRITE));
        assertFalse(allowed(authorizer, ALICE, WRITE, TOPIC, "payments"));
        assertTrue(allowed(authorizer, ALICE, READ, TOPIC, "payments"));
        assertTrue(allowed(authorizer, BOB, WRITE, TOPIC, "payments"));
        assertTrue(allowed(authorizer, ALICE, WRITE, TOPIC, "orders"));
    }

    @Test
    void aPrefixedAclCoversEveryNameStartingWithItAndNothingElse() {
        AclAuthorizer authorizer = authorizer();
        add(authorizer, ResourcePattern.prefixed(TOPIC, "app-"), AclEntry.allow("User:alice", "*", WRITE));
        assertTrue(allowed(authorizer, ALICE, WRITE, TOPIC, "app-"));
        assertTrue(allowed(authorizer, ALICE, WRITE, TOPIC, "app-orders"));
        assertFalse(allowed(authorizer, ALICE, WRITE, TOPIC, "app"));
        assertFalse(allowed(authorizer, ALICE, WRITE, TOPIC, "other"));
        assertFalse(allowed(authorizer, ALICE, WRITE, GROUP, "app-orders"));
    }

    @Test
    void anAclForAnotherHostDoesNotApply() {
        AclAuthorizer authorizer = authorizer();
        add(authorizer, ResourcePattern.literal(TOPIC, "t"), AclEntry.allow("User:alice", "10.0.0.7", READ));
        assertFalse(allowed(authorizer, ALICE, READ, TOPIC, "t"));
        assertTrue(authorizer.isAllowed(ALICE, "10.0.0.7", READ, TOPIC, "t"));
    }

    @Test
    void readWriteDeleteAndAlterImplyDescribeAndAlterConfigsImpliesDescribeConfigsButNotTheOtherWay() {
        AclAuthorizer authorizer = authorizer();
        add(authorizer, ResourcePattern.literal(TOPIC, "r"), AclEntry.allow("User:alice", "*", READ));
        add(authorizer, ResourcePattern.literal(TOPIC, "d"), AclEntry.allow("User:alice", "*", DESCRIBE));
        add(authorizer, ResourcePattern.literal(TOPIC, "c"), AclEntry.allow("User:alice", "*", ALTER_CONFIGS));
        assertTrue(allowed(authorizer, ALICE, DESCRIBE, TOPIC, "r"));
        assertFalse(allowed(authorizer, ALICE, READ, TOPIC, "d"));
        assertTrue(allowed(authorizer, ALICE, DESCRIBE_CONFIGS, TOPIC, "c"));
        assertFalse(allowed(authorizer, ALICE, DESCRIBE, TOPIC, "c"));
    }

    @Test
    void aDenyOfDescribeIsNotImpliedByADenyOfRead() {
        AclAuthorizer authorizer = authorizer();
        add(authorizer, ResourcePattern.literal(TOPIC, "t"), AclEntry.allow("User:alice", "*", ALL),
                AclEntry.deny("User:alice", "*", READ));
        assertFalse(allowed(authorizer, ALICE, READ, TOPIC, "t"));
        assertTrue(allowed(authorizer, ALICE, DESCRIBE, TOPIC, "t"));
    }

    @Test
    void superUsersMayDoEverythingEvenWhenDenied() {
        AclAuthorizer authorizer = authorizer(Set.of(ALICE), false);
        add(authorizer, ResourcePattern.literal(TOPIC, "t"), AclEntry.deny("User:*", "*", ALL));
        assertTrue(allowed(authorizer, ALICE, WRITE, TOPIC, "t"));
        assertFalse(allowed(authorizer, BOB, WRITE, TOPIC, "t"));
    }

    @Test
    void allowEveryoneIfNoAclFoundOnlyAppliesToResourcesWithoutAnyAcl() {
        AclAuthorizer authorizer = authorizer(Set.of(), true);
        add(authorizer, ResourcePattern.literal(TOPIC, "guarded"), AclEntry.allow("User:alice", "*", READ));
        assertTrue(allowed(authorizer, BOB, WRITE, TOPIC, "open"));
        assertFalse(allowed(authorizer, BOB, READ, TOPIC, "guarded"));
        assertTrue(allowed(authorizer, ALICE, READ, TOPIC, "guarded"));
    }

    @Test
    void withoutAnyAclNothingIsAllowedByDefault() {
        assertFalse(allowed(authorizer(), ALICE, DESCRIBE, TOPIC, "t"));
    }

    @Test
    void deleteRemovesWhatTheFilterMatchesAndDescribeListsTheRest() {
        AclAuthorizer authorizer = authorizer();
        add(authorizer, ResourcePattern.literal(TOPIC, "a"), AclEntry.allow("User:alice", "*", READ),
                AclEntry.allow("User:bob", "*", READ));
        add(authorizer, ResourcePattern.prefixed(TOPIC, "a"), AclEntry.allow("User:alice", "*", WRITE));
        AclFilter aliceOnA = new AclFilter(TOPIC, "a", PatternType.ANY, "User:alice", null, AclOperation.ANY,
                AclPermissionType.ANY);
        List<AclChangeResult> results = authorizer.deleteAcls(List.of(aliceOnA));
        assertEquals(2, results.get(0).deleted().size(), results.toString());
        AclFilter everything = new AclFilter(ResourceType.ANY, null, PatternType.ANY, null, null, AclOperation.ANY,
                AclPermissionType.ANY);
        assertEquals(List.of(new AclBinding(ResourcePattern.literal(TOPIC, "a"), AclEntry.allow("User:bob", "*", READ))),
                authorizer.acls(everything));
        AclFilter matching = new AclFilter(TOPIC, "abc", PatternType.MATCH, null, null, AclOperation.ANY, AclPermissionType.ANY);
        assertEquals(List.of(), authorizer.acls(matching));
    }

    @Test
    void aBindingWithAnUnknownPartOrABadClusterNameIsRefusedAsAnInvalidRequest() {
        AclAuthorizer authorizer = authorizer();
        List<AclChangeResult> results = authorizer.createAcls(List.of(
                new AclBinding(ResourcePattern.literal(ResourceType.CLUSTER, "other"), AclEntry.allow("User:a", "*", ALL)),
                new AclBinding(ResourcePattern.literal(TOPIC, "t"), AclEntry.allow("User:a", "*", AclOperation.ANY)),
                new AclBinding(ResourcePattern.literal(TOPIC, "a/b"), AclEntry.allow("User:a", "*", READ)),
                new AclBinding(ResourcePattern.literal(TOPIC, "t"), AclEntry.allow("no-colon", "*", READ))));
        results.forEach(r -> assertEquals(Errors.INVALID_REQUEST, r.error(), r.toString()));
    }

    @Test
    void aChangeMadeThroughOneBrokerReachesTheOthersAndConcurrentChangesLoseNothing() throws Exception {
        AclAuthorizer first = authorizer();
        AclAuthorizer second = authorizer();
        ResourcePattern topic = ResourcePattern.literal(TOPIC, "shared");
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int i = 0; i < 10; i++) {
                AclAuthorizer via = i % 2 == 0 ? first : second;
                String user = "User:u" + i;
                writes.add(CompletableFuture.runAsync(() -> add(via, topic, AclEntry.allow(user, "*", READ)), pool));
            }
            CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get();
        } finally {
            pool.shutdownNow();
        }
        for (AclAuthorizer authorizer : List.of(first, second)) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                for (int i = 0; i < 10; i++) {
                    assertTrue(authorizer.isAllowed(KafkaPrincipal.user("u" + i), HOST, READ, TOPIC, "shared"), "u" + i);
                }
            });
        }
        AclAuthorizer third = authorizer();
        assertEquals(10, third.acls(new AclFilter(TOPIC, "shared", PatternType.LITERAL, null, null, AclOperation.ANY,
                AclPermissionType.ANY)).size());
    }

    @Test
    void writeOnSomeTopicGrantsAnIdempotentProducerIdUnlessTheWildcardIsDenied() {
        AclAuthorizer authorizer = authorizer();
        assertFalse(authorizer.isAllowedOnAnyResource(ALICE, HOST, WRITE, TOPIC));
        add(authorizer, ResourcePattern.prefixed(TOPIC, "app-"), AclEntry.allow("User:alice", "*", WRITE));
        assertTrue(authorizer.isAllowedOnAnyResource(ALICE, HOST, WRITE, TOPIC));
        add(authorizer, ResourcePattern.prefixed(TOPIC, "ap"), AclEntry.deny("User:alice", "*", WRITE));
        assertFalse(authorizer.isAllowedOnAnyResource(ALICE, HOST, WRITE, TOPIC));
    }

    @Test
    void afterAZooKeeperReconnectEveryAclIsReadAgainSoAMissedNotificationIsNotLost() throws Exception {
        AclAuthorizer authorizer = authorizer();
        GregorZkClient writer = GregorZkClient.connect(server.getConnectString() + chroot, 4000, 10_000);
        opened.add(writer);
        // an ACL whose notification this broker never sees (written without one)
        writer.curator().create().forPath(chroot + "/kafka-acl/Topic/quiet",
                io.gregor.coordination.acl.AclZnodes.encodeAcls(Set.of(AclEntry.allow("User:alice", "*", READ))));
        assertFalse(allowed(authorizer, ALICE, READ, TOPIC, "quiet"));
        server.restart();
        await().atMost(Duration.ofSeconds(30)).until(() -> allowed(authorizer, ALICE, READ, TOPIC, "quiet"));
    }

    @Test
    void aDeleteThroughABrokerWhoseNotificationIsLateStillRemovesTheAcl() {
        java.util.concurrent.atomic.AtomicBoolean deliver = new java.util.concurrent.atomic.AtomicBoolean(true);
        AclAuthorizer first = authorizer();
        AclAuthorizer late = authorizer(Set.of(), false, task -> {
            if (deliver.get()) {
                task.run();
            }
        });
        ResourcePattern topic = ResourcePattern.literal(TOPIC, "t");
        add(first, topic, AclEntry.allow("User:alice", "*", READ));
        await().atMost(Duration.ofSeconds(10)).until(() -> allowed(late, ALICE, READ, TOPIC, "t"));
        deliver.set(false);
        add(first, topic, AclEntry.allow("User:bob", "*", READ));
        AclFilter bob = new AclFilter(TOPIC, "t", PatternType.LITERAL, "User:bob", null, AclOperation.ANY, AclPermissionType.ANY);
        assertEquals(1, late.deleteAcls(List.of(bob)).get(0).deleted().size());
        AclAuthorizer fresh = authorizer();
        assertEquals(List.of(new AclBinding(topic, AclEntry.allow("User:alice", "*", READ))),
                fresh.acls(new AclFilter(TOPIC, "t", PatternType.LITERAL, null, null, AclOperation.ANY, AclPermissionType.ANY)));
    }
}
