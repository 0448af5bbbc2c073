import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartitionInfo;

/**
 * The client-side view of bench/many-partitions.sh, with the Apache clients so Kafka and Gregor are
 * observed the same way: polls describeTopics(TOPIC) every 200 ms until all PARTITIONS have a
 * leader, and meanwhile, every 2 s, creates a fresh 1-partition topic and produces one record to
 * it (Admin and producer defaults), to show whether the cluster keeps serving other topics.
 * Prints {@code key value} lines; exits non-zero when TIMEOUT_MS passes first.
 *
 * <pre>PartitionsProbe BOOTSTRAP TOPIC PARTITIONS TIMEOUT_MS START_EPOCH_MS</pre>
 * START_EPOCH_MS is when the creation was started (the wall clock of the script).
 */
public final class PartitionsProbe {
    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        String topic = args[1];
        int partitions = Integer.parseInt(args[2]);
        long timeoutMs = Long.parseLong(args[3]);
        long start = Long.parseLong(args[4]);
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        List<String> side = Collections.synchronizedList(new ArrayList<>());
        List<Long> sideMs = Collections.synchronizedList(new ArrayList<>());
        int[] sideFailed = {0};
        Properties producerProps = new Properties();
        producerProps.putAll(props);
        producerProps.put("key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        producerProps.put("value.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        ScheduledExecutorService sideTraffic = Executors.newSingleThreadScheduledExecutor();
        boolean done = false;
        try (Admin admin = Admin.create(props); KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps)) {
            int[] next = {0};
            sideTraffic.scheduleWithFixedDelay(() -> {
                String name = "side-" + next[0]++;
                long t0 = System.nanoTime();
                try {
                    admin.createTopics(List.of(new NewTopic(name, 1, (short) 1))).all().get();
                    producer.send(new ProducerRecord<>(name, "k", "v")).get();
                    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                    sideMs.add(ms);
                    side.add(name + " " + ms + " ms (started +" + (System.currentTimeMillis() - start - ms) + " ms)");
                } catch (Exception e) {
                    sideFailed[0]++;
                    side.add(name + " FAILED " + e.getMessage());
                }
            }, 500, 2_000, TimeUnit.MILLISECONDS);
            long deadline = System.currentTimeMillis() + timeoutMs;
            while (System.currentTimeMillis() < deadline) {
                int led = 0;
                try {
                    TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
                    for (TopicPartitionInfo p : d.partitions()) {
                        if (p.leader() != null && p.leader().id() >= 0) {
                            led++;
                        }
                    }
                } catch (ExecutionException | java.util.concurrent.TimeoutException notYet) {
                    // the topic is not in the metadata yet, or the broker is too busy to answer within 30 s
                }
                if (led == partitions) {
                    System.out.println("all_leaders_ms " + (System.currentTimeMillis() - start));
                    done = true;
                    break;
                }
                Thread.sleep(200);
            }
            sideTraffic.shutdown(); // the running side topic finishes before the clients close
            sideTraffic.awaitTermination(70, TimeUnit.SECONDS);
        } finally {
            sideTraffic.shutdownNow();
        }
        side.forEach(s -> System.out.println("side " + s));
        System.out.println("side_topics " + sideMs.size() + " failed " + sideFailed[0]);
        System.out.println("side_max_ms " + sideMs.stream().mapToLong(Long::longValue).max().orElse(-1));
        if (!done) {
            System.out.println("all_leaders_ms timeout");
            System.exit(1);
        }
    }
}
