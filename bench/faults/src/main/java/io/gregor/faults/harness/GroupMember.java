package io.gregor.faults.harness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A consumer group member (the Apache Java consumer, classic protocol, auto commit; read_committed
 * under the transactional workload, so that its progress shows the last stable offset moving) that
 * follows the topic while faults run, so that killing the group's coordinator is a fault with a visible
 * cost: the time the member goes without consuming. It records when each poll brought records and
 * how often its partitions were assigned. Under the transactional workload it also checks each
 * record it reads: one of a transaction aborted on purpose must never reach a read_committed consumer.
 *
 * <p>Thread safety: the consumer is confined to its own thread; what it records is read by others
 * through atomics and the {@code progress} list, guarded by itself.
 */
final class GroupMember implements AutoCloseable {
    private final KafkaConsumer<String, String> consumer;
    private final String topic;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong consumed = new AtomicLong();
    private final AtomicLong lastProgressNanos = new AtomicLong();
    private final AtomicInteger assignments = new AtomicInteger();
    private final List<Long> progress = new ArrayList<>();   // guarded by itself: times of polls that brought records
    private final AtomicLong pollErrors = new AtomicLong();
    private final Thread thread;

    /** What a read_committed member must never see: records of transactions aborted on purpose (absent: no check). */
    private final java.util.Optional<java.util.function.BiPredicate<Integer, Long>> forbidden;
    private final AtomicLong forbiddenSeen = new AtomicLong();
    private final List<String> forbiddenExamples = new ArrayList<>();   // guarded by itself; at most 20

    GroupMember(String bootstrap, String topic, String group,
                java.util.Optional<java.util.function.BiPredicate<Integer, Long>> forbidden) {
        boolean readCommitted = forbidden.isPresent();
        this.forbidden = forbidden;
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "faults-group-member");
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, readCommitted ? "read_committed" : "read_uncommitted");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "true");
        props.put(ConsumerConfig.AUTO_COMMIT_INTERVAL_MS_CONFIG, "1000");
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "10000");
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "1000");
        props.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        this.consumer = new KafkaConsumer<>(props);
        this.topic = topic;
        this.thread = new Thread(this::run, "faults-group-member");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void run() {
        try {
            consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    assignments.incrementAndGet();
                }
            });
            while (running.get()) {
                try {
                    ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
                    if (!records.isEmpty()) {
                        long now = RunClock.now();
                        consumed.addAndGet(records.count());
                        forbidden.ifPresent(check -> records.forEach(r -> checkVisible(check, r)));
                        lastProgressNanos.set(now);
                        synchronized (progress) {
                            progress.add(now);
                        }
                    }
                } catch (WakeupException e) {
                    return;
                } catch (RuntimeException e) {
                    pollErrors.incrementAndGet(); // e.g. a commit failed during a coordinator move: keep polling
                }
            }
        } finally {
            consumer.close(Duration.ofSeconds(10));
        }
    }

    private void checkVisible(java.util.function.BiPredicate<Integer, Long> check,
                              org.apache.kafka.clients.consumer.ConsumerRecord<String, String> record) {
        long seq = Verifier.parseSeq(record);
        if (seq >= 0 && check.test(record.partition(), seq)) {
            forbiddenSeen.incrementAndGet();
            synchronized (forbiddenExamples) {
                if (forbiddenExamples.size() < 20) {
                    forbiddenExamples.add(topic + "-" + record.partition() + " seq " + seq + " at offset " + record.offset()
                            + " (" + RunClock.wall(RunClock.now()) + ")");
                }
            }
        }
    }

    /** Records of deliberately aborted transactions this read_committed member was given (must stay 0). */
    long forbiddenSeen() {
        return forbiddenSeen.get();
    }

    List<String> forbiddenExamples() {
        synchronized (forbiddenExamples) {
            return List.copyOf(forbiddenExamples);
        }
    }

    long consumed() {
        return consumed.get();
    }

    long lastProgressNanos() {
        return lastProgressNanos.get();
    }

    int assignments() {
        return assignments.get();
    }

    long pollErrors() {
        return pollErrors.get();
    }

    /** The times of the polls that brought records, in order. */
    List<Long> progress() {
        synchronized (progress) {
            return List.copyOf(progress);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        consumer.wakeup();
        thread.join(Duration.ofSeconds(30).toMillis());
    }
}
