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
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile())
                .usingAnyFreePort().build();
        ChromeDriver browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return browser;
    }
}
