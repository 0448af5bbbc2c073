package io.gregor.broker.it;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A subscribed Apache Java consumer in a group that reports what it does: partitions assigned and
 * revoked, every record (partition, offset) it consumed, and the offsets it committed (commitSync
 * after each non-empty poll and before partitions are revoked, so all it reported consuming is
 * committed unless it dies in between). It runs either in this JVM ({@link #startInProcess}) or in a child JVM ({@link #startChild},
 * {@link #main}) that prints the same events on stdout for the parent to parse, so it can be killed
 * with kill -9. Consumers start at the latest offset when the group has no commit, so a lost commit
 * shows up as skipped records.
 */
final class GroupMember implements AutoCloseable {
    static final int SESSION_TIMEOUT_MS = 6000;
    private static final String PREFIX = "MEMBER ";

    /** What one member reported; thread-safe. */
    static final class Events {
        private final Set<Integer> assignment = new TreeSet<>();
        private final List<Set<Integer>> revocations = new ArrayList<>();
        private final List<long[]> consumed = new ArrayList<>();
        private final Map<Integer, Long> committed = new HashMap<>();

        synchronized void assigned(Collection<Integer> partitions) {
            assignment.addAll(partitions);
        }

        synchronized void revoked(Collection<Integer> partitions) {
            assignment.removeAll(partitions);
            revocations.add(Set.copyOf(partitions));
        }

        synchronized void consumed(int partition, long offset) {
            consumed.add(new long[] {partition, offset});
        }

        synchronized void committed(int partition, long offset) {
            committed.merge(partition, offset, Math::max);
        }

        synchronized Set<Integer> assignment() {
            return Set.copyOf(assignment);
        }

        /** Every non-empty set of partitions revoked so far, in order. */
        synchronized List<Set<Integer>> revocations() {
            return List.copyOf(revocations);
        }

        /** (partition, offset) of every record consumed, duplicates included, in order. */
        synchronized List<long[]> consumed() {
            return List.copyOf(consumed);
        }

        /** The highest offset committed per partition. */
        synchronized Map<Integer, Long> committed() {
            return Map.copyOf(committed);
        }

        /** Applies one line printed by a child member; other lines (client logging) are ignored. */
        void apply(String line) {
            if (!line.startsWith(PREFIX)) {
                return;
            }
            String[] f = line.substring(PREFIX.length()).split(" ");
            switch (f[0]) {
                case "assigned" -> assigned(partitions(f));
                case "revoked" -> revoked(partitions(f));
                case "record" -> consumed(Integer.parseInt(f[1]), Long.parseLong(f[2]));
                case "committed" -> committed(Integer.parseInt(f[1]), Long.parseLong(f[2]));
                default -> throw new IllegalArgumentException("unknown member event: " + line);
            }
        }

        private static List<Integer> partitions(String[] fields) {
            List<Integer> partitions = new ArrayList<>();
            for (int i = 1; i < fields.length; i++) {
                partitions.add(Integer.parseInt(fields[i]));
            }
            return partitions;
        }
    }

    /** Where a running member reports to. */
    interface Sink {
        void assigned(Collection<Integer> partitions);

        void revoked(Collection<Integer> partitions);

        void consumed(int partition, long offset);

        void committed(int partition, long offset);
    }

    private final Events events = new Events();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;
    private final Process child;

    private GroupMember(Thread thread, Process child) {
        this.thread = thread;
        this.child = child;
    }

    Events events() {
        return events;
    }

    /** A member polling in a thread of this JVM. */
    static GroupMember startInProcess(String bootstrap, String group, String topic, String assignor) {
        GroupMember[] self = new GroupMember[1];
        Thread thread = new Thread(() -> {
            GroupMember member = self[0];
            Events e = member.events;
            run(bootstrap, group, topic, assignor, member.running, new Sink() {
                public void assigned(Collection<Integer> p) { e.assigned(p); }
                public void revoked(Collection<Integer> p) { e.revoked(p); }
                public void consumed(int p, long o) { e.consumed(p, o); }
                public void committed(int p, long o) { e.committed(p, o); }
            });
        }, "group-member-" + group);
        self[0] = new GroupMember(thread, null);
        thread.setDaemon(true);
        thread.start();
        return self[0];
    }

    /** A member in a child JVM with this test's classpath; its stdout is parsed into {@link #events()}. */
    static GroupMember startChild(String bootstrap, String group, String topic, String assignor) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), GroupMember.class.getName(), bootstrap, group, topic, assignor)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        GroupMember[] self = new GroupMember[1];
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    self[0].events.apply(line);
                }
            } catch (java.io.IOException e) {
                // the child was killed: its output ends here
            }
        }, "group-member-output-" + group);
        self[0] = new GroupMember(reader, process);
        reader.setDaemon(true);
        reader.start();
        return self[0];
    }

    /** kill -9 of the child JVM: no LeaveGroup, no last commit. */
    void kill() throws InterruptedException {
        child.destroyForcibly();
        if (!child.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("child consumer " + child.pid() + " did not die after kill -9");
        }
        thread.join(10_000);
    }

    @Override
    public void close() throws InterruptedException {
        if (child != null) {
            if (child.isAlive()) {
                kill();
            }
            return;
        }
        running.set(false);
        thread.join(30_000);
    }

    /** The child JVM: {@code GroupMember <bootstrap> <group> <topic> <assignor class>}; runs until killed. */
    public static void main(String[] args) {
        run(args[0], args[1], args[2], args[3], new AtomicBoolean(true), new Sink() {
            public void assigned(Collection<Integer> p) { print("assigned", p); }
            public void revoked(Collection<Integer> p) { print("revoked", p); }
            public void consumed(int p, long o) { print("record", List.of(p, o)); }
            public void committed(int p, long o) { print("committed", List.of(p, o)); }
        });
    }

    private static synchronized void print(String event, Collection<?> fields) {
        StringBuilder line = new StringBuilder(PREFIX).append(event);
        fields.forEach(f -> line.append(' ').append(f));
        System.out.println(line);
        System.out.flush();
    }

    private static void run(String bootstrap, String group, String topic, String assignor, AtomicBoolean running,
                            Sink sink) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, Integer.toString(SESSION_TIMEOUT_MS));
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "1000");
        props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, assignor);
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    if (partitions.isEmpty()) {
                        return;
                    }
                    // what was consumed from partitions about to move is committed before they go
                    consumer.commitSync();
                    for (TopicPartition tp : partitions) {
                        sink.committed(tp.partition(), consumer.position(tp));
                    }
                    sink.revoked(partitions.stream().map(TopicPartition::partition).toList());
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    sink.assigned(partitions.stream().map(TopicPartition::partition).toList());
                }
            });
            while (running.get()) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(100));
                if (records.isEmpty()) {
                    continue;
                }
                for (ConsumerRecord<String, String> r : records) {
                    sink.consumed(r.partition(), r.offset());
                }
                try {
                    consumer.commitSync();
                } catch (RebalanceInProgressException | CommitFailedException e) {
                    continue; // the rebalance listener commits before any of these partitions is revoked
                }
                for (TopicPartition tp : records.partitions()) {
                    List<ConsumerRecord<String, String>> ofPartition = records.records(tp);
                    sink.committed(tp.partition(), ofPartition.get(ofPartition.size() - 1).offset() + 1);
                }
            }
        }
    }
}
