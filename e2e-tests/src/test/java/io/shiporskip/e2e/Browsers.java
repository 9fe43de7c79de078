package io.shiporskip.e2e;

import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

/**
 * Headless Debian Chromium driven by Debian's chromedriver (packages {@code chromium}, {@code chromium-driver};
 * {@code .ci/run} installs them): no browser or driver is downloaded. Each browser has a fresh profile and its own
 * download folder, and keeps the page's console messages for {@link #consoleErrors}.
 */
final class Browsers {

    static final Path CHROMIUM = Path.of(System.getProperty("shiporskip.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("shiporskip.chromedriver", "/usr/bin/chromedriver"));
    static final Path SCREENSHOTS = Path.of("target/screenshots");

    private Browsers() {
    }

    /** A new headless browser; {@code downloads} receives its downloads. */
    static ChromeDriver open(Path downloads) throws IOException {
        return open(downloads, null);
    }

    /** A new headless browser whose clock reads in {@code timeZone} (an IANA name; null: the machine's). */
    static ChromeDriver open(Path downloads, String timeZone) throws IOException {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException("browser tests need Debian's chromium and chromium-driver "
                    + "(apt-get install chromium chromium-driver; .ci/run does it): " + CHROMIUM + ", " + CHROMEDRIVER);
        }
        Path profile = Files.createTempDirectory("shiporskip-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // as root in a closed network: no sandbox, and nothing that calls home (the machine refuses it)
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,2200", "--user-data-dir=" + profile);
        options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toAbsolutePath().toString(),
                "download.prompt_for_download", false));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService.Builder builder = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort();
        if (timeZone != null) {
            builder.withEnvironment(Map.of("TZ", timeZone));
        }
        ChromeDriverService service = builder.build();
        return new ChromeDriver(service, options);
    }

    /** The page's console errors since the last call (SEVERE: uncaught errors, failed loads). */
    static List<String> consoleErrors(ChromeDriver browser) {
        return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage).toList();
    }

    static Path screenshot(ChromeDriver browser, String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Path target = SCREENSHOTS.resolve(name + ".png");
        Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        return target;
    }
}
