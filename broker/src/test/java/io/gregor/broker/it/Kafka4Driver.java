package io.gregor.broker.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.AppInfoParser;

/**
 * A client program run by {@link ApacheJavaClient4Test} in its own JVM against whatever
 * kafka-clients jar is on its classpath (4.x there); compiled against 3.9, so it uses only API
 * both have. {@code Kafka4Driver <bootstrap>}: Admin createTopics + describeCluster, one default
 * (idempotent, acks=all) producer per compression type, then an assigned consumer reads everything
 * back in order; {@code Kafka4Driver <bootstrap> <client.properties>} adds the file's settings (e.g.
 * {@code security.protocol=SSL} and {@code ssl.*}) to every client. Prints one line per step; exit
 * code 0 only when every check passed.
 */
public final class Kafka4Driver {
    static final String TOPIC = "kafka4-roundtrip";
    static final List<String> COMPRESSION_TYPES = List.of("none", "gzip", "snappy", "lz4", "zstd");
    static final int PER_PRODUCER = 50;

    private Kafka4Driver() {
    }

    public static void main(String[] args) {
        try {
            Properties extra = new Properties();
            if (args.length > 1) {
                try (java.io.Reader reader = java.nio.file.Files.newBufferedReader(java.nio.file.Path.of(args[1]))) {
                    extra.load(reader);
                }
            }
            run(args[0], extra);
            System.out.println("OK");
            System.exit(0);
        } catch (Throwable t) {
            System.out.println("FAILED: " + t);
            t.printStackTrace(System.out);
            System.exit(1);
        }
    }

    private static void run(String bootstrap, Properties extra) throws Exception {
        System.out.println("kafka-clients " + AppInfoParser.getVersion());
        Properties adminProps = new Properties();
        adminProps.putAll(extra);
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(adminProps)) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            System.out.println("created " + TOPIC);
            Collection<Node> nodes = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS);
            System.out.println("cluster nodes " + nodes.stream().map(n -> n.id() + "@" + n.host() + ":" + n.port()).toList());
        }
        List<String> expected = new ArrayList<>();
        for (String compression : COMPRESSION_TYPES) {
            Properties props = new Properties();
            props.putAll(extra);
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression);
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                    new StringSerializer())) {
                List<Future<RecordMetadata>> acks = new ArrayList<>();
                for (int i = 0; i < PER_PRODUCER; i++) {
                    String value = compression + "-" + i;
                    expected.add("k" + i + "=" + value);
                    acks.add(producer.send(new ProducerRecord<>(TOPIC, "k" + i, value)));
                }
                producer.flush();
                for (Future<RecordMetadata> ack : acks) {
                    ack.get(30, TimeUnit.SECONDS);
                }
            }
            System.out.println("produced " + PER_PRODUCER + " with " + compression);
        }
        Properties consumerProps = new Properties();
        consumerProps.putAll(extra);
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<String> consumed = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(),
                new StringDeserializer())) {
            TopicPartition partition = new TopicPartition(TOPIC, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (consumed.size() < expected.size() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    consumed.add(r.key() + "=" + r.value());
                }
            }
        }
        System.out.println("consumed " + consumed.size());
        if (!consumed.equals(expected)) {
            throw new AssertionError("consumed records differ from the produced ones: expected " + expected
                    + " but got " + consumed);
        }
    }
}
