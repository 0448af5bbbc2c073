package io.gregor.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.broker.GregorServer;
import io.gregor.broker.it.GregorCluster;
import io.gregor.clients.admin.GregorAdmin;
import io.gregor.clients.admin.NewTopic;
import io.gregor.clients.producer.ByteArraySerializer;
import io.gregor.clients.producer.GregorProducer;
import io.gregor.clients.producer.ProducerRecord;
import io.gregor.clients.record.Header;
import io.gregor.coordination.zk.GregorZkClient;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The message browser, the ZooKeeper page and the live charts as a person sees them in a real headless
 * Chromium, against a real three-broker cluster whose brokers serve their Prometheus endpoint
 * ({@code metrics.http.listener} on an ephemeral port) and a console started with {@code --metrics} for
 * them. One cluster, console and browser for the class; no test depends on another's order. The README's
 * screenshots come from {@link #screenshotsOfEveryPage}, run on demand (it stops a broker, so it runs last).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrowseInBrowserTest {
    /** The system property naming the directory {@link #screenshotsOfEveryPage} writes its PNGs to. */
    static final String SCREENSHOTS = "gregor.console.screenshots";

    private static final String JSON_VALUE = "{\"name\":\"gregor\",\"tags\":[\"a\",\"b\"],\"n\":1}";

    private static WebDriver browser;
    private static GregorCluster cluster;
    private static GregorServer[] brokers;
    private static String bootstrap;
    private static GregorAdmin admin;
    private static ConsoleServer console;

    @BeforeAll
    static void start() throws Exception {
        browser = HeadlessChromium.start();
        // a link's click returns before the next page is in place: let lookups wait for what they look for
        browser.manage().timeouts().implicitlyWait(Duration.ofSeconds(5));
        cluster = GregorCluster.start();
        brokers = cluster.startInProcessBrokers(3, Map.of("metrics.http.listener", "http://127.0.0.1:0",
                "offsets.topic.replication.factor", "3", "offsets.topic.num.partitions", "3"));
        StringBuilder b = new StringBuilder();
        Map<Integer, URI> metrics = new TreeMap<>();
        for (int id = 0; id < brokers.length; id++) {
            b.append(b.isEmpty() ? "" : ",").append("127.0.0.1:").append(brokers[id].boundPort("PLAINTEXT"));
            metrics.put(id, URI.create("http://127.0.0.1:" + brokers[id].metrics().httpPort().orElseThrow() + "/metrics"));
        }
        bootstrap = b.toString();
        admin = GregorAdmin.create(Map.of("bootstrap.servers", bootstrap));
        Awaitility.await("3 brokers in metadata").atMost(GregorCluster.STARTUP_TIMEOUT)
                .until(() -> admin.describeCluster().nodes().size() == 3);
        console = ConsoleServer.start(new ConsoleOptions(bootstrap, cluster.zookeeperConnect(), "127.0.0.1", 0, false,
                Map.of(), metrics));
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (browser != null) {
                browser.quit();
            }
        } finally {
            if (console != null) {
                console.close();
            }
            if (admin != null) {
                admin.close();
            }
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    @Test
    void messageBrowserShowsTheLatestRecordsWithKeyHeadersAndValueAndPrettyPrintsJson() throws Exception {
        createTopic("browsed", 1);
        List<ProducerRecord<byte[], byte[]>> records = new java.util.ArrayList<>();
        for (int i = 0; i < 25; i++) {
            records.add(record("browsed", 0, null, "key-" + i, ("value-" + i).getBytes(StandardCharsets.UTF_8), List.of()));
        }
        records.add(record("browsed", 0, null, "json", JSON_VALUE.getBytes(StandardCharsets.UTF_8),
                List.of(Header.ofString("source", "test"))));
        produce(records);

        browser.get(url("/messages"));
        browser.findElement(By.id("topic")).sendKeys("browsed");
        browser.findElement(By.id("show")).click();

        // the click loads a new page: until it has, h1 may be the form page's, gone stale under the lookup
        Awaitility.await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                .until(() -> "Messages of browsed-0".equals(browser.findElement(By.tagName("h1")).getText()));
        assertEquals("26", browser.findElement(By.id("log-end")).getText());
        List<WebElement> rows = browser.findElements(By.cssSelector("#records tbody tr"));
        assertEquals(20, rows.size(), "the latest 20 by default");
        assertEquals("6", rows.get(0).findElement(By.tagName("td")).getText());
        assertTrue(rows.get(0).getText().contains("key-6") && rows.get(0).getText().contains("value-6"),
                rows.get(0).getText());
        WebElement last = rows.get(19);
        WebElement value = last.findElement(By.cssSelector("pre.value"));
        assertEquals("json", value.getAttribute("data-format"));
        assertEquals("{\n  \"name\" : \"gregor\",\n  \"tags\" : [ \"a\", \"b\" ],\n  \"n\" : 1\n}", value.getText());
        assertTrue(last.findElement(By.cssSelector("dl.headers")).getText().contains("source\ntest"),
                last.findElement(By.cssSelector("dl.headers")).getText());
        assertEquals("text", rows.get(0).findElement(By.cssSelector("pre.value")).getAttribute("data-format"));

        browser.findElement(By.id("older")).click();
        assertEquals("0", browser.findElement(By.cssSelector("#records tbody tr td")).getText());

        browser.get(url("/topics/browsed"));
        WebElement partitionLink = browser.findElement(By.cssSelector("#partitions tbody tr td a"));
        toMessages("the topic page's link of partition 0", partitionLink::click);
        assertEquals("Messages of browsed-0", browser.findElement(By.tagName("h1")).getText(),
                "a partition's number on its topic's page opens its latest records");
        assertEquals(20, browser.findElements(By.cssSelector("#records tbody tr")).size());
    }

    @Test
    void messageBrowserStartsFromAnOffsetOrATimestampAndShowsBinaryAsHex() throws Exception {
        createTopic("ledger", 2);
        long early = System.currentTimeMillis() - 60_000;
        long later = early + 30_000;
        List<ProducerRecord<byte[], byte[]>> records = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            records.add(record("ledger", 1, early + i, "k" + i, new byte[] {0, (byte) 0xff, (byte) i, 'A'}, List.of()));
        }
        records.add(record("ledger", 1, later, "late", "after the pause".getBytes(StandardCharsets.UTF_8), List.of()));
        produce(records);

        openMessages("topic=ledger&partition=1&from=offset&offset=3");
        List<WebElement> rows = browser.findElements(By.cssSelector("#records tbody tr"));
        assertEquals(List.of("3", "4", "5"), rows.stream().map(r -> r.findElement(By.tagName("td")).getText()).toList());
        WebElement hex = rows.get(0).findElement(By.cssSelector("pre.value"));
        assertEquals("hex", hex.getAttribute("data-format"));
        assertTrue(hex.getText().startsWith("00000000  00 ff 03 41"), hex.getText());

        openMessages("topic=ledger&partition=1&from=timestamp&timestamp=" + later);
        rows = browser.findElements(By.cssSelector("#records tbody tr"));
        assertEquals(1, rows.size());
        assertTrue(rows.get(0).getText().contains("after the pause"), rows.get(0).getText());
        openMessages("topic=ledger&partition=1&from=timestamp&timestamp="
                + java.time.Instant.ofEpochMilli(early - 1000));
        assertEquals(6, browser.findElements(By.cssSelector("#records tbody tr")).size(),
                browser.findElement(By.tagName("main")).getText());

        openMessages("topic=ledger&partition=1&from=offset&offset=0&format=text");
        WebElement asked = browser.findElement(By.cssSelector("#records tbody tr pre.value"));
        assertEquals("hex", asked.getAttribute("data-format"), "bytes that are not UTF-8 fall back to hex");
    }

    @Test
    void messageBrowserSaysWhatIsWrongWithAMalformedOffsetOrAnUnknownTopicOrPartition() throws Exception {
        createTopic("strict", 1);
        openMessages("topic=strict&partition=0&from=offset&offset=abc");
        assertTrue(browser.findElement(By.id("error")).getText().contains("The offset must be a whole number, not 'abc'"),
                browser.findElement(By.id("error")).getText());
        assertEquals("strict", browser.findElement(By.id("topic")).getAttribute("value"), "the form keeps its input");
        assertEquals(400, status("/messages?topic=strict&partition=0&from=offset&offset=abc"));

        openMessages("topic=strict&partition=0&from=offset&offset=99");
        assertTrue(browser.findElement(By.id("error")).getText().contains("Offset 99 is outside the log of strict-0"),
                browser.findElement(By.id("error")).getText());

        openMessages("topic=nowhere&partition=0");
        assertTrue(browser.findElement(By.id("error")).getText().contains("There is no topic named 'nowhere'"),
                browser.findElement(By.id("error")).getText());
        assertEquals(404, status("/messages?topic=nowhere"));
        openMessages("topic=strict&partition=7");
        assertTrue(browser.findElement(By.id("error")).getText().contains("Topic 'strict' has 1 partition (0)"),
                browser.findElement(By.id("error")).getText());
        assertEquals(400, status("/messages?topic=strict&count=501"));
        assertEquals(400, status("/messages?topic=strict&from=timestamp&timestamp=yesterday"));
    }

    @Test
    void zooKeeperPageShowsTheBrokerIdsUnderTheChrootAndABrokersJsonAndStat() {
        browser.get(url("/zookeeper"));
        List<String> top = children();
        assertTrue(top.containsAll(List.of("brokers", "controller", "controller_epoch", "config")), "root: " + top);
        assertTrue(browser.findElement(By.tagName("main")).getText().contains(cluster.zookeeperConnect()
                .substring(cluster.zookeeperConnect().indexOf('/'))), "the chroot is named");

        browser.findElement(By.linkText("brokers")).click();
        browser.findElement(By.linkText("ids")).click();
        assertEquals("ZooKeeper /brokers/ids", browser.findElement(By.tagName("h1")).getText());
        assertEquals(List.of("0", "1", "2"), children());

        browser.findElement(By.linkText("1")).click();
        WebElement data = browser.findElement(By.id("data"));
        assertEquals("json", data.getAttribute("data-format"));
        assertTrue(data.getText().contains("\"endpoints\" : [ \"PLAINTEXT://127.0.0.1:" + brokers[1].boundPort("PLAINTEXT")),
                data.getText());
        assertTrue(data.getText().contains("\n  \"version\" : 5"), data.getText());
        assertFalse(browser.findElement(By.id("stat-ephemeralOwner")).getText().equals("0x0"), "a broker znode is ephemeral");
        assertEquals("0", browser.findElement(By.id("stat-numChildren")).getText());
        assertTrue(browser.findElement(By.id("stat-ctime")).getText().matches("\\d{4}-\\d\\d-\\d\\dT.* \\(\\d+\\)"),
                browser.findElement(By.id("stat-ctime")).getText());

        browser.findElement(By.linkText("brokers")).click();
        assertEquals("ZooKeeper /brokers", browser.findElement(By.tagName("h1")).getText());
    }

    @Test
    void zooKeeperPageRedactsScramCredentialsAndSaysWhatIsWrongWithABadPath() throws Exception {
        try (GregorZkClient zk = GregorZkClient.connect(cluster.zookeeperConnect(), 6_000, 15_000)) {
            zk.curator().create().creatingParentsIfNeeded().forPath(zk.paths().resolve("/config/users/alice"),
                    ("{\"version\":1,\"config\":{\"SCRAM-SHA-512\":\"salt=c2VjcmV0c2FsdA==,stored_key=U1RPUkVE,"
                            + "server_key=U0VSVkVS,iterations=4096\",\"producer_byte_rate\":\"1024\"}}")
                            .getBytes(StandardCharsets.UTF_8));
        }
        browser.get(url("/zookeeper?path=/config/users/alice"));
        String data = browser.findElement(By.id("data")).getText();
        assertTrue(data.contains("\"SCRAM-SHA-512\" : \"[redacted]\"") && data.contains("\"producer_byte_rate\" : \"1024\""),
                data);
        assertFalse(browser.getPageSource().contains("c2VjcmV0c2FsdA"), "the salt is on the page");
        assertTrue(browser.findElement(By.id("redacted")).getText().contains("SCRAM-SHA-512"));

        browser.get(url("/zookeeper?path=brokers"));
        assertEquals("Bad ZooKeeper path", browser.findElement(By.tagName("h1")).getText());
        assertTrue(browser.findElement(By.id("error")).getText().contains("it must start with '/'"));
        assertEquals(400, status("/zookeeper?path=/brokers/../config"));
        browser.get(url("/zookeeper?path=/no/such/node"));
        assertEquals("No such znode", browser.findElement(By.tagName("h1")).getText());
        assertEquals(404, status("/zookeeper?path=/no/such/node"));
    }

    @Test
    void chartsPageDrawsALineOfMessagesInForABrokerWhileProducing() throws Exception {
        createTopic("charted", 3);
        AtomicBoolean producing = new AtomicBoolean(true);
        Thread producer = new Thread(() -> {
            try (GregorProducer<byte[], byte[]> p = producer()) {
                int i = 0;
                while (producing.get()) {
                    // one at a time (acks=all): a steady trickle, paced by the cluster
                    p.send(new ProducerRecord<>("charted", i % 3, null, ("tick " + i++).getBytes(StandardCharsets.UTF_8)))
                            .get();
                }
            } catch (Exception e) {
                if (producing.get()) {
                    throw new IllegalStateException("the charts test's producer failed", e);
                }
            }
        }, "charts-producer");
        producer.start();
        try {
            browser.get(url("/charts"));
            Awaitility.await("a messages-in line with rates above 0").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                        List<Map<String, String>> lines = lines("messages-in");
                        assertEquals(3, lines.size(), "one line per broker");
                        Map<String, String> drawn = lines.stream().filter(l -> Double.parseDouble(l.get("peak")) > 0)
                                .findFirst().orElseThrow(() -> new AssertionError("no line above 0: " + lines));
                        assertTrue(Integer.parseInt(drawn.get("points")) >= 2, drawn.toString());
                        assertTrue(drawn.get("d").matches("M[\\d.]+ [\\d.]+( L[\\d.]+ [\\d.]+)+"), drawn.get("d"));
                    });
            assertEquals(3, lines("bytes-in").size());
            Object legend = ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                    "return document.querySelector('#chart-messages-in .legend').textContent;");
            assertTrue(legend.toString().contains("broker 0: ") && legend.toString().contains("/s"), legend.toString());
        } finally {
            producing.set(false);
            producer.join(10_000);
        }
    }

    @Test
    void chartsPageWithoutMetricsEndpointsSaysHowToEnableThem() throws Exception {
        try (ConsoleServer plain = ConsoleServer.start(new ConsoleOptions(bootstrap, cluster.zookeeperConnect(),
                "127.0.0.1", 0, false, Map.of(), Map.of()))) {
            browser.get("http://127.0.0.1:" + plain.port() + "/charts");
            String text = browser.findElement(By.id("charts-disabled")).getText();
            assertTrue(text.contains("metrics.http.listener") && text.contains("--metrics 0=http://127.0.0.1:9308/metrics"),
                    text);
        }
    }

    /**
     * Not a check but the README's pictures: with {@code -Dgregor.console.screenshots=DIR} (see console/README.md)
     * it sets up what each page is meant to show (topics, a JSON topic, a group with lag, traffic for the charts, a
     * stopped broker for an under-replicated partition) and saves a PNG of every page into DIR.
     */
    @Test
    @Order(Integer.MAX_VALUE)
    @EnabledIfSystemProperty(named = SCREENSHOTS, matches = ".+")
    void screenshotsOfEveryPage() throws Exception {
        java.nio.file.Path dir = java.nio.file.Path.of(System.getProperty(SCREENSHOTS));
        java.nio.file.Files.createDirectories(dir);
        createTopic("orders", 3);
        createTopic("clicks", 3);
        List<ProducerRecord<byte[], byte[]>> orders = new java.util.ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            String json = "{\"order\":" + i + ",\"customer\":\"c-" + (100 + i % 7) + "\",\"items\":[{\"sku\":\"A-"
                    + (i % 5) + "\",\"qty\":" + (1 + i % 3) + "}],\"total\":" + (19.5 + i) + "}";
            orders.add(record("orders", i % 3, null, "order-" + i, json.getBytes(StandardCharsets.UTF_8),
                    List.of(Header.ofString("source", "web"), Header.ofString("trace-id", "t-" + (4000 + i)))));
        }
        produce(orders);
        AtomicBoolean running = new AtomicBoolean(true);
        Thread traffic = new Thread(() -> {
            try (GregorProducer<byte[], byte[]> p = producer();
                 io.gregor.clients.consumer.GregorConsumer<byte[], byte[]> c = new io.gregor.clients.consumer.GregorConsumer<>(
                         Map.of("bootstrap.servers", bootstrap), new io.gregor.clients.consumer.ByteArrayDeserializer(),
                         new io.gregor.clients.consumer.ByteArrayDeserializer())) {
                c.assign(List.of(new io.gregor.clients.network.TopicPartition("clicks", 0),
                        new io.gregor.clients.network.TopicPartition("clicks", 1)));
                for (int i = 0; running.get(); i++) {
                    int burst = 1 + (int) (6 * (1 + Math.sin(i / 40.0))); // a varying rate, paced by acks=all
                    java.util.concurrent.Future<?> last = null;
                    for (int k = 0; k < burst; k++) {
                        int partition = k % 6 < 3 ? 0 : k % 6 < 5 ? 1 : 2; // uneven, so the brokers' lines differ
                        last = p.send(new ProducerRecord<>("clicks", partition, null,
                                ("{\"click\":" + i + "}").getBytes(StandardCharsets.UTF_8)));
                    }
                    last.get();
                    c.poll(Duration.ofMillis(1));
                }
            } catch (Exception e) {
                if (running.get()) {
                    throw new IllegalStateException("screenshot traffic failed", e);
                }
            }
        }, "screenshot-traffic");
        traffic.start();
        try (io.gregor.clients.consumer.GregorConsumer<String, String> billing = new io.gregor.clients.consumer.GregorConsumer<>(
                Map.of("bootstrap.servers", bootstrap, "group.id", "billing", "client.id", "billing-1",
                        "auto.offset.reset", "earliest", "enable.auto.commit", "false"),
                new io.gregor.clients.consumer.StringDeserializer(), new io.gregor.clients.consumer.StringDeserializer())) {
            billing.subscribe(List.of("orders"));
            int read = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (read < 40 && System.nanoTime() < deadline) {
                read += billing.poll(Duration.ofMillis(200)).count();
            }
            billing.commitSync();
            orders.clear();
            for (int i = 41; i <= 52; i++) {
                orders.add(record("orders", i % 3, null, "order-" + i, ("{\"order\":" + i + "}").getBytes(StandardCharsets.UTF_8),
                        List.of()));
            }
            produce(orders);

            shoot(dir, "front", "/");
            shoot(dir, "cluster", "/cluster");
            shoot(dir, "topics", "/topics");
            shoot(dir, "group-lag", "/groups/billing");
            shoot(dir, "messages", "/messages?topic=orders&partition=1&count=8");
            shoot(dir, "zookeeper", "/zookeeper?path=/brokers/ids/0");
            browser.get(url("/charts"));
            Awaitility.await("a minute of chart").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> lines("messages-in").stream().anyMatch(l -> Integer.parseInt(l.get("points")) >= 20));
            save(dir, "charts");
        } finally {
            running.set(false);
            traffic.join(10_000);
        }
        brokers[2].shutdown();
        Awaitility.await("orders under-replicated").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    browser.get(url("/topics/orders"));
                    return !browser.findElements(By.cssSelector("#partitions tr.under-replicated")).isEmpty();
                });
        save(dir, "topic-under-replicated");
    }

    private static void shoot(java.nio.file.Path dir, String name, String path) throws Exception {
        browser.get(url(path));
        save(dir, name);
    }

    private static void save(java.nio.file.Path dir, String name) throws Exception {
        byte[] png = ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(org.openqa.selenium.OutputType.BYTES);
        java.nio.file.Files.write(dir.resolve(name + ".png"), png);
    }

    static String url(String path) {
        return "http://127.0.0.1:" + console.port() + path;
    }

    /**
     * The lines of a chart as drawn now, read in one script (the page redraws every 2 s, so elements found
     * one call earlier may be gone): each line's d, data-points and data-peak.
     */
    @SuppressWarnings("unchecked")
    private static List<Map<String, String>> lines(String chart) {
        return (List<Map<String, String>>) ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "return Array.from(document.querySelectorAll('#chart-' + arguments[0] + ' path.line')).map(function (l) {"
                        + " return {d: l.getAttribute('d'), points: l.getAttribute('data-points'),"
                        + " peak: l.getAttribute('data-peak')}; });", chart);
    }

    /**
     * Opens the message browser at {@code /messages?query} and waits until it shows records, "no records" or
     * an error: once in a few hundred runs Chromium's navigation returned before the new page was in place.
     */
    private static void openMessages(String query) {
        toMessages("/messages?" + query, () -> browser.get(url("/messages?" + query)));
    }

    /** Navigates (a link's click, a get) and waits as {@link #openMessages} does for the message browser's answer. */
    private static void toMessages(String what, Runnable navigate) {
        var js = (org.openqa.selenium.JavascriptExecutor) browser;
        js.executeScript("if (document.documentElement) document.documentElement.setAttribute('data-left', '1');");
        navigate.run();
        Awaitility.await("the message browser's answer to " + what).atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(50)).until(() -> Boolean.TRUE.equals(js.executeScript(
                        "return document.readyState === 'complete' && !document.documentElement.hasAttribute('data-left')"
                                + " && document.querySelector('#records tbody tr, #empty, #error') !== null;")));
    }

    private static List<String> children() {
        return browser.findElements(By.cssSelector("#children li")).stream().map(WebElement::getText).toList();
    }

    private static int status(String path) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(URI.create(url(path)))
                .build(), java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    static void createTopic(String name, int partitions) {
        admin.createTopics(List.of(new NewTopic(name, partitions, (short) 3)), false).all();
        Awaitility.await("topic " + name + " has leaders").atMost(Duration.ofSeconds(30)).until(() ->
                admin.describeTopics(List.of(name)).get(name).partitions().stream()
                        .allMatch(p -> p.hasLeader() && p.isr().size() == 3));
    }

    private static GregorProducer<byte[], byte[]> producer() {
        return new GregorProducer<>(Map.of("bootstrap.servers", bootstrap, "acks", "all"), new ByteArraySerializer(),
                new ByteArraySerializer());
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, int partition, Long timestamp, String key,
                                                         byte[] value, List<Header> headers) {
        return new ProducerRecord<>(topic, partition, timestamp, key.getBytes(StandardCharsets.UTF_8), value, headers);
    }

    private static void produce(List<ProducerRecord<byte[], byte[]>> records) throws Exception {
        try (GregorProducer<byte[], byte[]> p = producer()) {
            for (ProducerRecord<byte[], byte[]> r : records) {
                p.send(r).get();
            }
        }
    }
}
