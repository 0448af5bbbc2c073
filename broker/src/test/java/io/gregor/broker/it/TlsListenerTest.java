package io.gregor.broker.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gregor.broker.GregorServer;
import io.gregor.broker.security.TestCertificates;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A broker with a PLAINTEXT and an SSL listener ({@code ssl.client.auth=required}): the Apache Java
 * client (3.9 and 4.x), kcat and kafka-python produce and consume over TLS with a client certificate (fetches of log data pass
 * through TLS in chunks), Gregor's tools do with their config files, and a plaintext client on the
 * SSL port is cut off while TLS clients are served.
 */
class TlsListenerTest {
    private static GregorCluster cluster;
    private static TestCertificates ca;
    private static String sslBootstrap;
    private static int sslPort;
    private static Map<String, Object> clientSsl;

    @BeforeAll
    static void startBroker() throws Exception {
        cluster = GregorCluster.start();
        ca = TestCertificates.createCa(cluster.newDir("certs-"));
        Map<String, String> overrides = new HashMap<>(ca.sslConfig("CN=broker0,O=Gregor", ""));
        overrides.put("listeners", "PLAINTEXT://127.0.0.1:0,SSL://127.0.0.1:0");
        overrides.put("inter.broker.listener.name", "PLAINTEXT");
        overrides.put("ssl.client.auth", "required");
        GregorServer broker = cluster.startInProcessBroker(0, overrides);
        sslPort = broker.boundPort("SSL");
        sslBootstrap = "127.0.0.1:" + sslPort;
        clientSsl = new HashMap<>(ca.sslConfig("CN=app,OU=clients,O=Gregor", ""));
        clientSsl.put("security.protocol", "SSL");
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void apacheClientProducesAndConsumesOverTlsWithAClientCertificate() throws Exception {
        String topic = "tls-apache";
        Map<String, Object> adminConfig = new HashMap<>(clientSsl);
        adminConfig.put("bootstrap.servers", sslBootstrap);
        try (Admin admin = Admin.create(adminConfig)) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        String payload = "x".repeat(1_000);
        int count = 3_000; // several MB: fetches span many 64 KiB chunks
        try (KafkaProducer<String, String> producer = ApacheClients.producer(sslBootstrap, clientSsl)) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, i % 2, "k" + i, i + ":" + payload));
            }
            producer.flush();
        }
        List<ConsumerRecord<String, String>> read = readAllOverTls(topic, 2, count);
        assertEquals(count, read.size());
        for (int p = 0; p < 2; p++) {
            int partition = p;
            List<Integer> order = read.stream().filter(r -> r.partition() == partition)
                    .map(r -> Integer.parseInt(r.value().substring(0, r.value().indexOf(':')))).toList();
            assertEquals(IntStream.range(0, count).filter(i -> i % 2 == partition).boxed().toList(), order);
        }
    }

    @Test
    void plaintextClientOnTheTlsPortIsCutOffWhileTlsClientsAreServed() throws Exception {
        try (Socket plain = new Socket("127.0.0.1", sslPort)) {
            plain.setSoTimeout(15_000);
            OutputStream out = plain.getOutputStream();
            // an ApiVersions v0 request in plaintext: size, api key 18, version 0, correlation id 1, no client id
            out.write(new byte[] {0, 0, 0, 10, 0, 18, 0, 0, 0, 0, 0, 1, -1, -1});
            out.flush();
            InputStream in = plain.getInputStream();
            int b;
            do { // the broker may send a TLS alert first; then it closes
                b = in.read();
            } while (b >= 0);
        }
        String topic = "tls-served-meanwhile";
        try (KafkaProducer<String, String> producer = ApacheClients.producer(sslBootstrap, clientSsl)) {
            producer.send(new ProducerRecord<>(topic, "k", "still served")).get(30, TimeUnit.SECONDS);
        }
        assertEquals(List.of("still served"), readAllOverTls(topic, 1, 1).stream().map(ConsumerRecord::value).toList());
    }

    @Test
    void kcatProducesAndConsumesOverTlsWithAClientCertificate() throws Exception {
        String kcat = ExternalCommand.kcat();
        Path dir = cluster.newDir("kcat-tls-");
        TestCertificates.Issued client = ca.issue("CN=kcat,O=Gregor");
        List<String> tls = List.of("-X", "security.protocol=ssl",
                "-X", "ssl.ca.location=" + ca.caPemFile("ca.pem"),
                "-X", "ssl.certificate.location=" + java.nio.file.Files.writeString(dir.resolve("kcat.crt"), client.chainPem()),
                "-X", "ssl.key.location=" + java.nio.file.Files.writeString(dir.resolve("kcat.key"), client.keyPem()));
        String topic = "tls-kcat";
        String lines = IntStream.range(0, 500).mapToObj(i -> "message-" + i).collect(Collectors.joining("\n")) + "\n";
        List<String> produce = new java.util.ArrayList<>(List.of(kcat, "-b", sslBootstrap, "-t", topic, "-P"));
        produce.addAll(tls);
        ExternalCommand.run(produce, lines.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(60)).assertSuccess();
        List<String> consume = new java.util.ArrayList<>(List.of(kcat, "-b", sslBootstrap, "-t", topic, "-C", "-o",
                "beginning", "-e", "-c", "500"));
        consume.addAll(tls);
        String out = ExternalCommand.run(consume, new byte[0], Duration.ofSeconds(60)).assertSuccess().stdout();
        assertEquals(lines, out);
    }

    @Test
    void gregorToolsWorkOverTlsWithTheirConfigFiles() throws Exception {
        Path dir = cluster.newDir("tools-tls-");
        java.util.Properties props = new java.util.Properties();
        clientSsl.forEach((k, v) -> props.setProperty(k, String.valueOf(v)));
        Path config = dir.resolve("client-ssl.properties");
        try (var out = java.nio.file.Files.newOutputStream(config)) {
            props.store(out, "TLS client");
        }
        String topic = "tls-gregor-tools";
        ThreeBrokers.ToolRun created = ThreeBrokers.tool(io.gregor.clients.tools.TopicsCommand::run, "--bootstrap-server",
                sslBootstrap, "--command-config", config.toString(), "--create", "--topic", topic, "--partitions", "1");
        assertEquals(0, created.code(), created.err());
        String lines = IntStream.range(0, 200).mapToObj(i -> "line-" + i).collect(Collectors.joining("\n")) + "\n";
        var err = new java.io.ByteArrayOutputStream();
        int produced = io.gregor.clients.tools.ConsoleProducer.run(new String[] {"--bootstrap-server", sslBootstrap,
                "--producer.config", config.toString(), "--topic", topic},
                new java.io.ByteArrayInputStream(lines.getBytes(StandardCharsets.UTF_8)),
                new java.io.PrintStream(new java.io.ByteArrayOutputStream()), new java.io.PrintStream(err));
        assertEquals(0, produced, err.toString());
        ThreeBrokers.ToolRun consumed = ThreeBrokers.tool(io.gregor.clients.tools.ConsoleConsumer::run, "--bootstrap-server",
                sslBootstrap, "--consumer.config", config.toString(), "--topic", topic, "--from-beginning",
                "--max-messages", "200", "--timeout-ms", "30000");
        assertEquals(0, consumed.code(), consumed.err());
        assertEquals(lines, consumed.out());
    }

    @Test
    void kafkaPythonProducesAndConsumesOverTlsWithAClientCertificate() throws Exception {
        String python = ExternalCommand.pythonWithKafka();
        Path dir = cluster.newDir("python-tls-");
        TestCertificates.Issued client = ca.issue("CN=python,O=Gregor");
        String script = """
                import sys
                from kafka import KafkaConsumer, KafkaProducer, TopicPartition
                bootstrap, topic, cafile, certfile, keyfile = sys.argv[1:6]
                tls = dict(security_protocol='SSL', ssl_cafile=cafile, ssl_certfile=certfile, ssl_keyfile=keyfile,
                           ssl_check_hostname=False)
                producer = KafkaProducer(bootstrap_servers=bootstrap, request_timeout_ms=15000, **tls)
                for i in range(20):
                    producer.send(topic, ('tls message %d' % i).encode('utf-8')).get(timeout=30)
                producer.close()
                consumer = KafkaConsumer(bootstrap_servers=bootstrap, auto_offset_reset='earliest',
                                         enable_auto_commit=False, consumer_timeout_ms=15000, **tls)
                consumer.assign([TopicPartition(topic, 0)])
                received = 0
                for message in consumer:
                    print(message.value.decode('utf-8'), flush=True)
                    received += 1
                    if received == 20:
                        break
                consumer.close()
                """;
        Path file = java.nio.file.Files.writeString(dir.resolve("tls.py"), script);
        String topic = "tls-python";
        Map<String, Object> adminConfig = new HashMap<>(clientSsl);
        adminConfig.put("bootstrap.servers", sslBootstrap);
        try (Admin admin = Admin.create(adminConfig)) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        String out = ExternalCommand.run(List.of(python, file.toString(), sslBootstrap, topic,
                ca.caPemFile("ca-python.pem").toString(),
                java.nio.file.Files.writeString(dir.resolve("python.crt"), client.chainPem()).toString(),
                java.nio.file.Files.writeString(dir.resolve("python.key"), client.keyPem()).toString()),
                new byte[0], Duration.ofSeconds(90)).assertSuccess().stdout();
        assertEquals(IntStream.range(0, 20).mapToObj(i -> "tls message " + i).toList(), out.lines().toList());
    }

    @Test
    void apacheClient4ProducesAndConsumesOverTlsWithAClientCertificate() throws Exception {
        Path testClasses = Path.of(Kafka4Driver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path kafka4 = testClasses.resolveSibling("kafka4");
        String classpath = kafka4 + "/*" + java.io.File.pathSeparator + testClasses;
        java.util.Properties props = new java.util.Properties();
        clientSsl.forEach((k, v) -> props.setProperty(k, String.valueOf(v)));
        Path config = cluster.newDir("kafka4-tls-").resolve("client-ssl.properties");
        try (var out = java.nio.file.Files.newOutputStream(config)) {
            props.store(out, "TLS client");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ExternalCommand.Result result = ExternalCommand.run(List.of(java, "-Xmx256m", "-cp", classpath,
                Kafka4Driver.class.getName(), sslBootstrap, config.toString()), new byte[0], Duration.ofSeconds(120));
        result.assertSuccess();
        List<String> lines = result.stdout().lines().toList();
        assertEquals(true, lines.get(0).startsWith("kafka-clients 4."), result.describe("ran another client version"));
        assertEquals("OK", lines.get(lines.size() - 1), result.describe("last line"));
    }

    private static List<ConsumerRecord<String, String>> readAllOverTls(String topic, int partitions, int expected) {
        List<ConsumerRecord<String, String>> records = new java.util.ArrayList<>();
        Map<String, Object> config = new HashMap<>(clientSsl);
        config.put("bootstrap.servers", sslBootstrap);
        config.put("auto.offset.reset", "earliest");
        config.put("enable.auto.commit", "false");
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<>(config,
                new org.apache.kafka.common.serialization.StringDeserializer(),
                new org.apache.kafka.common.serialization.StringDeserializer())) {
            List<org.apache.kafka.common.TopicPartition> assignment = IntStream.range(0, partitions)
                    .mapToObj(p -> new org.apache.kafka.common.TopicPartition(topic, p)).toList();
            consumer.assign(assignment);
            consumer.seekToBeginning(assignment);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }
}
