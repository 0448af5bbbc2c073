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
}
