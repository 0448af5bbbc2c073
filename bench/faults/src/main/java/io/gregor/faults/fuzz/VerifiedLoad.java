package io.gregor.faults.fuzz;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The well-behaved traffic that runs while the fuzzer attacks: an idempotent acks=all Apache
 * producer writing numbered records to a topic of RF 3 with min.insync.replicas=2, and an Apache
 * consumer reading them back. It records every acknowledgement and every record read, the longest
 * time without an acknowledgement and without a record read, and at the end says which
 * acknowledged records were lost, read twice or out of order. Thread-safe.
 */
final class VerifiedLoad implements AutoCloseable {
    /** What the load saw. */
    record Result(long acknowledged, long sendFailures, long lost, long duplicated, long reordered,
                  long longestAckGapMs, long longestReadGapMs, List<String> examples) {
    }

    private final String bootstrap;
    private final String topic;
    private final int partitions;
    private final int recordsPerSecond;
    private final AtomicBoolean producing = new AtomicBoolean(true);
    private final AtomicBoolean consuming = new AtomicBoolean(true);
    /** Acknowledged: partition -> (offset -> sequence). */
    private final Map<Integer, Map<Long, Long>> acked = new ConcurrentHashMap<>();
    /** Read: (partition, offset, sequence) in read order, per partition. */
    private final Map<Integer, ConcurrentLinkedQueue<long[]>> read = new ConcurrentHashMap<>();
    private final LongAdder sendFailures = new LongAdder();
    private final AtomicLong lastAckNanos = new AtomicLong();
    private final AtomicLong longestAckGapNanos = new AtomicLong();
    private final AtomicLong lastReadNanos = new AtomicLong();
    private final AtomicLong longestReadGapNanos = new AtomicLong();
    private final AtomicBoolean measuring = new AtomicBoolean();
    private final List<String> firstSendErrors = new ArrayList<>();
    private Thread producerThread;
    private Thread consumerThread;

    VerifiedLoad(String bootstrap, String topic, int partitions, int recordsPerSecond) {
        this.bootstrap = bootstrap;
        this.topic = topic;
        this.partitions = partitions;
        this.recordsPerSecond = recordsPerSecond;
        for (int p = 0; p < partitions; p++) {
            acked.put(p, new ConcurrentHashMap<>());
            read.put(p, new ConcurrentLinkedQueue<>());
        }
    }

    /** Creates the topic (RF 3, min.insync.replicas=2) and starts producing and consuming. */
    void start() throws Exception {
        Properties admin = new Properties();
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin client = Admin.create(admin)) {
            client.createTopics(List.of(new NewTopic(topic, partitions, (short) 3)
                    .configs(Map.of("min.insync.replicas", "2")))).all().get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
        producerThread = new Thread(this::produce, "verified-producer");
        consumerThread = new Thread(this::consume, "verified-consumer");
        producerThread.start();
        consumerThread.start();
    }

    /** Starts counting gaps (call once both sides are flowing, so start-up is not counted as a stall). */
    void startMeasuring() {
        long now = System.nanoTime();
        lastAckNanos.set(now);
        lastReadNanos.set(now);
        measuring.set(true);
    }

    long acknowledged() {
        return acked.values().stream().mapToLong(Map::size).sum();
    }

    long recordsRead() {
        return read.values().stream().mapToLong(ConcurrentLinkedQueue::size).sum();
    }

    long longestAckGapMs() {
        return TimeUnit.NANOSECONDS.toMillis(Math.max(longestAckGapNanos.get(), openGap(lastAckNanos)));
    }

    long longestReadGapMs() {
        return TimeUnit.NANOSECONDS.toMillis(Math.max(longestReadGapNanos.get(), openGap(lastReadNanos)));
    }

    private long openGap(AtomicLong last) {
        return measuring.get() ? System.nanoTime() - last.get() : 0;
    }

    private void produce() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        long[] next = new long[partitions];
        long intervalNanos = TimeUnit.SECONDS.toNanos(1) / recordsPerSecond;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            long due = System.nanoTime();
            int p = 0;
            while (producing.get()) {
                long seq = next[p]++;
                int partition = p;
                producer.send(new ProducerRecord<>(topic, partition, null,
                        (partition + ":" + seq).getBytes(StandardCharsets.UTF_8)), (metadata, error) -> {
                    if (error != null) {
                        sendFailures.increment();
                        synchronized (firstSendErrors) {
                            if (firstSendErrors.size() < 5) {
                                firstSendErrors.add("send of " + partition + ":" + seq + " failed: " + error);
                            }
                        }
                        return;
                    }
                    acked.get(partition).put(metadata.offset(), seq);
                    noteEvent(lastAckNanos, longestAckGapNanos);
                });
                p = (p + 1) % partitions;
                due += intervalNanos;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
            }
            producer.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void noteEvent(AtomicLong last, AtomicLong longest) {
        long now = System.nanoTime();
        long before = last.getAndSet(now);
        if (measuring.get()) {
            longest.accumulateAndGet(now - before, Math::max);
        }
    }

    private void consume() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> tps = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                tps.add(new TopicPartition(topic, p));
            }
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            while (consuming.get()) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    String value = new String(r.value(), StandardCharsets.UTF_8);
                    long seq = Long.parseLong(value.substring(value.indexOf(':') + 1));
                    read.get(r.partition()).add(new long[]{r.offset(), seq});
                    noteEvent(lastReadNanos, longestReadGapNanos);
                }
            }
        }
    }

    /**
     * Stops producing (waiting for the outstanding acknowledgements), lets the consumer catch up
     * with every acknowledged offset (up to {@code catchUpMs}), stops it and compares.
     */
    Result finish(long catchUpMs) throws InterruptedException {
        long gapAck = longestAckGapMs();
        producing.set(false);
        producerThread.join(150_000);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(catchUpMs);
        while (System.nanoTime() < deadline && !caughtUp()) {
            Thread.sleep(100);
        }
        long gapRead = longestReadGapMs();
        measuring.set(false);
        consuming.set(false);
        consumerThread.join(30_000);
        return compare(gapAck, gapRead);
    }

    private boolean caughtUp() {
        for (int p = 0; p < partitions; p++) {
            long maxAcked = acked.get(p).keySet().stream().mapToLong(Long::longValue).max().orElse(-1);
            long maxRead = read.get(p).stream().mapToLong(r -> r[0]).max().orElse(-1);
            if (maxRead < maxAcked) {
                return false;
            }
        }
        return true;
    }

    private Result compare(long gapAck, long gapRead) {
        long lost = 0;
        long duplicated = 0;
        long reordered = 0;
        List<String> examples = new ArrayList<>();
        synchronized (firstSendErrors) {
            examples.addAll(firstSendErrors);
        }
        for (int p = 0; p < partitions; p++) {
            Map<Long, Long> seqAtOffset = new HashMap<>();
            Map<Long, Integer> timesSeqRead = new HashMap<>();
            long lastSeq = -1;
            for (long[] r : read.get(p)) {
                Long previous = seqAtOffset.put(r[0], r[1]);
                if (previous != null) {
                    continue; // the same offset read again (a consumer retry): not a duplicate record
                }
                if (timesSeqRead.merge(r[1], 1, Integer::sum) > 1) {
                    duplicated++;
                    if (examples.size() < 10) {
                        examples.add("duplicate " + p + ":" + r[1] + " at offset " + r[0]);
                    }
                }
                if (r[1] < lastSeq) {
                    reordered++;
                    if (examples.size() < 10) {
                        examples.add("out of order " + p + ":" + r[1] + " after " + p + ":" + lastSeq);
                    }
                }
                lastSeq = Math.max(lastSeq, r[1]);
            }
            for (Map.Entry<Long, Long> a : acked.get(p).entrySet()) {
                Long got = seqAtOffset.get(a.getKey());
                if (got == null || !got.equals(a.getValue())) {
                    lost++;
                    if (examples.size() < 10) {
                        examples.add("lost " + p + ":" + a.getValue() + " acknowledged at offset " + a.getKey()
                                + (got == null ? " (nothing read there)" : " (read " + p + ":" + got + " there)"));
                    }
                }
            }
        }
        return new Result(acknowledged(), sendFailures.sum(), lost, duplicated, reordered, gapAck, gapRead, examples);
    }

    @Override
    public void close() throws InterruptedException {
        producing.set(false);
        consuming.set(false);
        if (producerThread != null) {
            producerThread.join(150_000);
            consumerThread.join(30_000);
        }
    }
}
