package io.gregor.broker.group;

import io.gregor.broker.GregorServer;
import io.gregor.broker.config.BrokerConfig;
import io.gregor.broker.it.ExternalCommand;
import io.gregor.broker.it.GregorCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * kafka-python's group consumer against a three-broker cluster (auto-created {@code mytopic} and
 * {@code __consumer_offsets} with replication factor 3): subscribe with a group id, poll, commit; a
 * second run resumes after the commit; the committed offset survives a restart of every broker
 * (the coordinator reloads it from {@code __consumer_offsets}).
 */
class KafkaPythonGroupTest {
    private static final String PRODUCE = """
            import sys
            from kafka import KafkaProducer
            producer = KafkaProducer(bootstrap_servers=sys.argv[1], request_timeout_ms=15000)
            for i in range(10):
                producer.send('mytopic', ('message %d' % i).encode('utf-8')).get(timeout=30)
            producer.close()
            """;
    private static final String CONSUME = """
            import sys, time
            from kafka import KafkaConsumer, TopicPartition
            consumer = KafkaConsumer(bootstrap_servers=sys.argv[1], group_id='g', auto_offset_reset='earliest',
                                     enable_auto_commit=False, request_timeout_ms=30000)
            consumer.subscribe(['mytopic'])
            expected = int(sys.argv[2])
            received = 0
            deadline = time.time() + (30 if expected else 6)
            while time.time() < deadline and (received < expected or expected == 0):
                for tp, messages in consumer.poll(timeout_ms=1000).items():
                    received += len(messages)
            consumer.commit()
            print('received %d' % received, flush=True)
            print('committed %s' % consumer.committed(TopicPartition('mytopic', 0)), flush=True)
            consumer.close()
            """;

    private static GregorCluster cluster;
    private static String python;
    private static Path logDir;
    private static final int BROKERS = 3;
    private static final Path[] logDirs = new Path[BROKERS];
    private static final GregorServer[] brokers = new GregorServer[BROKERS];

    @BeforeAll
    static void start() throws Exception {
        python = ExternalCommand.pythonWithKafka();
        cluster = GregorCluster.start();
        for (int id = 0; id < BROKERS; id++) {
            logDirs[id] = cluster.newDir("group-logs-" + id + "-");
        }
        startBrokers();
    }

    private static void startBrokers() throws Exception {
        for (int id = 0; id < BROKERS; id++) {
            GregorServer server = new GregorServer(BrokerConfig.fromMap(cluster.brokerProperties(id, logDirs[id], Map.of(
                    "offsets.topic.num.partitions", "3", "offsets.topic.replication.factor", "3",
                    "default.replication.factor", "3", "min.insync.replicas", "2",
                    "group.initial.rebalance.delay.ms", "0", "controlled.shutdown.retry.backoff.ms", "200"))));
            server.startup();
            brokers[id] = server;
        }
        Awaitility.await("a controller known to every broker").atMost(Duration.ofSeconds(30))
                .until(() -> java.util.Arrays.stream(brokers).allMatch(b -> b.metadataCache().controllerId().isPresent()
                        && b.metadataCache().aliveBrokers().size() == BROKERS));
    }

    private static void stopBrokers() {
        for (int id = 0; id < BROKERS; id++) {
            if (brokers[id] != null) {
                brokers[id].shutdown();
                brokers[id] = null;
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        stopBrokers();
        if (cluster != null) {
            cluster.close();
        }
    }

    private static List<String> run(String script, String... args) throws Exception {
        Path file = cluster.newDir("python-").resolve("script.py");
        Files.writeString(file, script, StandardCharsets.UTF_8);
        String bootstrap = java.util.Arrays.stream(brokers).map(b -> "127.0.0.1:" + b.boundPort("PLAINTEXT"))
                .collect(java.util.stream.Collectors.joining(","));
        List<String> command = new java.util.ArrayList<>(List.of(python, file.toString(), bootstrap));
        command.addAll(List.of(args));
        return ExternalCommand.run(command, new byte[0], Duration.ofSeconds(90)).assertSuccess().stdout().lines().toList();
    }

    @Test
    void aGroupConsumerCommitsAndASecondRunAndARestartedClusterResumeAfterTheCommit() throws Exception {
        run(PRODUCE);
        List<String> first = run(CONSUME, "10");
        assertTrue(first.contains("received 10"), first.toString());
        assertTrue(first.contains("committed 10"), first.toString());

        List<String> second = run(CONSUME, "0");
        assertTrue(second.contains("received 0"), second.toString());
        assertTrue(second.contains("committed 10"), second.toString());

        stopBrokers();
        startBrokers();
        List<String> afterRestart = run(CONSUME, "0");
        assertTrue(afterRestart.contains("received 0"), afterRestart.toString());
        assertEquals(1, afterRestart.stream().filter("committed 10"::equals).count(), afterRestart.toString());
    }
}
