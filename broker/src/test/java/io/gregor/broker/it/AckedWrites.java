package io.gregor.broker.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The checker of the failover tests: a background idempotent acks=all producer that writes
 * "{partition}-{seq}" values round-robin to the partitions of a topic and remembers which the
 * brokers acknowledged (and any error the client saw); {@link #verify} then checks what a
 * consumer reads: every acknowledged value exactly once, per partition in send order.
 */
final class AckedWrites implements AutoCloseable {
    private final String topic;
    private final int partitions;
    private final Map<String, Object> clientConfig;
    private final KafkaProducer<String, String> producer;
    private final Map<Integer, List<Integer>> acknowledged = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Exception> errors = new ConcurrentLinkedQueue<>();
    private final AtomicInteger ackCount = new AtomicInteger();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread sender;

    AckedWrites(String bootstrap, String topic, int partitions) {
        this(bootstrap, topic, partitions, Map.of());
    }

    /** As above, the producer and the checking consumer with {@code clientConfig} (e.g. security settings). */
    AckedWrites(String bootstrap, String topic, int partitions, Map<String, Object> clientConfig) {
        this.topic = topic;
        this.partitions = partitions;
        this.clientConfig = Map.copyOf(clientConfig);
        Map<String, Object> config = new java.util.HashMap<>(clientConfig);
        config.putAll(Map.of(ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000, ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 100,
                ProducerConfig.METADATA_MAX_AGE_CONFIG, 2000, ProducerConfig.LINGER_MS_CONFIG, 5));
        this.producer = ApacheClients.producer(bootstrap, config);
        for (int p = 0; p < partitions; p++) {
            acknowledged.put(p, java.util.Collections.synchronizedList(new ArrayList<>()));
        }
        this.sender = new Thread(this::send, "acked-writes-" + topic);
        sender.setDaemon(true);
        sender.start();
    }

    private void send() {
        int seq = 0;
        while (running.get()) {
            int partition = seq % partitions;
            int value = seq / partitions;
            producer.send(new ProducerRecord<>(topic, partition, null, partition + "-" + value), (metadata, error) -> {
                if (error == null) {
                    acknowledged.get(partition).add(value);
                    ackCount.incrementAndGet();
                } else {
                    errors.add(error);
                }
            });
            seq++;
            if (seq % 20 == 0) {
                try {
                    Thread.sleep(5); // pace the writes: a few thousand per second at most
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    int acknowledgedCount() {
        return ackCount.get();
    }

    List<Exception> errors() {
        return List.copyOf(errors);
    }

    /** Waits (at most {@link ThreeBrokers#WAIT}) for {@code atLeast} acknowledged writes; fails on any producer error. */
    void awaitAcknowledged(int atLeast) {
        Awaitility.await(atLeast + " acknowledged writes").atMost(ThreeBrokers.WAIT).pollInterval(Duration.ofMillis(50))
                .until(() -> acknowledgedCount() >= atLeast || !errors.isEmpty());
        assertTrue(errors.isEmpty(), "producer errors: " + errors);
    }

    /** Stops sending, waits for every outstanding send to complete, closes the producer. */
    @Override
    public void close() throws InterruptedException {
        running.set(false);
        sender.join(30_000);
        producer.flush();
        producer.close();
    }

    /** Reads the whole topic and checks it against the acknowledged writes; returns how many records were read. */
    int verify(String bootstrap) {
        assertTrue(errors.isEmpty(), "the producer saw errors: " + errors);
        int expected = ackCount.get();
        List<ConsumerRecord<String, String>> read = ApacheClients.readAll(bootstrap, clientConfig, topic, partitions, expected);
        Map<Integer, List<Integer>> readPerPartition = new TreeMap<>();
        for (ConsumerRecord<String, String> record : read) {
            String[] parts = record.value().split("-");
            assertEquals(record.partition(), Integer.parseInt(parts[0]), "record in the wrong partition: " + record);
            readPerPartition.computeIfAbsent(record.partition(), p -> new ArrayList<>()).add(Integer.parseInt(parts[1]));
        }
        for (int p = 0; p < partitions; p++) {
            List<Integer> acked = new ArrayList<>(acknowledged.get(p));
            acked.sort(null);
            List<Integer> got = readPerPartition.getOrDefault(p, List.of());
            assertEquals(acked, got, "partition " + p + ": the consumer must read every acknowledged record once, in"
                    + " order (acknowledged " + acked.size() + ", read " + got.size() + ")");
        }
        return read.size();
    }
}
