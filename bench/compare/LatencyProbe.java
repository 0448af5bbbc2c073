import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * End-to-end latency at a fixed rate, for bench/compare.sh: one producer thread sends SIZE-byte records
 * at RATE records/s to every partition of TOPIC (acks=all, otherwise the client's defaults), and one
 * consumer in the same JVM reads them; a record's latency is the consumer's receive time (when the
 * poll that returned it came back) minus its send time (just before {@code send}), both
 * {@code System.nanoTime()}.
 * <p>
 * Usage: {@code LatencyProbe BOOTSTRAP TOPIC RATE WARMUP_SECONDS COUNT SIZE}. The first
 * RATE * WARMUP_SECONDS records are a warm-up and are not measured; then COUNT records are. Sends
 * follow an absolute nanoTime schedule (record i is due at start + i / RATE), so a late wake-up does
 * not shift later sends; how far behind schedule the producer got is printed.
 * <p>
 * The consumer is assigned every partition at its end offset before the first send. It waits for all
 * COUNT measured records until the last send is due plus 30 s; fewer than COUNT is a failure (exit 1,
 * reason on stderr). Prints {@code key value} lines: {@code received}, {@code rate_achieved} (rec/s),
 * {@code behind_max_ms}, and {@code p50_ms p99_ms p999_ms max_ms} (nearest rank, 3 decimals).
 */
public final class LatencyProbe {
    /** A record's value starts with its sequence number and its send time. */
    private static final int HEADER = 16;
    /** How many records the sender has handed to the producer, and the send time of the last one. */
    private static final AtomicLong sentUntil = new AtomicLong();
    private static final AtomicLong sentAt = new AtomicLong();
    /** How many sends the cluster has acknowledged. */
    private static final AtomicLong acked = new AtomicLong();
    /** Set when the consumer gives up, so the sender stops. */
    private static volatile boolean stop;

    private LatencyProbe() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 6) {
            System.err.println("usage: LatencyProbe BOOTSTRAP TOPIC RATE WARMUP_SECONDS COUNT SIZE");
            System.exit(2);
        }
        String bootstrap = args[0];
        String topic = args[1];
        int rate = Integer.parseInt(args[2]);
        int warmup = Math.multiplyExact(rate, Integer.parseInt(args[3]));
        int count = Integer.parseInt(args[4]);
        int size = Integer.parseInt(args[5]);
        if (rate <= 0 || count <= 0 || size < HEADER) {
            System.err.println("LatencyProbe: RATE and COUNT must be positive and SIZE at least " + HEADER);
            System.exit(2);
        }
        System.exit(run(bootstrap, topic, rate, warmup, count, size));
    }

    private static int run(String bootstrap, String topic, int rate, int warmup, int count, int size) throws Exception {
        long total = (long) warmup + count;
        long periodNanos = TimeUnit.SECONDS.toNanos(1) / rate;
        long[] latency = new long[count];
        boolean[] seen = new boolean[count];
        KafkaProducer<byte[], byte[]> producer = producer(bootstrap);
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(60)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(tp -> consumer.position(tp, Duration.ofSeconds(60)));
            // the producer fetches the topic's metadata before its first timed send
            List<PartitionInfo> known = producer.partitionsFor(topic);
            if (known.isEmpty()) {
                System.err.println("LatencyProbe: the producer sees no partition of " + topic);
                return 1;
            }

            AtomicReference<Throwable> sendError = new AtomicReference<>();
            AtomicLong behindMax = new AtomicLong();
            long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
            Thread sender = new Thread(() -> send(producer, topic, size, total, start, periodNanos, behindMax, sendError),
                    "latency-probe-producer");
            sender.setDaemon(true);
            sender.start();

            long deadline = start + total * periodNanos + TimeUnit.SECONDS.toNanos(30);
            int received = 0;
            long warmupReceived = 0;
            while (received < count && System.nanoTime() < deadline && sendError.get() == null) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
                long now = System.nanoTime();
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    ByteBuffer v = ByteBuffer.wrap(r.value());
                    long seq = v.getLong(0) - warmup;
                    if (seq < 0) {
                        warmupReceived++;
                    } else if (seq < count && seq < count && !seen[(int) seq]) {
                        seen[(int) seq] = true;
                        latency[(int) seq] = now - v.getLong(8);
                        received++;
                    }
                }
            }
            stop = true;
            sender.join(TimeUnit.SECONDS.toMillis(10));
            long lastSent = sentUntil.get();
            if (sendError.get() != null) {
                System.err.println("LatencyProbe: a send failed: " + sendError.get());
                return 1;
            }
            System.out.println("received " + received);
            if (received < count) {
                System.err.println("LatencyProbe: " + received + " of " + count + " measured records arrived within 30 s"
                        + " of the last send's due time (" + lastSent + " of " + total + " records sent, " + acked.get()
                        + " acknowledged; " + warmupReceived + " of " + warmup + " warm-up records received)");
                return 1;
            }
            double seconds = (sentAt.get() - start) / 1e9;
            System.out.printf(Locale.ROOT, "rate_achieved %.1f%n", seconds > 0 ? (total - 1) / seconds : 0.0);
            System.out.printf(Locale.ROOT, "behind_max_ms %.3f%n", behindMax.get() / 1e6);
            Arrays.sort(latency);
            System.out.printf(Locale.ROOT, "p50_ms %.3f%n", rank(latency, 0.50));
            System.out.printf(Locale.ROOT, "p99_ms %.3f%n", rank(latency, 0.99));
            System.out.printf(Locale.ROOT, "p999_ms %.3f%n", rank(latency, 0.999));
            System.out.printf(Locale.ROOT, "max_ms %.3f%n", latency[count - 1] / 1e6);
            return 0;
        } finally {
            stop = true;
            producer.close(Duration.ofSeconds(10));
        }
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, String topic, int size, long total, long start,
                             long periodNanos, AtomicLong behindMax, AtomicReference<Throwable> error) {
        try {
            for (long i = 0; i < total && !stop && error.get() == null; i++) {
                long due = start + i * periodNanos;
                long now;
                while ((now = System.nanoTime()) < due) {
                    LockSupport.parkNanos(due - now);
                }
                if (now - due > behindMax.get()) {
                    behindMax.set(now - due);
                }
                byte[] value = new byte[size];
                ByteBuffer b = ByteBuffer.wrap(value);
                b.putLong(0, i);
                long sendTime = System.nanoTime();
                b.putLong(8, sendTime);
                producer.send(new ProducerRecord<>(topic, value), (md, e) -> {
                    if (e != null) {
                        error.compareAndSet(null, e);
                    } else {
                        acked.incrementAndGet();
                    }
                });
                sentUntil.set(i + 1);
                sentAt.set(sendTime);
            }
        } catch (RuntimeException e) {
            error.compareAndSet(null, e);
        }
    }

    private static double rank(long[] sorted, double q) {
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, i)] / 1e6;
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "latency-probe-consumer");
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "latency-probe-producer");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }
}
