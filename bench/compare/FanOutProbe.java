import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Fan-out read for bench/compare.sh: GROUPS consumer groups of one consumer each read the same topic
 * at the same time, each from the beginning (auto.offset.reset=earliest, the client's defaults
 * otherwise), in one thread per consumer.
 * <p>
 * Usage: {@code FanOutProbe BOOTSTRAP TOPIC GROUPS COUNT TIMEOUT_SECONDS GROUP_PREFIX}. The consumers
 * are built first; the clock starts when all threads are released together (so group joins count)
 * and stops when the last group has read COUNT records. Prints {@code key value} lines: {@code
 * group_ms} per group, {@code elapsed_ms}, {@code records} and {@code bytes} (key plus value bytes over
 * all groups), {@code rec_per_s} (GROUPS * COUNT / elapsed) and {@code mb_per_s} (bytes / elapsed) (MB = 2^20 bytes, as Kafka's tools count). A
 * group that has not read COUNT records by the timeout, or a consumer that fails, is a failure (exit 1,
 * reason on stderr).
 */
public final class FanOutProbe {
    private FanOutProbe() {
    }

    /** What one group's consumer read, and when it had read COUNT records (nanoTime), or why it failed. */
    private static final class Reader implements Runnable {
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final String topic;
        private final long count;
        private final CountDownLatch go;
        private final long deadline;
        // written by the reader's thread, read by main after join()
        long records;
        long bytes;
        long doneAt;
        Throwable failure;

        Reader(KafkaConsumer<byte[], byte[]> consumer, String topic, long count, CountDownLatch go, long deadline) {
            this.consumer = consumer;
            this.topic = topic;
            this.count = count;
            this.go = go;
            this.deadline = deadline;
        }

        @Override
        public void run() {
            try (consumer) {
                go.await();
                consumer.subscribe(List.of(topic));
                while (records < count && System.nanoTime() < deadline) {
                    ConsumerRecords<byte[], byte[]> polled = consumer.poll(Duration.ofMillis(100));
                    for (ConsumerRecord<byte[], byte[]> r : polled) {
                        records++;
                        bytes += Math.max(0, r.serializedKeySize()) + Math.max(0, r.serializedValueSize());
                    }
                }
                doneAt = System.nanoTime();
            } catch (Throwable t) {
                failure = t;
            }
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 6) {
            System.err.println("usage: FanOutProbe BOOTSTRAP TOPIC GROUPS COUNT TIMEOUT_SECONDS GROUP_PREFIX");
            System.exit(2);
        }
        String bootstrap = args[0];
        String topic = args[1];
        int groups = Integer.parseInt(args[2]);
        long count = Long.parseLong(args[3]);
        long timeoutNanos = TimeUnit.SECONDS.toNanos(Long.parseLong(args[4]));
        String prefix = args[5];

        CountDownLatch go = new CountDownLatch(1);
        List<Reader> readers = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
        for (int g = 0; g < groups; g++) {
            Reader r = new Reader(consumer(bootstrap, prefix + "-" + g), topic, count, go, start + timeoutNanos);
            readers.add(r);
            Thread t = new Thread(r, "fan-out-" + g);
            threads.add(t);
            t.start();
        }
        while (System.nanoTime() < start) {
            TimeUnit.NANOSECONDS.sleep(start - System.nanoTime());
        }
        long released = System.nanoTime();
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }

        long last = released;
        long records = 0;
        long bytes = 0;
        boolean ok = true;
        for (int g = 0; g < groups; g++) {
            Reader r = readers.get(g);
            if (r.failure != null) {
                System.err.println("FanOutProbe: group " + prefix + "-" + g + " failed: " + r.failure);
                ok = false;
            } else if (r.records < count) {
                System.err.println("FanOutProbe: group " + prefix + "-" + g + " read " + r.records + " of " + count
                        + " records within " + args[4] + " s");
                ok = false;
            } else {
                System.out.printf(Locale.ROOT, "group_ms %d %d%n", g, TimeUnit.NANOSECONDS.toMillis(r.doneAt - released));
            }
            last = Math.max(last, r.doneAt);
            records += r.records;
            bytes += r.bytes;
        }
        if (!ok) {
            System.exit(1);
        }
        double seconds = (last - released) / 1e9;
        System.out.printf(Locale.ROOT, "elapsed_ms %d%n", TimeUnit.NANOSECONDS.toMillis(last - released));
        System.out.println("records " + records);
        System.out.println("bytes " + bytes);
        System.out.printf(Locale.ROOT, "rec_per_s %.1f%n", groups * count / seconds);
        System.out.printf(Locale.ROOT, "mb_per_s %.2f%n", bytes / 1048576.0 / seconds);
        System.exit(0);
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap, String group) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, group);
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
