package io.gregor.broker.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.broker.GregorServer;
import io.gregor.broker.metadata.PartitionMetadata;
import io.gregor.clients.network.KafkaConnection;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.AddPartitionsToTxnRequest;
import io.gregor.clients.protocol.schemas.AddPartitionsToTxnResponse;
import io.gregor.clients.protocol.schemas.EndTxnRequest;
import io.gregor.clients.protocol.schemas.EndTxnResponse;
import io.gregor.clients.protocol.schemas.FetchRequest;
import io.gregor.clients.protocol.schemas.FetchResponse;
import io.gregor.clients.protocol.schemas.MetadataRequest;
import io.gregor.clients.protocol.schemas.MetadataResponse;
import io.gregor.clients.protocol.schemas.StopReplicaRequest;
import io.gregor.clients.protocol.schemas.StopReplicaResponse;
import io.gregor.clients.protocol.schemas.ProduceResponse;
import io.gregor.core.log.TopicPartition;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three brokers with Kafka's ACL authorizer class name and {@code allow.everyone.if.no.acl.found=false},
 * every client (and broker) being User:ANONYMOUS on PLAINTEXT. Kafka 3.9.1's AclCommand writes the
 * cluster ACLs straight into ZooKeeper before the brokers start (Gregor reads Kafka's znodes) and the
 * topic ACLs through a broker (Kafka's authorizer, over ZooKeeper, reads Gregor's).
 */
class AclAuthorizationTest {
    private static final Duration PROPAGATION = Duration.ofSeconds(20);
    private static GregorCluster cluster;
    private static GregorServer[] brokers;
    private static String bootstrap;

    @BeforeAll
    static void start() throws Exception {
        cluster = GregorCluster.start();
        ThreeBrokers.ToolRun cluster_ = aclCommand("--authorizer-properties", "zookeeper.connect=" + cluster.zookeeperConnect(),
                "--add", "--allow-principal", "User:ANONYMOUS", "--operation", "ClusterAction", "--operation", "Create",
                "--operation", "Describe", "--operation", "IdempotentWrite", "--operation", "Alter", "--cluster");
        assertEquals(0, cluster_.code(), cluster_.out() + cluster_.err());
        brokers = cluster.startInProcessBrokers(3, Map.of("authorizer.class.name", "kafka.security.authorizer.AclAuthorizer",
                "allow.everyone.if.no.acl.found", "false"));
        bootstrap = "127.0.0.1:" + brokers[0].boundPort("PLAINTEXT");
        ThreeBrokers.ToolRun prefixed = aclCommand("--bootstrap-server", bootstrap, "--add", "--allow-principal", "User:ANONYMOUS",
                "--operation", "Write", "--operation", "Read", "--operation", "Describe",
                "--topic", "app-", "--resource-pattern-type", "prefixed");
        assertEquals(0, prefixed.code(), prefixed.out() + prefixed.err());
        ThreeBrokers.ToolRun txn = aclCommand("--bootstrap-server", bootstrap, "--add", "--allow-principal", "User:ANONYMOUS",
                "--operation", "Write", "--operation", "Describe", "--transactional-id", "tx-ok");
        assertEquals(0, txn.code(), txn.out() + txn.err());
        for (String topic : List.of("app-orders", "app-events", "secret")) {
            ApacheClients.createTopic(bootstrap, topic, 1);
        }
        for (String topic : List.of("app-orders", "app-events", "secret")) {
            await("leader of " + topic + " known everywhere").atMost(PROPAGATION).until(() ->
                    List.of(brokers).stream().allMatch(b -> b.metadataCache().partition(topic, 0).map(p -> p.leader() >= 0).orElse(false)));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        cluster.close();
    }

    private static ThreeBrokers.ToolRun aclCommand(String... args) {
        return KafkaTools.run(kafka.admin.AclCommand::main, args);
    }

    @Test
    void kafkasAclCommandListsAclsThroughGregorAndStraightFromZooKeeper() {
        await().atMost(PROPAGATION).untilAsserted(() -> {
            ThreeBrokers.ToolRun viaBroker = aclCommand("--bootstrap-server", bootstrap, "--list");
            assertEquals(0, viaBroker.code(), viaBroker.out() + viaBroker.err());
            assertTrue(viaBroker.out().contains("name=app-, patternType=PREFIXED"), viaBroker.out());
            assertTrue(viaBroker.out().contains("name=kafka-cluster, patternType=LITERAL"), viaBroker.out());
            assertTrue(viaBroker.out().contains("operation=CLUSTER_ACTION"), viaBroker.out());
        });
        ThreeBrokers.ToolRun viaZooKeeper = aclCommand("--authorizer-properties", "zookeeper.connect=" + cluster.zookeeperConnect(),
                "--list", "--topic", "app-", "--resource-pattern-type", "prefixed");
        assertEquals(0, viaZooKeeper.code(), viaZooKeeper.out() + viaZooKeeper.err());
        assertTrue(viaZooKeeper.out().contains("principal=User:ANONYMOUS, host=*, operation=WRITE, permissionType=ALLOW"),
                viaZooKeeper.out());
    }

    @Test
    void aProduceWithoutWriteGetsTopicAuthorizationFailedAndTheLogEndOffsetDoesNotMove() throws Exception {
        PartitionMetadata partition = brokers[0].metadataCache().partition("secret", 0).orElseThrow();
        GregorServer leader = brokers[partition.leader()];
        try (KafkaConnection conn = WireRequests.connect(leader.boundPort("PLAINTEXT"), "acl-test")) {
            var response = WireRequests.producePartition(conn, (short) 1, "secret", 0, WireRequests.batch(-1, (short) -1, -1, "x"));
            assertEquals(Errors.TOPIC_AUTHORIZATION_FAILED.code(), response.getShort(ProduceResponse.Responses.PartitionResponses.ERROR_CODE));
        }
        try (KafkaProducer<String, String> producer = ApacheClients.producer(bootstrap, Map.of("max.block.ms", 10_000))) {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> producer.send(new ProducerRecord<>("secret", "v")).get(30, TimeUnit.SECONDS));
            assertInstanceOf(TopicAuthorizationException.class, e.getCause());
        } catch (TopicAuthorizationException direct) {
            // the producer may refuse in send() itself when its metadata already says the topic is unauthorized
        }
        assertEquals(0, leader.logManager().getLog(new TopicPartition("secret", 0)).orElseThrow().logEndOffset());
    }

    @Test
    void transactionCallsNeedWriteOnTheTransactionalIdAndAddedPartitionsWriteOnTheirTopic() throws Exception {
        await("the transactional id ACL").atMost(PROPAGATION).untilAsserted(() -> {
            try (KafkaProducer<String, String> producer = ApacheClients.producer(bootstrap, Map.of(
                    "transactional.id", "tx-ok", "max.block.ms", 30_000))) {
                producer.initTransactions();
            }
        });
        try (KafkaConnection conn = WireRequests.connect(brokers[0].boundPort("PLAINTEXT"), "acl-txn-test")) {
            for (String id : List.of("tx-ok", "tx-denied")) {
                Struct add = ApiMessages.request(ApiKey.ADD_PARTITIONS_TO_TXN).newStruct()
                        .set(AddPartitionsToTxnRequest.V3_AND_BELOW_TRANSACTIONAL_ID, id)
                        .set(AddPartitionsToTxnRequest.V3_AND_BELOW_PRODUCER_ID, 1L)
                        .set(AddPartitionsToTxnRequest.V3_AND_BELOW_PRODUCER_EPOCH, (short) 0);
                add.addElement(AddPartitionsToTxnRequest.V3_AND_BELOW_TOPICS)
                        .set(AddPartitionsToTxnRequest.AddPartitionsToTxnTopic.NAME, "secret")
                        .set(AddPartitionsToTxnRequest.AddPartitionsToTxnTopic.PARTITIONS, List.of(0));
                Struct result = conn.send(ApiKey.ADD_PARTITIONS_TO_TXN, (short) 3, add)
                        .getStructs(AddPartitionsToTxnResponse.RESULTS_BY_TOPIC_V3_AND_BELOW).get(0)
                        .getStructs(AddPartitionsToTxnResponse.AddPartitionsToTxnTopicResult.RESULTS_BY_PARTITION).get(0);
                assertEquals((id.equals("tx-ok") ? Errors.TOPIC_AUTHORIZATION_FAILED : Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED).code(),
                        result.getShort(AddPartitionsToTxnResponse.AddPartitionsToTxnPartitionResult.PARTITION_ERROR_CODE), id);
            }
            Struct end = ApiMessages.request(ApiKey.END_TXN).newStruct().set(EndTxnRequest.TRANSACTIONAL_ID, "tx-denied")
                    .set(EndTxnRequest.PRODUCER_ID, 1L).set(EndTxnRequest.PRODUCER_EPOCH, (short) 0)
                    .set(EndTxnRequest.COMMITTED, true);
            assertEquals(Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED.code(),
                    conn.send(ApiKey.END_TXN, (short) 3, end).getShort(EndTxnResponse.ERROR_CODE));
        }
        try (Admin admin = ApacheClients.admin(bootstrap)) {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> admin.describeTransactions(List.of("tx-denied")).all().get(30, TimeUnit.SECONDS));
            assertInstanceOf(TransactionalIdAuthorizationException.class, e.getCause());
        }
    }

    @Test
    void aPrefixedAclAllowsEveryMatchingTopic() throws Exception {
        try (KafkaProducer<String, String> producer = ApacheClients.producer(bootstrap, Map.of())) {
            producer.send(new ProducerRecord<>("app-orders", "o1")).get(30, TimeUnit.SECONDS);
            producer.send(new ProducerRecord<>("app-events", "e1")).get(30, TimeUnit.SECONDS);
        }
        assertEquals(List.of("o1"), ApacheClients.readAll(bootstrap, "app-orders", 1, 1).stream().map(r -> r.value()).toList());
    }

    @Test
    void metadataHidesATopicTheCallerMayNotDescribe() throws Exception {
        try (Admin admin = ApacheClients.admin(bootstrap)) {
            Set<String> names = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            assertTrue(names.containsAll(Set.of("app-orders", "app-events")), names.toString());
            assertFalse(names.contains("secret"), names.toString());
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> admin.describeTopics(List.of("secret")).allTopicNames().get(30, TimeUnit.SECONDS));
            assertInstanceOf(TopicAuthorizationException.class, e.getCause());
        }
    }

    @Test
    void anAclAddedThroughOneBrokerIsEnforcedByEveryBroker() throws Exception {
        ThreeBrokers.ToolRun deny = aclCommand("--bootstrap-server", bootstrap, "--add", "--deny-principal", "User:ANONYMOUS",
                "--deny-host", "127.0.0.1", "--operation", "Write", "--topic", "app-denied-later");
        assertEquals(0, deny.code(), deny.out() + deny.err());
        ApacheClients.createTopic(bootstrap, "app-denied-later", 1);
        // every broker checks before it looks for the partition: a refused write is refused by leader and followers alike
        for (GregorServer broker : brokers) {
            await("broker " + broker.config().brokerId() + " denies").atMost(PROPAGATION).untilAsserted(() -> {
                try (KafkaConnection conn = WireRequests.connect(broker.boundPort("PLAINTEXT"), "acl-test")) {
                    var response = WireRequests.producePartition(conn, (short) 1, "app-denied-later", 0,
                            WireRequests.batch(-1, (short) -1, -1, "x"));
                    assertEquals(Errors.TOPIC_AUTHORIZATION_FAILED.code(),
                            response.getShort(ProduceResponse.Responses.PartitionResponses.ERROR_CODE));
                }
            });
        }
    }

    @Test
    void aConsumerGroupNeedsReadOnTheGroupAsGrantedByKafkasConsumerShortcut() throws Exception {
        try (KafkaProducer<String, String> producer = ApacheClients.producer(bootstrap, Map.of())) {
            producer.send(new ProducerRecord<>("app-events", "for-the-group")).get(30, TimeUnit.SECONDS);
        }
        try (KafkaConsumer<String, String> consumer = groupConsumer("readers-app")) {
            consumer.subscribe(List.of("app-events"));
            assertThrows(GroupAuthorizationException.class, () -> consumer.poll(Duration.ofSeconds(10)));
        }
        ThreeBrokers.ToolRun grant = aclCommand("--bootstrap-server", bootstrap, "--add", "--allow-principal", "User:ANONYMOUS",
                "--consumer", "--topic", "app-events", "--group", "readers-", "--resource-pattern-type", "prefixed");
        assertEquals(0, grant.code(), grant.out() + grant.err());
        try (KafkaConsumer<String, String> consumer = groupConsumer("readers-app")) {
            consumer.subscribe(List.of("app-events"));
            await().atMost(PROPAGATION).until(() -> {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
                return records.count() > 0;
            });
            consumer.commitSync();
        }
    }

    private static KafkaConsumer<String, String> groupConsumer(String group) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    }

    @Test
    void authorizedOperationsNameWhatTheCallerMayDo() throws Exception {
        try (Admin admin = ApacheClients.admin(bootstrap)) {
            Set<AclOperation> cluster = admin.describeCluster(new DescribeClusterOptions().includeAuthorizedOperations(true))
                    .authorizedOperations().get(30, TimeUnit.SECONDS);
            assertEquals(Set.of(AclOperation.CLUSTER_ACTION, AclOperation.CREATE, AclOperation.DESCRIBE,
                    AclOperation.IDEMPOTENT_WRITE, AclOperation.ALTER), cluster);
            Set<AclOperation> topic = admin.describeTopics(List.of("app-orders"),
                    new DescribeTopicsOptions().includeAuthorizedOperations(true)).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get("app-orders").authorizedOperations();
            assertEquals(Set.of(AclOperation.READ, AclOperation.WRITE, AclOperation.DESCRIBE), topic);
        }
    }

    @Test
    void anAclKafkasToolWritesIntoZooKeeperIsAppliedOnItsNotificationAndRemovingItTakesTheRightAway() throws Exception {
        ApacheClients.createTopic(bootstrap, "scratch", 1);
        ThreeBrokers.ToolRun add = aclCommand("--authorizer-properties", "zookeeper.connect=" + cluster.zookeeperConnect(),
                "--add", "--allow-principal", "User:ANONYMOUS", "--operation", "Write", "--topic", "scratch");
        assertEquals(0, add.code(), add.out() + add.err());
        PartitionMetadata partition = brokers[0].metadataCache().partition("scratch", 0).orElseThrow();
        int port = brokers[partition.leader()].boundPort("PLAINTEXT");
        await().atMost(PROPAGATION).until(() -> produceError(port, "scratch") == Errors.NONE.code());
        ThreeBrokers.ToolRun remove = aclCommand("--bootstrap-server", bootstrap, "--remove", "--force",
                "--allow-principal", "User:ANONYMOUS", "--operation", "Write", "--topic", "scratch");
        assertEquals(0, remove.code(), remove.out() + remove.err());
        await().atMost(PROPAGATION).until(() -> produceError(port, "scratch") == Errors.TOPIC_AUTHORIZATION_FAILED.code());
    }

    private static short produceError(int port, String topic) throws Exception {
        try (KafkaConnection conn = WireRequests.connect(port, "acl-test")) {
            return WireRequests.producePartition(conn, (short) 1, topic, 0, WireRequests.batch(-1, (short) -1, -1, "x"))
                    .getShort(ProduceResponse.Responses.PartitionResponses.ERROR_CODE);
        }
    }

    /**
     * Every client here is User:ANONYMOUS, so the forger is told apart by its address: it connects
     * from 127.0.0.2, from which ClusterAction is denied. Its StopReplica carries the real
     * controller and broker epochs, which the broker would otherwise obey.
     */
    @Test
    void aControllerRequestFromWhereClusterActionIsDeniedIsRefusedAndChangesNothing() throws Exception {
        ThreeBrokers.ToolRun deny = aclCommand("--bootstrap-server", bootstrap, "--add", "--deny-principal", "User:ANONYMOUS",
                "--deny-host", "127.0.0.2", "--operation", "ClusterAction", "--cluster");
        assertEquals(0, deny.code(), deny.out() + deny.err());
        ApacheClients.createTopic(bootstrap, "app-kept", 1);
        await().atMost(PROPAGATION).until(() -> brokers[0].metadataCache().partition("app-kept", 0).map(p -> p.leader() >= 0).orElse(false));
        GregorServer leader = brokers[brokers[0].metadataCache().partition("app-kept", 0).orElseThrow().leader()];
        int controllerId = brokers[0].metadataCache().controllerId().orElseThrow();
        int controllerEpoch = leader.zkClient().getControllerEpoch().orElseThrow().epoch();
        long brokerEpoch = leader.zkClient().getBrokerEpoch(leader.config().brokerId()).orElseThrow();
        Struct stopReplica = ApiMessages.request(ApiKey.STOP_REPLICA).newStruct()
                .set(StopReplicaRequest.CONTROLLER_ID, controllerId)
                .set(StopReplicaRequest.CONTROLLER_EPOCH, controllerEpoch)
                .set(StopReplicaRequest.BROKER_EPOCH, brokerEpoch);
        stopReplica.addElement(StopReplicaRequest.TOPIC_STATES).set(StopReplicaRequest.TopicStates.TOPIC_NAME, "app-kept")
                .addElement(StopReplicaRequest.TopicStates.PARTITION_STATES)
                .set(StopReplicaRequest.TopicStates.PartitionStates.PARTITION_INDEX, 0)
                .set(StopReplicaRequest.TopicStates.PartitionStates.LEADER_EPOCH, -2)
                .set(StopReplicaRequest.TopicStates.PartitionStates.DELETE_PARTITION, true);
        InetSocketAddress forger = new InetSocketAddress("127.0.0.2", 0);
        InetSocketAddress target = new InetSocketAddress("127.0.0.1", leader.boundPort("PLAINTEXT"));
        Struct fetch = ApiMessages.request(ApiKey.FETCH).newStruct().set(FetchRequest.REPLICA_ID, controllerId == 0 ? 1 : 0)
                .set(FetchRequest.MAX_WAIT_MS, 0).set(FetchRequest.MIN_BYTES, 0).set(FetchRequest.MAX_BYTES, 1 << 20)
                .set(FetchRequest.ISOLATION_LEVEL, (byte) 0).set(FetchRequest.SESSION_ID, 0).set(FetchRequest.SESSION_EPOCH, -1);
        fetch.addElement(FetchRequest.TOPICS).set(FetchRequest.Topics.TOPIC, "app-kept").addElement(FetchRequest.Topics.PARTITIONS)
                .set(FetchRequest.Topics.Partitions.PARTITION, 0).set(FetchRequest.Topics.Partitions.FETCH_OFFSET, 0L)
                .set(FetchRequest.Topics.Partitions.PARTITION_MAX_BYTES, 1 << 20);
        // a follower fetch, harmless, tells when the deny has reached the leader
        await("the deny reached broker " + leader.config().brokerId()).atMost(PROPAGATION).untilAsserted(() -> {
            try (KafkaConnection conn = KafkaConnection.connect(forger, target, "forger", 5_000)) {
                Struct partition = conn.send(ApiKey.FETCH, WireRequests.FETCH_VERSION, fetch).getStructs(FetchResponse.RESPONSES)
                        .get(0).getStructs(FetchResponse.Responses.PARTITIONS).get(0);
                assertEquals(Errors.TOPIC_AUTHORIZATION_FAILED.code(), partition.getShort(FetchResponse.Responses.Partitions.ERROR_CODE),
                        "a follower fetch without ClusterAction");
            }
        });
        try (KafkaConnection conn = KafkaConnection.connect(forger, target, "forger", 5_000)) {
            Struct response = conn.send(ApiKey.STOP_REPLICA, (short) 3, stopReplica);
            assertEquals(Errors.CLUSTER_AUTHORIZATION_FAILED.code(), response.getShort(StopReplicaResponse.ERROR_CODE));
        }
        assertTrue(leader.logManager().getLog(new TopicPartition("app-kept", 0)).isPresent(), "the replica was not deleted");
        try (KafkaProducer<String, String> producer = ApacheClients.producer(bootstrap, Map.of())) {
            producer.send(new ProducerRecord<>("app-kept", "still-served")).get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void adminCallsOnATopicWithoutTheRightsAreRefusedAndChangeNothing() throws Exception {
        org.apache.kafka.common.TopicPartition secret0 = new org.apache.kafka.common.TopicPartition("secret", 0);
        try (Admin admin = ApacheClients.admin(bootstrap)) {
            List<org.apache.kafka.common.KafkaFuture<?>> calls = List.of(
                    admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, "secret"))).all(),
                    admin.deleteTopics(List.of("secret")).all(),
                    admin.createPartitions(Map.of("secret", NewPartitions.increaseTo(2))).all(),
                    admin.listOffsets(Map.of(secret0, OffsetSpec.latest())).all(),
                    admin.deleteRecords(Map.of(secret0, org.apache.kafka.clients.admin.RecordsToDelete.beforeOffset(0))).all());
            for (org.apache.kafka.common.KafkaFuture<?> call : calls) {
                ExecutionException e = assertThrows(ExecutionException.class, () -> call.get(30, TimeUnit.SECONDS));
                assertInstanceOf(TopicAuthorizationException.class, e.getCause());
            }
        }
        for (GregorServer broker : brokers) {
            assertEquals(1, broker.metadataCache().topic("secret").orElseThrow().partitions().size());
        }
    }

    @Test
    void autoCreationThroughMetadataNeedsCreateOnTheClusterOrTheTopic() throws Exception {
        ThreeBrokers.ToolRun deny = aclCommand("--bootstrap-server", bootstrap, "--add", "--deny-principal", "User:ANONYMOUS",
                "--deny-host", "127.0.0.3", "--operation", "Create", "--cluster");
        assertEquals(0, deny.code(), deny.out() + deny.err());
        InetSocketAddress target = new InetSocketAddress("127.0.0.1", brokers[0].boundPort("PLAINTEXT"));
        // a new name per attempt: an attempt that reaches broker 0 before the deny creates its topic
        java.util.concurrent.atomic.AtomicInteger attempt = new java.util.concurrent.atomic.AtomicInteger();
        await("the deny reached broker 0").atMost(PROPAGATION).untilAsserted(() -> {
            try (KafkaConnection conn = KafkaConnection.connect(new InetSocketAddress("127.0.0.3", 0), target, "no-create", 5_000)) {
                assertEquals(Errors.TOPIC_AUTHORIZATION_FAILED.code(), metadataError(conn, "app-auto-refused-" + attempt.incrementAndGet()));
            }
        });
        String refused = "app-auto-refused-" + attempt.get();
        assertFalse(brokers[0].zkClient().topics().topicExists(refused), refused + " was not created");
        try (KafkaConnection conn = KafkaConnection.connect(target, "may-create", 5_000)) {
            await().atMost(PROPAGATION).until(() -> metadataError(conn, "app-auto-created") == Errors.NONE.code());
        }
    }

    private static short metadataError(KafkaConnection conn, String topic) throws Exception {
        Struct request = ApiMessages.request(ApiKey.METADATA).newStruct()
                .set(MetadataRequest.ALLOW_AUTO_TOPIC_CREATION, true)
                .set(MetadataRequest.INCLUDE_TOPIC_AUTHORIZED_OPERATIONS, false);
        request.addElement(MetadataRequest.TOPICS).set(MetadataRequest.Topics.NAME, topic);
        return conn.send(ApiKey.METADATA, (short) 9, request).getStructs(MetadataResponse.TOPICS).get(0)
                .getShort(MetadataResponse.Topics.ERROR_CODE);
    }
}
