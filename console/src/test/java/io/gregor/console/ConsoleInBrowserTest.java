package io.gregor.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.broker.GregorServer;
import io.gregor.broker.it.GregorCluster;
import io.gregor.clients.acl.AclEntry;
import io.gregor.clients.acl.AclOperation;
import io.gregor.clients.acl.ResourcePattern;
import io.gregor.clients.acl.ResourceType;
import io.gregor.clients.admin.GregorAdmin;
import io.gregor.clients.admin.NewTopic;
import io.gregor.clients.consumer.GregorConsumer;
import io.gregor.clients.consumer.StringDeserializer;
import io.gregor.clients.producer.GregorProducer;
import io.gregor.clients.producer.ProducerRecord;
import io.gregor.clients.producer.StringSerializer;
import io.gregor.coordination.acl.AclStore;
import io.gregor.coordination.zk.GregorZkClient;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console as a person sees it in a real headless Chromium, against a real three-broker cluster: one
 * cluster, one console and one browser for the whole class (see {@link ConsoleCluster}); a few tests start a
 * second console on it (read-only, or with unreachable brokers), one a one-broker cluster with ACLs. The test
 * that stops a broker runs last ({@link Order}); the others do not depend on their order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleInBrowserTest {
    private static WebDriver browser;
    private static ConsoleCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        browser = HeadlessChromium.start();
        cluster = ConsoleCluster.start();
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (browser != null) {
                browser.quit();
            }
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    @AfterEach
    void pagesLoggedNoScriptErrorOrPolicyRefusal() {
        assertEquals(List.of(), HeadlessChromium.consoleProblems(browser));
    }

    @Test
    void frontPageSummarisesTheClusterAndLinksEveryPage() {
        browser.get(cluster.url("/"));
        assertEquals("Gregor cluster · Gregor console", browser.getTitle());
        assertEquals("3", browser.findElement(By.id("broker-count")).getText());
        List<String> links = browser.findElements(By.cssSelector("nav a")).stream().map(WebElement::getText).toList();
        assertTrue(links.contains("Gregor console"), "nav links: " + links);
        String pages = browser.findElement(By.cssSelector("ul.pages")).getText();
        for (Navigation.Entry e : Navigation.PAGES) {
            assertTrue(pages.contains(e.label()), e.label() + " missing from the front page: " + pages);
        }
    }

    @Test
    void clusterPageListsTheThreeBrokersAndTheController() {
        browser.get(cluster.url("/cluster"));
        List<WebElement> rows = browser.findElements(By.cssSelector("#brokers tbody tr"));
        assertEquals(3, rows.size(), "broker rows: " + rows.stream().map(WebElement::getText).toList());
        for (int id = 0; id < ConsoleCluster.BROKERS; id++) {
            String row = rows.get(id).getText();
            assertTrue(row.startsWith(id + " PLAINTEXT://127.0.0.1:" + cluster.brokers[id].boundPort("PLAINTEXT")),
                    "row of broker " + id + ": " + row);
        }
        int controller = cluster.brokers[0].metadataCache().controllerId().orElseThrow();
        assertEquals("broker " + controller, browser.findElement(By.id("controller-id")).getText());
        assertTrue(rows.get(controller).getText().endsWith("controller"), rows.get(controller).getText());
        assertTrue(Integer.parseInt(browser.findElement(By.id("controller-epoch")).getText()) >= 1);
        assertEquals("CONNECTED", browser.findElement(By.id("zk-state")).getText());
        assertTrue(browser.findElement(By.id("zookeeper")).getText().contains(cluster.cluster.zookeeperConnect()));
    }

    @Test
    void topicsPageListsACreatedTopicWithItsPartitionsAndReplicationFactor() {
        createTopic("orders", 3);
        browser.get(cluster.url("/topics"));
        WebElement row = topicRow("orders");
        List<String> cells = row.findElements(By.tagName("td")).stream().map(WebElement::getText).toList();
        assertEquals(List.of("orders", "3", "3", "0", "0"), cells.subList(0, 5), "row: " + cells);
        follow(row.findElement(By.linkText("orders")));
        assertEquals("Topic orders", browser.findElement(By.tagName("h1")).getText());
        assertEquals(3, browser.findElements(By.cssSelector("#partitions tbody tr")).size());
        assertTrue(browser.findElement(By.id("configs")).getText().contains("cleanup.policy"));
    }

    @Test
    void unknownTopicShowsAClearMessageWithStatus404() throws Exception {
        browser.get(cluster.url("/topics/no-such-topic"));
        assertEquals("Unknown topic", browser.findElement(By.tagName("h1")).getText());
        assertTrue(browser.findElement(By.id("error")).getText().contains("There is no topic named 'no-such-topic'"),
                browser.findElement(By.id("error")).getText());
        assertEquals(404, status("/topics/no-such-topic"));
        assertEquals(400, status("/topics/bad%20name"));
    }

    /** Stops a broker, so it runs last: the cluster stays with two brokers for the rest of the class. */
    @Test
    @Order(Integer.MAX_VALUE)
    void topicPageMarksAPartitionUnderReplicatedAfterABrokerStops() {
        createTopic("payments", 2);
        cluster.brokers[2].shutdown();
        Awaitility.await("a partition of payments marked under-replicated").atMost(ConsoleCluster.patience())
                .pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                    browser.get(cluster.url("/topics/payments"));
                    List<WebElement> marked = browser.findElements(By.cssSelector("#partitions tr.under-replicated"));
                    assertFalse(marked.isEmpty(), "no row marked under-replicated");
                    assertTrue(marked.get(0).getText().contains("under-replicated"), marked.get(0).getText());
                });
        browser.get(cluster.url("/topics"));
        assertEquals("under-replicated", topicRow("payments").getAttribute("class"));
    }

    @Test
    void groupThatConsumedAndCommittedShowsItsMembersAndLag() throws Exception {
        createTopic("clicks", 1);
        produce("clicks", 10);
        try (GregorConsumer<String, String> consumer = consumer("dashboard")) {
            consumeAndCommit(consumer, "clicks", 10);
            produce("clicks", 4);

            browser.get(cluster.url("/groups"));
            assertTrue(browser.findElement(By.id("groups")).getText().contains("dashboard"));
            follow(browser.findElement(By.linkText("dashboard")));
            assertEquals("Stable", browser.findElement(By.id("group-state")).getText());
            String members = browser.findElement(By.id("members")).getText();
            assertTrue(members.contains("dashboard-client") && members.contains("clicks-0"), members);
            List<String> cells = browser.findElements(By.cssSelector("#offsets tbody tr td")).stream()
                    .map(WebElement::getText).toList();
            assertEquals(List.of("clicks", "0", "10", "14", "4", "dashboard-client"), cells);
            assertEquals("4", browser.findElement(By.id("total-lag")).getText());
        }
    }

    @Test
    void creatingATopicThroughTheFormAndItsConfirmationMakesItAppear() {
        browser.get(cluster.url("/topics"));
        follow(browser.findElement(By.id("create-topic")));
        browser.findElement(By.id("name")).sendKeys("invoices");
        replace(browser.findElement(By.id("partitions")), "4");
        replace(browser.findElement(By.id("replication")), "2");
        browser.findElement(By.id("configs")).sendKeys("retention.ms=3600000");
        follow(browser.findElement(By.id("review")));

        String plan = browser.findElement(By.id("plan")).getText();
        assertTrue(plan.contains("This will create the topic invoices with 4 partitions and replication factor 2"), plan);
        assertTrue(plan.contains("retention.ms") && plan.contains("3600000"), plan);
        assertFalse(cluster.admin.listTopics(false).contains("invoices"), "created before the confirmation");
        follow(browser.findElement(By.id("confirm")));

        assertEquals("Topic invoices", browser.findElement(By.tagName("h1")).getText());
        assertEquals("The topic was created.", browser.findElement(By.id("done")).getText());
        assertEquals(4, browser.findElements(By.cssSelector("#partitions tbody tr")).size());
        Awaitility.await("invoices with 4 partitions of 2 replicas").atMost(ConsoleCluster.patience())
                .ignoreExceptions().until(() -> {
            var described = cluster.admin.describeTopics(List.of("invoices")).get("invoices");
            return described.partitions().size() == 4 && described.replicationFactor() == 2;
        });
        browser.get(cluster.url("/topics"));
        topicRow("invoices");
    }

    @Test
    void anInvalidTopicCreationIsRefusedAtReviewWithTheReason() {
        browser.get(cluster.url(createTopicPath()));
        browser.findElement(By.id("name")).sendKeys("too-many-replicas");
        replace(browser.findElement(By.id("replication")), "5");
        follow(browser.findElement(By.id("review")));
        String error = browser.findElement(By.id("error")).getText();
        assertTrue(error.contains("INVALID_REPLICATION_FACTOR"), error);
        assertFalse(cluster.admin.listTopics(false).contains("too-many-replicas"));
    }

    @Test
    void addingPartitionsAfterConfirmationRaisesTheCount() {
        createTopic("audit", 1);
        browser.get(cluster.url("/topics/audit"));
        follow(browser.findElement(By.id("add-partitions")));
        replace(browser.findElement(By.id("total")), "3");
        follow(browser.findElement(By.id("review")));
        assertTrue(browser.findElement(By.id("plan")).getText().contains("from 1 to 3 partitions"));
        follow(browser.findElement(By.id("confirm")));
        assertEquals("The partitions were added.", browser.findElement(By.id("done")).getText());
        assertEquals(3, browser.findElements(By.cssSelector("#partitions tbody tr")).size());
        Awaitility.await("audit has 3 partitions").atMost(ConsoleCluster.patience()).until(() ->
                cluster.admin.describeTopics(List.of("audit")).get("audit").partitions().size() == 3);
    }

    @Test
    void resettingOffsetsIsRefusedWhileTheGroupHasMembersAndDoneOnceItIsEmpty() throws Exception {
        createTopic("events", 1);
        produce("events", 6);
        try (GregorConsumer<String, String> consumer = consumer("replayer")) {
            consumeAndCommit(consumer, "events", 6);
            browser.get(cluster.url("/groups/replayer"));
            follow(browser.findElement(By.id("reset-offsets")));
            follow(browser.findElement(By.id("review")));
            assertEquals("Group is active", browser.findElement(By.tagName("h1")).getText());
            assertTrue(browser.findElement(By.id("error")).getText().contains("has 1 active member"),
                    browser.findElement(By.id("error")).getText());
        }
        Awaitility.await("replayer empty after its consumer left").atMost(ConsoleCluster.patience()).until(() ->
                cluster.admin.describeConsumerGroups(List.of("replayer")).get("replayer").isInactive());
        browser.get(cluster.url("/groups/replayer"));
        follow(browser.findElement(By.id("reset-offsets")));
        browser.findElement(By.id("to-offset")).click();
        browser.findElement(By.id("offset")).sendKeys("2");
        follow(browser.findElement(By.id("review")));
        String plan = browser.findElement(By.id("plan")).getText();
        assertTrue(plan.contains("events 0 6 2"), plan);
        follow(browser.findElement(By.id("confirm")));
        assertEquals("The offsets were reset.", browser.findElement(By.id("done")).getText());
        assertEquals(2, cluster.admin.listConsumerGroupOffsets("replayer")
                .get(new io.gregor.clients.network.TopicPartition("events", 0)).offset());
    }

    @Test
    void readOnlyConsoleHidesTheActionsAndRefusesPosts() throws Exception {
        try (ConsoleServer readOnly = cluster.startConsole(true)) {
            browser.get(ConsoleCluster.url(readOnly, "/topics"));
            assertEquals("read-only", browser.findElement(By.cssSelector("nav .read-only")).getText());
            assertTrue(browser.findElements(By.id("create-topic")).isEmpty(), "create-topic link shown");
            browser.get(ConsoleCluster.url(readOnly, "/topics/__consumer_offsets"));
            assertTrue(browser.findElements(By.id("add-partitions")).isEmpty());
            browser.get(ConsoleCluster.url(readOnly, createTopicPath()));
            assertEquals("Read-only", browser.findElement(By.tagName("h1")).getText());

            var response = post(ConsoleCluster.url(readOnly, createTopicPath()),
                    "step=execute&name=sneaky&partitions=1&replication=1", null);
            assertEquals(403, response.statusCode());
            assertTrue(response.body().contains("read-only"), response.body());
            assertFalse(cluster.admin.listTopics(false).contains("sneaky"));
        }
    }

    @Test
    void postsWithoutTheFormTokenOrFromAnotherSiteAndForeignHostNamesAreRefused() throws Exception {
        var noToken = post(cluster.url(createTopicPath()), "step=execute&name=forged&partitions=1&replication=1",
                null);
        assertEquals(403, noToken.statusCode());
        browser.get(cluster.url(createTopicPath()));
        String token = browser.findElement(By.name(FormToken.FIELD)).getAttribute("value");
        var crossSite = post(cluster.url(createTopicPath()), "token=" + token
                + "&step=execute&name=forged&partitions=1&replication=1", "http://evil.example");
        assertEquals(403, crossSite.statusCode());
        assertTrue(crossSite.body().contains("another site"), crossSite.body());
        assertFalse(cluster.admin.listTopics(false).contains("forged"));

        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", cluster.console.port())) {
            socket.getOutputStream().write(("GET /topics HTTP/1.1\r\nHost: rebound.example:" + cluster.console.port()
                    + "\r\nConnection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(answer.startsWith("HTTP/1.1 403"), answer.lines().findFirst().orElse(""));
        }
    }

    @Test
    void aGroupIdWithMarkupAndUrlCharactersIsShownAsTextAndReachable() {
        createTopic("markup", 1);
        String groupId = "<script>alert('x')</script><b>g</b> a+b/c?d";
        cluster.admin.alterConsumerGroupOffsets(groupId, Map.of(new io.gregor.clients.network.TopicPartition("markup", 0), 0L));
        browser.get(cluster.url("/groups"));
        assertTrue(browser.findElements(By.cssSelector("#groups b")).isEmpty(), "markup of the group id rendered");
        follow(browser.findElement(By.linkText(groupId)));
        assertEquals("Group " + groupId, browser.findElement(By.tagName("h1")).getText());
        assertTrue(browser.findElement(By.id("offsets")).getText().contains("markup 0 0"));
    }

    @Test
    void unreachableBrokersAreA503PageSayingSoWhileZooKeeperPartsStillShow() throws Exception {
        int closedPort;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        try (ConsoleServer cut = cluster.startConsole("127.0.0.1:" + closedPort,
                Map.of("default.api.timeout.ms", "1000", "request.timeout.ms", "500"))) {
            browser.get(ConsoleCluster.url(cut, "/topics"));
            assertEquals("Cluster unavailable", browser.findElement(By.tagName("h1")).getText());
            assertTrue(browser.findElement(By.id("error")).getText().contains("The brokers did not answer while listing topics"),
                    browser.findElement(By.id("error")).getText());
            browser.get(ConsoleCluster.url(cut, "/cluster"));
            assertEquals(3, browser.findElements(By.cssSelector("#brokers tbody tr")).size(), "brokers from ZooKeeper");
            assertTrue(browser.findElement(By.id("controller")).getText().contains("The brokers did not answer"));
            var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(ConsoleCluster.url(cut, "/groups"))).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(503, response.statusCode());
            assertFalse(response.body().contains("at io.gregor"), "a stack trace on the page");
        }
    }

    /**
     * A second, one-broker cluster with Kafka's ACL authorizer, where the console's principal
     * (User:ANONYMOUS on PLAINTEXT) may describe the cluster and topics named "visible*" only.
     */
    @Test
    void theConsoleShowsOnlyWhatItsPrincipalMaySeeAndARefusalAsAMessage() throws Exception {
        try (GregorCluster secured = GregorCluster.start()) {
            try (GregorZkClient zk = GregorZkClient.connect(secured.zookeeperConnect(), 6_000, 15_000)) {
                AclStore acls = new AclStore(zk);
                acls.ensurePaths();
                acls.createIfAbsent(ResourcePattern.literal(ResourceType.CLUSTER, ResourcePattern.CLUSTER_NAME), Set.of(
                        allow(AclOperation.CLUSTER_ACTION), allow(AclOperation.CREATE), allow(AclOperation.DESCRIBE)));
                acls.createIfAbsent(ResourcePattern.prefixed(ResourceType.TOPIC, "visible"), Set.of(
                        allow(AclOperation.DESCRIBE), allow(AclOperation.DESCRIBE_CONFIGS)));
            }
            GregorServer broker = secured.startInProcessBroker(0, Map.of(
                    "authorizer.class.name", "kafka.security.authorizer.AclAuthorizer",
                    "allow.everyone.if.no.acl.found", "false"));
            String bootstrap = "127.0.0.1:" + broker.boundPort("PLAINTEXT");
            try (GregorAdmin admin = GregorAdmin.create(Map.of("bootstrap.servers", bootstrap))) {
                admin.createTopics(List.of(new NewTopic("visible-orders", 1, (short) 1),
                        new NewTopic("secret-salaries", 1, (short) 1)), false).all();
            }
            try (ConsoleServer console = ConsoleServer.start(new ConsoleOptions(bootstrap, secured.zookeeperConnect(),
                    "127.0.0.1", 0, true, Map.of(), Map.of()))) {
                Awaitility.await("visible-orders listed").atMost(ConsoleCluster.patience()).untilAsserted(() -> {
                    browser.get(ConsoleCluster.url(console, "/topics"));
                    assertTrue(browser.findElement(By.id("topics")).getText().contains("visible-orders"));
                });
                assertFalse(browser.findElement(By.id("topics")).getText().contains("secret"));
                browser.get(ConsoleCluster.url(console, "/topics/secret-salaries"));
                assertEquals("Not allowed", browser.findElement(By.tagName("h1")).getText());
                String message = browser.findElement(By.id("error")).getText();
                assertTrue(message.contains("The console's principal is not allowed") && message.contains(
                        "TOPIC_AUTHORIZATION_FAILED"), message);
            }
        }
    }

    private static AclEntry allow(AclOperation operation) {
        return AclEntry.allow("User:ANONYMOUS", AclEntry.WILDCARD_HOST, operation);
    }

    /** Creates a topic of replication factor 3 and waits until every broker's metadata has it fully in sync. */
    private static void createTopic(String name, int partitions) {
        cluster.admin.createTopics(List.of(new NewTopic(name, partitions, (short) 3)), false).all();
        Awaitility.await("topic " + name + " in sync in every broker's metadata").atMost(ConsoleCluster.patience())
                .until(() -> Arrays.stream(cluster.brokers).allMatch(b -> b.metadataCache().topic(name)
                        .filter(t -> t.partitions().size() == partitions && t.partitions().values().stream()
                                .allMatch(p -> p.leader() >= 0 && p.isr().size() == 3))
                        .isPresent()));
    }

    static void produce(String topic, int count) throws Exception {
        try (GregorProducer<String, String> producer = new GregorProducer<>(Map.of("bootstrap.servers", cluster.bootstrap,
                "acks", "all"), new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, "key-" + i, "value-" + i)).get();
            }
        }
    }

    /** Subscribes {@code consumer} to {@code topic}, polls until it has read {@code count} records, commits. */
    static void consumeAndCommit(GregorConsumer<String, String> consumer, String topic, int count) {
        consumer.subscribe(List.of(topic));
        int read = 0;
        long deadline = System.nanoTime() + ConsoleCluster.patience().toNanos();
        while (read < count && System.nanoTime() < deadline) {
            read += consumer.poll(Duration.ofMillis(200)).count();
        }
        assertEquals(count, read, "records read from " + topic);
        consumer.commitSync();
    }

    static GregorConsumer<String, String> consumer(String group) {
        return new GregorConsumer<>(Map.of("bootstrap.servers", cluster.bootstrap, "group.id", group,
                "client.id", group + "-client", "auto.offset.reset", "earliest", "enable.auto.commit", "false"),
                new StringDeserializer(), new StringDeserializer());
    }

    private static WebElement topicRow(String topic) {
        return browser.findElements(By.cssSelector("#topics tbody tr")).stream()
                .filter(r -> r.findElement(By.tagName("td")).getText().equals(topic)).findFirst()
                .orElseThrow(() -> new AssertionError("no row for topic " + topic));
    }

    private static String createTopicPath() {
        return io.gregor.console.actions.CreateTopicAction.PATH;
    }

    /** Clicks a link or a submit button and waits until the browser has left the page (a new one has loaded). */
    private static void follow(WebElement linkOrButton) {
        WebElement page = browser.findElement(By.tagName("html"));
        linkOrButton.click();
        new WebDriverWait(browser, ConsoleCluster.patience()).until(ExpectedConditions.stalenessOf(page));
    }

    private static void replace(WebElement input, String text) {
        input.clear();
        input.sendKeys(text);
    }

    private static java.net.http.HttpResponse<String> post(String url, String form, String origin) throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(form));
        if (origin != null) {
            request.header("Origin", origin);
        }
        return java.net.http.HttpClient.newHttpClient().send(request.build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    /** The HTTP status of a GET of {@code path} (the browser does not tell it). */
    static int status(String path) throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        return http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(cluster.url(path))).build(),
                java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
