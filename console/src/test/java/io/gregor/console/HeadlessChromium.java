package io.gregor.console;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A real headless Chromium driven through chromedriver (Debian's {@code chromium} and
 * {@code chromium-driver}: {@code /usr/bin/chromium}, {@code /usr/bin/chromedriver}; override with the
 * {@code gregor.chromium} and {@code gregor.chromedriver} system properties). When they are missing the
 * browser tests are skipped with a message, except under {@code CI=true}, where they fail: CI installs them.
 */
final class HeadlessChromium {
    private HeadlessChromium() {
    }

    /**
     * The warnings and errors the pages logged in the browser's console since the last call (script
     * errors, Content-Security-Policy refusals), leaving out failed loads: an error page's own status.
     */
    static java.util.List<String> consoleProblems(WebDriver browser) {
        return browser.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue())
                .map(org.openqa.selenium.logging.LogEntry::getMessage)
                .filter(m -> !m.contains("Failed to load resource"))
                .toList();
    }

    static WebDriver start() {
        Path chromium = Path.of(System.getProperty("gregor.chromium", "/usr/bin/chromium"));
        Path driver = Path.of(System.getProperty("gregor.chromedriver", "/usr/bin/chromedriver"));
        boolean present = Files.isExecutable(chromium) && Files.isExecutable(driver);
        String missing = "Chromium (" + chromium + ") and chromedriver (" + driver + ") are needed for the console's "
                + "browser tests: apt-get install chromium chromium-driver";
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException(missing);
        }
        Assumptions.assumeTrue(present, missing + " (skipped: not on CI)");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--disable-extensions", "--no-first-run", "--window-size=1280,1024");
        // the page's console messages (script errors, Content-Security-Policy refusals) for the tests to read
        options.setCapability("goog:loggingPrefs", java.util.Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile())
                .usingAnyFreePort().build();
        ChromeDriver browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return browser;
    }
}
