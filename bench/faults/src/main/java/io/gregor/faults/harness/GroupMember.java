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
 * how often its partitions were assigned.
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

    GroupMember(String bootstrap, String topic, String group, boolean readCommitted) {
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
