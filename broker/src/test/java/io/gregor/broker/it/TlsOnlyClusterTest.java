package io.gregor.broker.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gregor.broker.GregorServer;
import io.gregor.broker.security.TestCertificates;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Three brokers whose only listener is SSL (client certificates required), for clients and between
 * brokers alike: the Apache Java client creates a replicated topic and writes acks=all, a broker
 * shuts down (its controlled shutdown reaches the controller over TLS) and writes go on, and every
 * acknowledged record is read back in order.
 */
class TlsOnlyClusterTest {
    private GregorCluster cluster;

    @AfterEach
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void anSslOnlyClusterReplicatesAndSurvivesAControlledShutdown() throws Exception {
        cluster = GregorCluster.start();
        TestCertificates ca = TestCertificates.createCa(cluster.newDir("certs-"));
        Map<String, String> overrides = new HashMap<>(ca.sslConfig("CN=broker,O=Gregor", ""));
        overrides.put("listeners", "SSL://127.0.0.1:0");
        overrides.put("ssl.client.auth", "required");
        overrides.put("offsets.topic.replication.factor", "3");
        overrides.put("replica.fetch.wait.max.ms", "200");
        GregorServer[] brokers = cluster.startInProcessBrokers(3, overrides);
        String bootstrap = IntStream.range(0, 3).mapToObj(i -> "127.0.0.1:" + brokers[i].boundPort("SSL"))
                .collect(Collectors.joining(","));
        Map<String, Object> client = new HashMap<>(ca.sslConfig("CN=app,O=Gregor", ""));
        client.put("security.protocol", "SSL");
        client.put("bootstrap.servers", bootstrap);

        String topic = "tls-only";
        try (Admin admin = Admin.create(client)) {
            // broker 2 leads, broker 0 is the controller: broker 2's controlled shutdown goes to another broker over TLS
            admin.createTopics(List.of(new NewTopic(topic, Map.of(0, List.of(2, 1, 0)))
                            .configs(Map.of("min.insync.replicas", "2"))))
                    .all().get(30, TimeUnit.SECONDS);
            Awaitility.await("the full ISR of " + topic).atMost(Duration.ofSeconds(45)).until(() ->
                    admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().get(0).isr().size() == 3);
        }
        int count = 1_000;
        try (KafkaProducer<String, String> producer = ApacheClients.producer(bootstrap, client)) {
            for (int i = 0; i < count / 2; i++) {
                producer.send(new ProducerRecord<>(topic, "k", Integer.toString(i))).get(30, TimeUnit.SECONDS);
            }
            assertEquals(0, brokers[0].metadataCache().controllerId().orElseThrow());
            assertEquals(2, brokers[0].metadataCache().partition(topic, 0).orElseThrow().leader());
            brokers[2].shutdown();
            for (int i = count / 2; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, "k", Integer.toString(i))).get(30, TimeUnit.SECONDS);
            }
        }
        Map<String, Object> consumerConfig = new HashMap<>(client);
        consumerConfig.put("auto.offset.reset", "earliest");
        List<String> read = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (read.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach((ConsumerRecord<String, String> r) -> read.add(r.value()));
            }
        }
        assertEquals(IntStream.range(0, count).mapToObj(Integer::toString).toList(), read);
    }
}
