package io.gregor.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The console as a person sees it in a real headless Chromium, against a real three-broker cluster: one
 * cluster, one console and one browser for the whole class (see {@link ConsoleCluster}).
 */
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
}
