package io.gregor.broker.it;

import io.gregor.clients.network.KafkaConnection;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.MetadataResponse;
import io.gregor.clients.protocol.schemas.MetadataResponse.Brokers;
import io.gregor.clients.security.ClientSecurity;
import io.gregor.coordination.zk.ControllerEpoch;
import io.gregor.coordination.zk.GregorZkClient;
import io.gregor.coordination.zk.PartitionState;
import io.gregor.coordination.zk.TopicAssignment;
import io.gregor.coordination.zk.TopicPartition;
import io.gregor.coordination.zk.VersionedPartitionState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.awaitility.Awaitility;

/**
 * Three broker JVMs ({@link BrokerProcess}, ids 0..2) on one {@link GregorCluster}, each on a log
 * dir that survives its restarts, with the short replication timeouts the cluster tests need. Gives
 * the partition state as ZooKeeper holds it and the segment bytes of every replica, so tests can
 * check leaders, ISR and that replicas are identical.
 */
public final class ThreeBrokers implements AutoCloseable {
    static final int BROKERS = 3;
    static final long REPLICA_LAG_MS = 2000;
    static final Duration WAIT = Duration.ofSeconds(45);

    private final GregorCluster cluster;
    private final Map<String, String> overrides;
    private final BrokerProcess[] brokers = new BrokerProcess[BROKERS];
    private final Path[] logDirs = new Path[BROKERS];
    private final List<List<Path>> moreLogDirs = new java.util.ArrayList<>(); // broker id -> its log.dirs after the first
    private final List<BrokerProcess> started = new java.util.ArrayList<>();
    /** The listener the test's clients use; null: the PLAINTEXT listener. */
    private final String clientListener;
    /** Kafka client keys of the test's clients on that listener (security.protocol, ssl.*, sasl.*). */
    private final Map<String, Object> clientConfig;
    private final ClientSecurity clientSecurity;
    /** What each (re)start of a broker adds: its own properties and JVM system properties. */
    private PerBroker perBroker = PerBroker.NONE; // set before the first broker starts, read on the test thread

    /**
     * What each (re)start of broker {@code id} adds to the shared overrides, e.g. ports picked for
     * that start (a Prometheus endpoint, a JMX port).
     */
    interface PerBroker {
        PerBroker NONE = new PerBroker() { };

        default Map<String, String> overrides(int id) throws Exception {
            return Map.of();
        }

        default Map<String, String> systemProperties(int id) throws Exception {
            return Map.of();
        }
    }

    private ThreeBrokers(GregorCluster cluster, Map<String, String> overrides, String clientListener,
                         Map<String, Object> clientConfig) {
        this.cluster = cluster;
        this.overrides = overrides;
        this.clientListener = clientListener;
        this.clientConfig = Map.copyOf(clientConfig);
        this.clientSecurity = ClientSecurity.fromClient(key -> clientConfig.get(key) == null ? null
                : String.valueOf(clientConfig.get(key)));
    }

    /** Starts ZooKeeper and brokers 0, 1, 2; {@code extra} overrides the defaults of the cluster tests. */
    static ThreeBrokers start(Map<String, String> extra) throws Exception {
        return start(1, extra);
    }

    /**
     * As {@link #start(Map)}, for the exactly-once tests that kill brokers: the transaction log with
     * 3 partitions, replicated 3 times with min ISR 2, and 3 partitions of {@code __consumer_offsets}.
     */
    static ThreeBrokers startWithReplicatedTransactionLog() throws Exception {
        return start(Map.of(
                "transaction.state.log.num.partitions", "3",
                "transaction.state.log.replication.factor", "3",
                "transaction.state.log.min.isr", "2",
                "offsets.topic.num.partitions", "3"));
    }

    /**
     * As {@link #start(Map)}, with the test's clients (the bootstrap list, the admin client, the
     * metadata checks) on {@code clientListener} with {@code clientConfig} (e.g. a SASL_SSL listener and
     * Kafka's client keys for it); {@code beforeStart} runs on the fresh ZooKeeper before any broker
     * starts (e.g. to create the brokers' own SCRAM user).
     */
    static ThreeBrokers start(Map<String, String> extra, String clientListener, Map<String, Object> clientConfig,
                              java.util.function.Consumer<GregorCluster> beforeStart) throws Exception {
        return start(1, extra, clientListener, clientConfig, beforeStart);
    }

    /** As {@link #start(Map)}, each broker with {@code dirsPerBroker} directories in {@code log.dirs} (JBOD). */
    static ThreeBrokers start(int dirsPerBroker, Map<String, String> extra) throws Exception {
        return start(dirsPerBroker, extra, null, Map.of(), zk -> { });
    }

    /** As {@link #start(Map)}, each (re)start of a broker adding what {@code perBroker} gives for it. */
    static ThreeBrokers start(Map<String, String> extra, PerBroker perBroker) throws Exception {
        return start(1, extra, null, Map.of(), zk -> { }, perBroker);
    }

    private static ThreeBrokers start(int dirsPerBroker, Map<String, String> extra, String clientListener,
                                      Map<String, Object> clientConfig,
                                      java.util.function.Consumer<GregorCluster> beforeStart) throws Exception {
        return start(dirsPerBroker, extra, clientListener, clientConfig, beforeStart, PerBroker.NONE);
    }

    private static ThreeBrokers start(int dirsPerBroker, Map<String, String> extra, String clientListener,
                                      Map<String, Object> clientConfig,
                                      java.util.function.Consumer<GregorCluster> beforeStart,
                                      PerBroker perBroker) throws Exception {
        Map<String, String> overrides = new HashMap<>();
        overrides.put("replica.lag.time.max.ms", Long.toString(REPLICA_LAG_MS));
        overrides.put("zookeeper.session.timeout.ms", "6000");
        overrides.put("controlled.shutdown.retry.backoff.ms", "200");
        overrides.put("leader.imbalance.check.interval.seconds", "3600");
        overrides.put("auto.leader.rebalance.enable", "false");
        overrides.put("offsets.topic.replication.factor", "3");
        overrides.put("replica.fetch.wait.max.ms", "200");
        overrides.putAll(extra);
        ThreeBrokers three = new ThreeBrokers(GregorCluster.start(), Map.copyOf(overrides), clientListener, clientConfig);
        three.perBroker = perBroker;
        try {
            beforeStart.accept(three.cluster);
            for (int id = 0; id < BROKERS; id++) {
                three.logDirs[id] = three.cluster.newDir("logs-" + id + "-");
                List<Path> more = new java.util.ArrayList<>();
                for (int d = 1; d < dirsPerBroker; d++) {
                    more.add(three.cluster.newDir("logs-" + id + "-dir" + d + "-"));
                }
                three.moreLogDirs.add(more);
                three.start(id);
            }
            three.awaitController();
            three.awaitMetadataOfAllBrokers();
        } catch (Exception | Error e) {
            three.close();
            throw e;
        }
        return three;
    }

    GregorCluster cluster() {
        return cluster;
    }

    BrokerProcess broker(int id) {
        return brokers[id];
    }

    Path logDir(int id) {
        return logDirs[id];
    }

    /** Every directory of broker {@code id}'s {@code log.dirs}, the first being {@link #logDir}. */
    List<Path> logDirs(int id) {
        List<Path> all = new java.util.ArrayList<>(List.of(logDirs[id]));
        all.addAll(moreLogDirs.get(id));
        return all;
    }

    /** (Re)starts broker {@code id} on its log dir(s). */
    BrokerProcess start(int id) throws Exception {
        Map<String, String> brokerOverrides = new HashMap<>(overrides);
        if (!moreLogDirs.get(id).isEmpty()) {
            brokerOverrides.put("log.dirs", logDirs(id).stream().map(Path::toString).collect(Collectors.joining(",")));
        }
        brokerOverrides.putAll(perBroker.overrides(id));
        brokers[id] = cluster.startBrokerProcess(id, logDirs[id], brokerOverrides, perBroker.systemProperties(id));
        started.add(brokers[id]);
        return brokers[id];
    }

    /** Bootstrap list of the brokers that are alive now (on the clients' listener). */
    String bootstrap() {
        return IntStream.range(0, BROKERS).filter(id -> brokers[id] != null && brokers[id].isAlive())
                .mapToObj(this::clientAddress).collect(Collectors.joining(","));
    }

    private String clientAddress(int id) {
        return clientListener == null ? brokers[id].bootstrapServers() : brokers[id].bootstrapServers(clientListener);
    }

    /** The Kafka client keys the test's clients need on the clients' listener (empty for PLAINTEXT). */
    Map<String, Object> clientConfig() {
        return clientConfig;
    }

    void createTopic(String topic, int partitions, Map<String, String> configs) throws Exception {
        try (Admin admin = ApacheClients.admin(bootstrap(), clientConfig)) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) BROKERS).configs(configs)))
                    .all().get(30, TimeUnit.SECONDS);
        }
        awaitLeaders(topic, partitions);
    }

    /** Waits until every partition of {@code topic} has a leader with all replicas in sync. */
    void awaitLeaders(String topic, int partitions) {
        Awaitility.await("leaders with full ISR for " + topic).atMost(WAIT).pollInterval(Duration.ofMillis(100))
                .until(() -> IntStream.range(0, partitions).allMatch(p -> state(topic, p)
                        .filter(s -> s.leader() >= 0 && s.isr().size() == BROKERS).isPresent()));
    }

    /**
     * Waits until every broker's metadata names all brokers live (as Kafka's test harness waits for
     * broker metadata to propagate): new topics are assigned over the brokers the receiving broker knows.
     */
    /** Kills -9 broker {@code victim}, the leader of {@code topic}-{@code partition}, and waits for another leader. */
    void killAndAwaitNewLeader(int victim, String topic, int partition) throws InterruptedException {
        broker(victim).kill();
        Awaitility.await("a new leader for " + topic + "-" + partition).atMost(WAIT)
                .pollInterval(Duration.ofMillis(100)).until(() -> state(topic, partition)
                        .filter(s -> s.leader() != victim && s.leader() >= 0).isPresent());
    }

    void awaitMetadataOfAllBrokers() {
        Set<Integer> all = IntStream.range(0, BROKERS).boxed().collect(Collectors.toSet());
        Awaitility.await("every broker's metadata naming brokers " + all).atMost(WAIT).pollInterval(Duration.ofMillis(100))
                .until(() -> IntStream.range(0, BROKERS).allMatch(id -> metadataBrokers(id).equals(all)));
    }

    /** The ids of the live brokers in broker {@code id}'s answer to a Metadata request. */
    Set<Integer> metadataBrokers(int id) {
        String address = clientAddress(id);
        try (KafkaConnection conn = KafkaConnection.connect(new java.net.InetSocketAddress("127.0.0.1",
                Integer.parseInt(address.substring(address.lastIndexOf(':') + 1))), "three-brokers-metadata", 5_000,
                clientSecurity)) {
            Struct response = conn.send(ApiKey.METADATA, (short) 9, ApiMessages.request(ApiKey.METADATA).newStruct());
            return response.getStructs(MetadataResponse.BROKERS).stream().map(b -> b.getInt(Brokers.NODE_ID)).collect(Collectors.toSet());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the metadata of broker " + id, e);
        }
    }

    /** The replica lists of {@code topic} by partition as ZooKeeper holds them, empty if no such topic. */
    Map<Integer, List<Integer>> assignment(String topic) {
        return withZk(zk -> zk.topics().getTopicAssignment(topic).map(TopicAssignment::replicasByPartition)
                .orElse(Map.of()));
    }

    /** The controller id once one is registered. */
    int awaitController() {
        return Awaitility.await("a controller").atMost(WAIT).pollInterval(Duration.ofMillis(100))
                .until(() -> withZk(GregorZkClient::getControllerId), Optional::isPresent).orElseThrow();
    }

    Optional<Integer> controllerId() {
        return withZk(GregorZkClient::getControllerId);
    }

    int controllerEpoch() {
        return withZk(GregorZkClient::getControllerEpoch).map(ControllerEpoch::epoch).orElse(0);
    }

    Optional<PartitionState> state(String topic, int partition) {
        return withZk(zk -> zk.topics().getPartitionState(new TopicPartition(topic, partition))
                .map(VersionedPartitionState::state));
    }

    /** The raw bytes of the partition's state znode. */
    byte[] stateZnode(String topic, int partition) {
        return withZk(zk -> {
            try {
                return zk.curator().getData().forPath(zk.paths().partitionState(new TopicPartition(topic, partition)));
            } catch (Exception e) {
                throw new IllegalStateException("cannot read the state of " + topic + "-" + partition, e);
            }
        });
    }

    <T> T withZk(java.util.function.Function<GregorZkClient, T> action) {
        try (GregorZkClient zk = GregorZkClient.connect(cluster.zookeeperConnect(), 6000, 15_000)) {
            return action.apply(zk);
        }
    }

    /** Every {@code .log} segment of the replica of {@code topic-partition} on broker {@code id}, name to bytes. */
    Map<String, byte[]> segments(int id, String topic, int partition) {
        Path dir = logDirs(id).stream().map(d -> d.resolve(topic + "-" + partition)).filter(Files::isDirectory)
                .findFirst().orElse(logDirs[id].resolve(topic + "-" + partition));
        Map<String, byte[]> segments = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return segments;
        }
        try (var files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".log")).toList()) {
                segments.put(file.getFileName().toString(), Files.readAllBytes(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the segments in " + dir, e);
        }
        return segments;
    }

    /** Total bytes of a replica's segments concatenated, in file-name (= base offset) order. */
    byte[] logBytes(int id, String topic, int partition) {
        var out = new java.io.ByteArrayOutputStream();
        segments(id, topic, partition).values().forEach(out::writeBytes);
        return out.toByteArray();
    }

    /** Waits until the three replicas of the partition hold byte-identical, non-empty logs. */
    void awaitIdenticalReplicas(String topic, int partition) {
        Awaitility.await("identical replicas of " + topic + "-" + partition).atMost(WAIT)
                .pollInterval(Duration.ofMillis(200)).until(() -> {
                    byte[] first = logBytes(0, topic, partition);
                    return first.length > 0 && IntStream.range(1, BROKERS)
                            .allMatch(id -> java.util.Arrays.equals(first, logBytes(id, topic, partition)));
                });
    }

    /**
     * For a failure message: the partition states of {@code topic} and the controller as ZooKeeper
     * holds them; and the output of every broker process started so far (every incarnation) is copied
     * to {@code target/broker-outputs/<label>/} (the temp dirs are deleted on close), whose path is named.
     */
    String diagnose(String label, String topic, int partitions) {
        StringBuilder out = new StringBuilder("controller ").append(controllerId().map(String::valueOf).orElse("none"));
        for (int p = 0; p < partitions; p++) {
            out.append("; ").append(topic).append('-').append(p).append(": ").append(state(topic, p).map(Object::toString).orElse("no state"));
        }
        Path target = Path.of("target", "broker-outputs", label.replaceAll("[^A-Za-z0-9_.-]", "_")).toAbsolutePath();
        try {
            Files.createDirectories(target);
            int n = 0;
            for (BrokerProcess broker : started) {
                Files.copy(broker.outputFile(), target.resolve("broker-" + broker.brokerId() + "-start-" + (n++) + ".out"),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            out.append("; broker outputs in ").append(target);
        } catch (IOException e) {
            out.append("; could not copy broker outputs: ").append(e);
        }
        return out.toString();
    }

    /** Runs a tool's {@code run(args, out, err)} in this JVM; returns its exit code and standard output. */
    static ToolRun tool(ToolMain main, String... args) {
        var out = new java.io.ByteArrayOutputStream();
        var err = new java.io.ByteArrayOutputStream();
        int code = main.run(args, new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8),
                new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        return new ToolRun(code, out.toString(java.nio.charset.StandardCharsets.UTF_8),
                err.toString(java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * Leaves partition 0 of {@code topic} (replicas {@code leader} and {@code lagging}, both in sync)
     * without a leader, its ISR {@code leader} alone, while {@code lagging} runs out of sync: lagging
     * is paused until it drops out of the ISR and killed there (resumed, it could catch up and rejoin
     * before the leader dies), the leader is killed, then lagging is started again. Returns the
     * partition's state, leaderless; the caller restarts {@code leader} when done.
     */
    PartitionState leaveOnlyAnOutOfSyncReplica(String topic, int leader, int lagging) throws Exception {
        brokers[lagging].pause();
        Awaitility.await("broker " + lagging + " out of the ISR of " + topic).atMost(WAIT).pollInterval(Duration.ofMillis(100))
                .until(() -> state(topic, 0).filter(s -> s.isr().equals(List.of(leader))).isPresent());
        brokers[lagging].kill();
        brokers[leader].kill();
        Awaitility.await("no leader for " + topic).atMost(WAIT).pollInterval(Duration.ofMillis(100))
                .until(() -> state(topic, 0).filter(s -> s.leader() == PartitionState.NO_LEADER).isPresent());
        start(lagging);
        Awaitility.await("broker " + lagging + " registered again").atMost(WAIT).pollInterval(Duration.ofMillis(100))
                .until(() -> cluster.registeredBroker(lagging).isPresent());
        return state(topic, 0).orElseThrow();
    }

    /** Runs a tool as {@link #tool} does, with {@code --bootstrap-server} and the live brokers before {@code args}. */
    ToolRun toolWithBootstrap(ToolMain main, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--bootstrap-server";
        all[1] = bootstrap();
        System.arraycopy(args, 0, all, 2, args.length);
        return tool(main, all);
    }

    /**
     * Writes {@code records} copies of one random {@code valueBytes}-byte value (from {@code seed})
     * to partition 0 of {@code topic} with an acks=all producer, and waits until all are acknowledged.
     */
    void writeRandomValues(String topic, int records, int valueBytes, long seed) {
        byte[] value = new byte[valueBytes];
        new java.util.Random(seed).nextBytes(value);
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<byte[], byte[]>(Map.of(
                "bootstrap.servers", bootstrap(), "acks", "all",
                "key.serializer", org.apache.kafka.common.serialization.ByteArraySerializer.class,
                "value.serializer", org.apache.kafka.common.serialization.ByteArraySerializer.class))) {
            for (int i = 0; i < records; i++) {
                producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, 0, null, value));
            }
            producer.flush();
        }
    }

    interface ToolMain {
        int run(String[] args, java.io.PrintStream out, java.io.PrintStream err);
    }

    public record ToolRun(int code, String out, String err) {
    }

    @Override
    public void close() throws Exception {
        for (BrokerProcess broker : brokers) {
            if (broker != null && broker.isAlive()) {
                try {
                    broker.resume();
                } catch (Throwable ignored) {
                    // it may have died meanwhile; close kills it anyway
                }
            }
        }
        cluster.close();
    }
}
