package io.gregor.broker.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.AppInfoParser;

/**
 * A client program run by {@link Kafka4TransactionsTest} in its own JVM with the Apache 4.x
 * client; compiled against 3.9, so it uses only API both have. {@code Kafka4TransactionsDriver
 * <bootstrap>}: prints the cluster's finalized features, then a transactional producer commits one
 * transaction and aborts the next on a two-partition topic, a read_committed and a read_uncommitted
 * consumer read the topic to its end (the LSO for read_committed), and a second producer with the
 * same transactional.id fences the first and commits its own transaction; last, a read_committed
 * group member and a transactional producer copy the committed records to another topic and commit
 * the member's offsets with sendOffsetsToTransaction in the same transaction. Prints one line per step;
 * exit code 0 only when every step ran (the test judges the lines).
 */
public final class Kafka4TransactionsDriver {
    static final String TOPIC = "kafka4-txn";
    static final String FENCED_TOPIC = "kafka4-fenced";
    static final String COPY_TOPIC = "kafka4-copy";
    static final String GROUP = "kafka4-copier";

    private Kafka4TransactionsDriver() {
    }

    public static void main(String[] args) {
        try {
            run(args[0]);
            System.out.println("OK");
            System.exit(0);
        } catch (Throwable t) {
            System.out.println("FAILED: " + t);
            t.printStackTrace(System.out);
            System.exit(1);
        }
    }

    private static void run(String bootstrap) throws Exception {
        System.out.println("kafka-clients " + AppInfoParser.getVersion());
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(adminProps)) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 2, (short) 3), new NewTopic(FENCED_TOPIC, 1, (short) 3),
                    new NewTopic(COPY_TOPIC, 1, (short) 3)))
                    .all().get(30, TimeUnit.SECONDS);
            System.out.println("finalized features " + new TreeMap<>(admin.describeFeatures().featureMetadata()
                    .get(30, TimeUnit.SECONDS).finalizedFeatures()).keySet());
        }
        try (KafkaProducer<String, String> producer = transactional(bootstrap, "kafka4-writer")) {
            producer.initTransactions();
            producer.beginTransaction();
            for (int i = 0; i < 4; i++) {
                producer.send(new ProducerRecord<>(TOPIC, i % 2, "k" + i, "committed-" + i));
            }
            producer.commitTransaction();
            producer.beginTransaction();
            for (int i = 0; i < 3; i++) {
                producer.send(new ProducerRecord<>(TOPIC, i % 2, "k" + i, "aborted-" + i));
            }
            producer.flush();
            producer.abortTransaction();
        }
        System.out.println("committed 4, aborted 3");
        System.out.println("read_committed " + readToEnd(bootstrap, TOPIC, 2, "read_committed"));
        System.out.println("read_uncommitted " + readToEnd(bootstrap, TOPIC, 2, "read_uncommitted"));

        try (KafkaProducer<String, String> first = transactional(bootstrap, "kafka4-zombie");
             KafkaProducer<String, String> second = transactional(bootstrap, "kafka4-zombie")) {
            first.initTransactions();
            second.initTransactions();
            String outcome = "not fenced";
            try {
                first.beginTransaction();
                first.send(new ProducerRecord<>(FENCED_TOPIC, 0, "k", "from-the-zombie")).get(30, TimeUnit.SECONDS);
                first.commitTransaction();
            } catch (Exception e) {
                outcome = "fenced " + rootCauseName(e);
            }
            System.out.println("first producer " + outcome);
            second.beginTransaction();
            second.send(new ProducerRecord<>(FENCED_TOPIC, 0, "k", "from-the-successor"));
            second.commitTransaction();
        }
        System.out.println("fenced topic read_committed " + readToEnd(bootstrap, FENCED_TOPIC, 1, "read_committed"));

        copyInOneTransaction(bootstrap);
        System.out.println("copy read_committed " + readToEnd(bootstrap, COPY_TOPIC, 1, "read_committed"));
        try (Admin admin = Admin.create(adminProps)) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(GROUP)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            TreeMap<Integer, Long> byPartition = new TreeMap<>();
            committed.forEach((tp, o) -> byPartition.put(tp.partition(), o.offset()));
            System.out.println("group " + GROUP + " offsets of " + TOPIC + " " + byPartition);
        }
    }

    /**
     * Read-process-write: a read_committed group member reads {@link #TOPIC} (the committed records),
     * a transactional producer writes a copy of each to {@link #COPY_TOPIC} and commits the member's
     * positions with sendOffsetsToTransaction(offsets, groupMetadata) in the same transaction.
     */
    private static void copyInOneTransaction(String bootstrap) throws Exception {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer());
             KafkaProducer<String, String> producer = transactional(bootstrap, "kafka4-copier")) {
            producer.initTransactions();
            consumer.subscribe(List.of(TOPIC));
            List<ConsumerRecord<String, String>> read = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (read.size() < 4 || consumer.assignment().size() < 2
                    || !reached(consumer, consumer.endOffsets(consumer.assignment()))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the group member did not read to the end: " + read.size()
                            + " of 4 committed records, assignment " + consumer.assignment());
                }
                consumer.poll(Duration.ofMillis(200)).forEach(read::add);
            }
            Map<TopicPartition, OffsetAndMetadata> next = new java.util.HashMap<>();
            for (TopicPartition tp : consumer.assignment()) {
                next.put(tp, new OffsetAndMetadata(consumer.position(tp)));
            }
            producer.beginTransaction();
            for (ConsumerRecord<String, String> r : read) {
                producer.send(new ProducerRecord<>(COPY_TOPIC, 0, r.key(), "copy-of-" + r.value()));
            }
            producer.sendOffsetsToTransaction(next, consumer.groupMetadata());
            producer.commitTransaction();
        }
    }

    private static KafkaProducer<String, String> transactional(String bootstrap, String transactionalId) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "60000");
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    /** Every value in {@code topic} up to the end offsets this isolation level sees (the LSO for read_committed), sorted. */
    private static TreeSet<String> readToEnd(String bootstrap, String topic, int partitions, String isolation) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        TreeSet<String> values = new TreeSet<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> assigned = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                assigned.add(new TopicPartition(topic, p));
            }
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            Map<TopicPartition, Long> end = consumer.endOffsets(assigned, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!reached(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(isolation + " consumer did not reach " + end + " of " + topic
                            + "; read so far " + values);
                }
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
            }
        }
        return values;
    }

    private static boolean reached(KafkaConsumer<String, String> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private static String rootCauseName(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName();
    }
}
