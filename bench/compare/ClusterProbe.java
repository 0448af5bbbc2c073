import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The cluster-side measurements of bench/compare.sh, made with the Apache Admin client so Kafka and
 * Gregor are observed the same way. Every command prints {@code key value} lines on stdout and exits
 * non-zero (with the reason on stderr) when its deadline passes. Commands:
 * <pre>
 *   await-brokers      BOOTSTRAP COUNT TIMEOUT_MS              until describeCluster shows COUNT brokers
 *   create-topic       BOOTSTRAP TOPIC PARTITIONS RF TIMEOUT_MS [key=value...]
 *                                                              creates it, waits until every partition has a leader
 *   leader-failover    BOOTSTRAP TOPIC PIDS TIMEOUT_MS         SIGKILLs the non-controller broker leading most
 *                                                              partitions of TOPIC; time until all have a live leader
 *   controller-failover BOOTSTRAP NEW_TOPIC PIDS TIMEOUT_MS [TOPIC]
 *                                                              SIGKILLs the controller; time until NEW_TOPIC
 *                                                              (1 partition, RF 1) can be created, and with TOPIC
 *                                                              also until every partition of TOPIC has a live leader
 *   create-topic-in-sync BOOTSTRAP TOPIC PARTITIONS RF TIMEOUT_MS [key=value...]
 *                                                              as create-topic, then also the time (from the same
 *                                                              start) until every partition's ISR holds all replicas
 *   await-in-sync      BOOTSTRAP TOPIC BROKER START_EPOCH_MS TIMEOUT_MS
 *                                                              until BROKER is in the ISR of every partition of TOPIC
 *                                                              it is a replica of (BROKER -1: every partition fully
 *                                                              in sync); time from START_EPOCH_MS (wall clock)
 *   controlled-shutdown BOOTSTRAP TOPIC PIDS TIMEOUT_MS       SIGTERMs the non-controller broker leading most
 *                                                              partitions of TOPIC; time until its process has
 *                                                              exited and every partition it led has a live leader
 * </pre>
 * PIDS is {@code brokerId=pid,...} for the brokers the harness started. Times are wall clock from
 * the moment the signal is sent, polled every 50 ms. Exit status 3 means a deadline passed (the
 * harness records the step at its limit), 1 any other failure. The system property
 * {@code probe.pollTimeoutMs} (default 3000) is the polling Admin client's request timeout and the
 * wait for one poll's answer: a describe of tens of thousands of partitions needs more.
 */
public final class ClusterProbe {
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    /** Exit status when a deadline passed: the harness records the step at its time limit. */
    private static final int LIMIT = 3;
    private static final int POLL_TIMEOUT_MS = Integer.getInteger("probe.pollTimeoutMs", 3000);

    private ClusterProbe() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            usage();
        }
        String[] a = java.util.Arrays.copyOfRange(args, 1, args.length);
        int code = switch (args[0]) {
            case "await-brokers" -> awaitBrokers(a);
            case "create-topic" -> createTopic(a, false);
            case "leader-failover" -> leaderFailover(a);
            case "controller-failover" -> controllerFailover(a);
            case "create-topic-in-sync" -> createTopic(a, true);
            case "await-in-sync" -> awaitInSync(a);
            case "controlled-shutdown" -> controlledShutdown(a);
            default -> usage();
        };
        System.exit(code);
    }

    private static int usage() {
        System.err.println("usage: ClusterProbe await-brokers|create-topic|leader-failover|controller-failover"
                + "|create-topic-in-sync|await-in-sync|controlled-shutdown ARGS (see the class comment)");
        System.exit(2);
        return 2;
    }

    /** For polling: short timeouts, so that a dead broker costs little. */
    private static Admin admin(String bootstrap) {
        return admin(bootstrap, POLL_TIMEOUT_MS);
    }

    private static Admin admin(String bootstrap, int requestTimeoutMs) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(requestTimeoutMs));
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(Math.max(30000, 2 * requestTimeoutMs)));
        p.put(AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, "50");
        p.put(AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, "50");
        p.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "200");
        p.put(AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, "1000");
        p.put(AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, "2000");
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "bench-probe");
        return Admin.create(p);
    }

    private static int awaitBrokers(String[] a) throws Exception {
        int count = Integer.parseInt(a[1]);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Long.parseLong(a[2]));
        try (Admin admin = admin(a[0])) {
            String last = "no answer";
            while (System.nanoTime() < deadline) {
                try {
                    Collection<Node> nodes = admin.describeCluster().nodes().get(3, TimeUnit.SECONDS);
                    if (nodes.size() >= count) {
                        System.out.println("brokers " + nodes.size());
                        return 0;
                    }
                    last = nodes.size() + " brokers";
                } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                    last = e.toString();
                }
                LockSupport.parkNanos(POLL_NANOS);
            }
            System.err.println("await-brokers: " + count + " brokers not seen at " + a[0] + " before the deadline; last: " + last);
            return 1;
        }
    }

    private static int createTopic(String[] a, boolean inSync) throws Exception {
        String topic = a[1];
        int partitions = Integer.parseInt(a[2]);
        short rf = Short.parseShort(a[3]);
        long start = System.nanoTime();
        long deadline = start + TimeUnit.MILLISECONDS.toNanos(Long.parseLong(a[4]));
        Map<String, String> configs = new HashMap<>();
        for (int i = 5; i < a.length; i++) {
            int eq = a[i].indexOf('=');
            configs.put(a[i].substring(0, eq), a[i].substring(eq + 1));
        }
        try (Admin admin = admin(a[0], 120000)) {
            NewTopic nt = new NewTopic(topic, partitions, rf).configs(configs);
            while (true) {
                try {
                    // at most 240 s, and never past the deadline
                    long waitNanos = Math.max(0, Math.min(TimeUnit.SECONDS.toNanos(240), deadline - System.nanoTime()));
                    admin.createTopics(List.of(nt), new CreateTopicsOptions().timeoutMs(110000)).all()
                            .get(waitNanos, TimeUnit.NANOSECONDS);
                    break;
                } catch (java.util.concurrent.TimeoutException e) {
                    break; // no answer in time: whether the topic came to be shows in its leaders by the deadline
                } catch (ExecutionException e) {
                    // a broker-side timeout means the topic exists but not all leaders were known in time: keep waiting
                    if (e.getCause() instanceof TopicExistsException
                            || e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                        break;
                    }
                    // both Kafka and Gregor assign over the brokers their metadata cache knows: right after the
                    // cluster starts, the controller's cache may not name every broker yet
                    if (!(e.getCause() instanceof org.apache.kafka.common.errors.InvalidReplicationFactorException)
                            || System.nanoTime() > deadline) {
                        throw e;
                    }
                    LockSupport.parkNanos(POLL_NANOS);
                }
            }
            String missing = awaitLeaders(admin, topic, partitions, -1, deadline);
            if (missing != null) {
                System.err.println("create-topic " + topic + ": " + missing);
                return LIMIT;
            }
            System.out.println("created_ms " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            if (inSync) {
                System.out.flush();
                missing = awaitInSync(admin, topic, -1, deadline);
                if (missing != null) {
                    System.err.println("create-topic-in-sync " + topic + ": " + missing);
                    return LIMIT;
                }
                System.out.println("in_sync_ms " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            }
            return 0;
        }
    }

    /** Null once every partition of {@code topic} has a leader other than {@code deadBroker}; else why not at the deadline. */
    private static String awaitLeaders(Admin admin, String topic, int partitions, int deadBroker, long deadline) {
        return pollTopic(admin, topic, deadline, d -> {
            long led = d.partitions().stream()
                    .filter(p -> p.leader() != null && !p.leader().isEmpty() && p.leader().id() != deadBroker).count();
            return d.partitions().size() == partitions && led == partitions ? null
                    : led + " of " + partitions + " partitions have a live leader";
        });
    }

    /**
     * Describes {@code topic} every {@link #POLL_NANOS} until {@code waiting} answers null (done) or the
     * deadline passes; null when done, else why not (the last answer of {@code waiting}, or the last error).
     */
    private static String pollTopic(Admin admin, String topic, long deadline,
                                    java.util.function.Function<TopicDescription, String> waiting) {
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            try {
                TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames()
                        .get(POLL_TIMEOUT_MS, TimeUnit.MILLISECONDS).get(topic);
                last = waiting.apply(d);
                if (last == null) {
                    return null;
                }
            } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
        return "deadline passed; last: " + last;
    }

    private static Map<Integer, Long> pids(String spec) {
        Map<Integer, Long> m = new HashMap<>();
        for (String kv : spec.split(",")) {
            int eq = kv.indexOf('=');
            m.put(Integer.parseInt(kv.substring(0, eq)), Long.parseLong(kv.substring(eq + 1)));
        }
        return m;
    }

    private static long kill(int brokerId, Map<Integer, Long> pids) {
        Long pid = pids.get(brokerId);
        if (pid == null) {
            throw new IllegalStateException("no PID given for broker " + brokerId + " in " + pids);
        }
        ProcessHandle h = ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException(
                "broker " + brokerId + " (PID " + pid + ") is not running"));
        // named before the signal: the harness watches for brokers dying that the probe did not stop
        System.out.println("victim " + brokerId);
        System.out.flush();
        long start = System.nanoTime();
        h.destroyForcibly();
        return start;
    }

    /**
     * The topic's description once the answering broker knows it with a leader for every partition:
     * in both Kafka and Gregor a broker other than the one that saw the topic created may not have
     * the controller's UpdateMetadata yet (UNKNOWN_TOPIC_OR_PARTITION, or partitions without leader).
     */
    private static TopicDescription describeWithLeaders(Admin admin, String topic, long deadline) throws Exception {
        while (true) {
            try {
                TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
                if (d.partitions().stream().allMatch(p -> p.leader() != null) || System.nanoTime() > deadline) {
                    return d;
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException)
                        || System.nanoTime() > deadline) {
                    throw e;
                }
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }

    private static int leaderFailover(String[] a) throws Exception {
        String topic = a[1];
        Map<Integer, Long> pids = pids(a[2]);
        long timeoutNanos = TimeUnit.MILLISECONDS.toNanos(Long.parseLong(a[3]));
        try (Admin admin = admin(a[0])) {
            int controller = admin.describeCluster().controller().get(30, TimeUnit.SECONDS).id();
            TopicDescription d = describeWithLeaders(admin, topic, System.nanoTime() + TimeUnit.SECONDS.toNanos(60));
            Map<Integer, Integer> led = new HashMap<>();
            for (TopicPartitionInfo p : d.partitions()) {
                if (p.leader() != null && p.leader().id() != controller) {
                    led.merge(p.leader().id(), 1, Integer::sum);
                }
            }
            Optional<Map.Entry<Integer, Integer>> most = led.entrySet().stream().max(Map.Entry.comparingByValue());
            if (most.isEmpty()) {
                System.err.println("leader-failover: no broker but the controller " + controller + " leads a partition of " + topic);
                return 1;
            }
            int victim = most.get().getKey();
            System.out.println("victim_leads " + most.get().getValue() + " of " + d.partitions().size());
            long start = kill(victim, pids);
            String missing = awaitLeaders(admin, topic, d.partitions().size(), victim, start + timeoutNanos);
            if (missing != null) {
                System.err.println("leader-failover of broker " + victim + " on " + topic + ": " + missing);
                return LIMIT;
            }
            System.out.println("leaders_recovered_ms " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            return 0;
        }
    }

    private static int controllerFailover(String[] a) throws Exception {
        String topic = a[1];
        Map<Integer, Long> pids = pids(a[2]);
        long timeoutNanos = TimeUnit.MILLISECONDS.toNanos(Long.parseLong(a[3]));
        try (Admin admin = admin(a[0], Math.max(5000, POLL_TIMEOUT_MS))) {
            int controller = admin.describeCluster().controller().get(30, TimeUnit.SECONDS).id();
            long start = kill(controller, pids);
            long deadline = start + timeoutNanos;
            List<String> errors = new ArrayList<>();
            while (System.nanoTime() < deadline) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1)), new CreateTopicsOptions().timeoutMs(3000))
                            .all().get(10, TimeUnit.SECONDS);
                    break;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof TopicExistsException) {
                        break; // an earlier attempt went through after its client-side timeout
                    }
                    errors.add(e.getCause().getClass().getSimpleName());
                } catch (java.util.concurrent.TimeoutException e) {
                    errors.add("TimeoutException");
                }
                LockSupport.parkNanos(POLL_NANOS);
            }
            if (System.nanoTime() >= deadline) {
                System.err.println("controller-failover: " + topic + " not created before the deadline; errors: " + Set.copyOf(errors));
                return LIMIT;
            }
            long createdMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            String missing = awaitLeaders(admin, topic, 1, controller, deadline);
            if (missing != null) {
                System.err.println("controller-failover: " + topic + " created but " + missing);
                return LIMIT;
            }
            System.out.println("topic_created_ms " + createdMs);
            System.out.flush();
            if (a.length > 4) {
                // every partition of an existing topic led again (the dead controller led about a third)
                String big = a[4];
                int partitions = describeWithLeaders(admin, big, deadline).partitions().size();
                missing = awaitLeaders(admin, big, partitions, controller, deadline);
                if (missing != null) {
                    System.err.println("controller-failover: " + topic + " created but " + big + ": " + missing);
                    return LIMIT;
                }
                System.out.println("all_led_ms " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            }
            System.out.println("new_controller " + admin.describeCluster().controller().get(30, TimeUnit.SECONDS).id());
            return 0;
        }
    }

    private static int awaitInSync(String[] a) throws Exception {
        String topic = a[1];
        int broker = Integer.parseInt(a[2]);
        long startEpochMs = Long.parseLong(a[3]);
        long timeoutMs = Long.parseLong(a[4]);
        // the start is another process's clock reading (the harness's, at the broker's start): wall clock
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(startEpochMs + timeoutMs - System.currentTimeMillis());
        try (Admin admin = admin(a[0])) {
            String missing = awaitInSync(admin, topic, broker, deadline);
            if (missing != null) {
                System.err.println("await-in-sync " + topic + (broker < 0 ? "" : " of broker " + broker) + ": " + missing);
                return LIMIT;
            }
            System.out.println("in_sync_ms " + (System.currentTimeMillis() - startEpochMs));
            return 0;
        }
    }

    /**
     * Null once {@code broker} is in the ISR of every partition of {@code topic} that it is a replica
     * of (with {@code broker} -1: once every partition's ISR holds all its replicas); else why not at the
     * deadline. What the answering broker's metadata says: in both systems the ISR a leader changes
     * reaches the metadata through ZooKeeper and the controller.
     */
    private static String awaitInSync(Admin admin, String topic, int broker, long deadline) {
        return pollTopic(admin, topic, deadline, d -> {
            long behind = d.partitions().stream().filter(p -> !inSync(p, broker)).count();
            return behind == 0 ? null : behind + " of " + d.partitions().size() + " partitions "
                    + (broker < 0 ? "not fully in sync" : "without broker " + broker + " in the ISR");
        });
    }

    private static boolean inSync(TopicPartitionInfo p, int broker) {
        if (broker < 0) {
            return p.isr().size() == p.replicas().size();
        }
        boolean replica = p.replicas().stream().anyMatch(n -> n.id() == broker);
        return !replica || p.isr().stream().anyMatch(n -> n.id() == broker);
    }

    /** False once the process is gone or a zombie (dead, its parent has not reaped it yet). */
    private static boolean running(long pid) {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/stat"));
            // the state is the first field after the ")" that ends the command name
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static int controlledShutdown(String[] a) throws Exception {
        String topic = a[1];
        Map<Integer, Long> pids = pids(a[2]);
        long timeoutNanos = TimeUnit.MILLISECONDS.toNanos(Long.parseLong(a[3]));
        try (Admin admin = admin(a[0])) {
            int controller = admin.describeCluster().controller().get(30, TimeUnit.SECONDS).id();
            TopicDescription d = describeWithLeaders(admin, topic, System.nanoTime() + TimeUnit.SECONDS.toNanos(60));
            Map<Integer, List<Integer>> led = new HashMap<>();
            for (TopicPartitionInfo p : d.partitions()) {
                if (p.leader() != null && !p.leader().isEmpty() && p.leader().id() != controller && pids.containsKey(p.leader().id())) {
                    led.computeIfAbsent(p.leader().id(), k -> new ArrayList<>()).add(p.partition());
                }
            }
            Optional<Map.Entry<Integer, List<Integer>>> most = led.entrySet().stream()
                    .max(java.util.Comparator.comparingInt(e -> e.getValue().size()));
            if (most.isEmpty()) {
                System.err.println("controlled-shutdown: no broker but the controller " + controller + " leads a partition of " + topic);
                return 1;
            }
            int victim = most.get().getKey();
            Set<Integer> itsPartitions = Set.copyOf(most.get().getValue());
            long pid = pids.get(victim);
            ProcessHandle h = ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException(
                    "broker " + victim + " (PID " + pid + ") is not running"));
            System.out.println("victim_leads " + itsPartitions.size() + " of " + d.partitions().size());
            System.out.println("victim " + victim);
            System.out.flush();
            long start = System.nanoTime();
            h.destroy(); // SIGTERM, as kafka-server-stop.sh sends: the broker's controlled shutdown
            long deadline = start + timeoutNanos;
            long exitedAt = 0;
            String last = "no answer";
            while (System.nanoTime() < deadline) {
                if (exitedAt == 0 && !running(pid)) {
                    exitedAt = System.nanoTime();
                    System.out.println("exited_ms " + TimeUnit.NANOSECONDS.toMillis(exitedAt - start));
                    System.out.flush();
                }
                try {
                    TopicDescription now = admin.describeTopics(List.of(topic)).allTopicNames()
                            .get(POLL_TIMEOUT_MS, TimeUnit.MILLISECONDS).get(topic);
                    long offline = now.partitions().stream().filter(p -> itsPartitions.contains(p.partition()))
                            .filter(p -> p.leader() == null || p.leader().isEmpty() || p.leader().id() == victim).count();
                    if (offline == 0 && exitedAt != 0) {
                        System.out.println("shutdown_ms " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
                        return 0;
                    }
                    last = offline + " of the " + itsPartitions.size() + " partitions it led without a live leader, process "
                            + (exitedAt == 0 ? "running" : "exited");
                } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                    last = e.toString();
                }
                LockSupport.parkNanos(POLL_NANOS);
            }
            System.err.println("controlled-shutdown of broker " + victim + " on " + topic + ": deadline passed; last: " + last);
            return LIMIT;
        }
    }
}
