package nl.meldpunt.systemtests;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.restassured.http.ContentType;
import nl.meldpunt.localstack.SharedStack;
import nl.meldpunt.systemtests.RunningPlatform.Service;

/**
 * The live dashboard in a real browser: Debian's chromium, headless, driven by chromium-driver.
 * Both are found at fixed paths (or -Dmeldpunt.chromium / -Dmeldpunt.chromedriver); nothing is
 * downloaded. Without them this test fails and says how to install them: .ci/run does.
 */
@ExtendWith(RunningPlatform.class)
class DashboardBrowserTest {

    private static final String CHROMIUM = System.getProperty("meldpunt.chromium", "/usr/bin/chromium");
    private static final String CHROMEDRIVER = System.getProperty("meldpunt.chromedriver", "/usr/bin/chromedriver");
    private static final Duration WAIT = Duration.ofSeconds(90);

    private ChromeDriver browser;
    private WebDriverWait wait;

    @BeforeEach
    void openBrowser() {
        assertTrue(Files.isExecutable(Path.of(CHROMIUM)) && Files.isExecutable(Path.of(CHROMEDRIVER)),
                "DashboardBrowserTest needs Debian's chromium and chromium-driver at " + CHROMIUM + " and " + CHROMEDRIVER
                        + ": apt-get install -y chromium chromium-driver (.ci/run installs them when absent)");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1400,1100", "--lang=en-GB");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        // The page redraws its rows on every event and every second (countdowns): read them inside waits.
        wait = new WebDriverWait(browser, WAIT);
        wait.ignoring(StaleElementReferenceException.class);
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void aViewerWatchesTheReferenceCaseArriveLiveRedactedWithOverdueClocksInRedAndMissesNothingAcrossARestart()
            throws IOException {
        String notification = RunningPlatform.url(Service.NOTIFICATION);
        String ticket = given().baseUri(notification).auth().oauth2(SharedStack.token("viewer")).contentType(ContentType.JSON)
                .body("{\"purpose\":\"DASHBOARD\"}").post("/streams/tickets").then().statusCode(201).extract().path("ticket");

        browser.get(notification + "/dashboard/sign-in?ticket=" + ticket);
        wait.until(ExpectedConditions.textToBe(By.id("connection"), "live"));
        assertTrue(browser.findElement(By.tagName("header")).getText().contains("redacted view"));
        // Survives only as long as the page is not reloaded.
        js("window.meldpuntPageLoad = 'first'");

        String first = report();
        String row = wait.until(d -> d.findElement(By.cssSelector("tr[data-incident='" + first + "']")).getText());
        String titleClass = wait.until(d -> d.findElement(By.cssSelector("tr[data-incident='" + first + "'] td:nth-child(2)"))
                .getAttribute("class"));
        assertEquals("redacted", titleClass, "a viewer sees the AMBER incident without its title");
        assertTrue(row.contains("TLP:AMBER"), row);

        // The reference case became aware in July 2025: its 24 h clocks are long overdue.
        String color = wait.until(d -> d.findElement(By.cssSelector("#obligations tr.overdue td")).getCssValue("color"));
        assertEquals("rgba(179, 38, 30, 1)", color, "overdue is red");
        String countdown = wait.until(d -> d.findElement(By.cssSelector("#obligations tr.overdue td.countdown")).getText());
        assertTrue(countdown.startsWith("overdue by"), countdown);
        String page = browser.getPageSource();
        assertFalse(page.contains("Clinical Diagnostics"), "no AMBER names or free text for a viewer");
        assertFalse(page.contains("Ransomware and data theft"), "no AMBER title for a viewer");
        assertEquals("first", js("return window.meldpuntPageLoad"), "the incident appeared without a reload");
        screenshot();

        RunningPlatform.stopOnly(Service.NOTIFICATION);
        wait.until(d -> !"live".equals(d.findElement(By.id("connection")).getText()));
        String meanwhile = report();
        RunningPlatform.startAgain(Service.NOTIFICATION);

        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("tr[data-incident='" + meanwhile + "']")));
        wait.until(ExpectedConditions.textToBe(By.id("connection"), "live"));
        assertEquals("first", js("return window.meldpuntPageLoad"), "resumed by the EventSource, not by a reload");
        long reported = wait.until(d -> d.findElements(By.cssSelector("#feed li")).stream()
                .filter(li -> li.getText().startsWith("incident.reported")).count());
        assertEquals(2, reported, "each report once in the live feed: none missed, none twice");
    }

    private Object js(String script) {
        return ((JavascriptExecutor) browser).executeScript(script);
    }

    private static String report() throws IOException {
        return given().baseUri(RunningPlatform.url(Service.INCIDENT)).auth().oauth2(SharedStack.token("analyst"))
                .contentType(ContentType.JSON)
                .body(Files.readString(RunningPlatform.repositoryRoot().resolve("docs/examples/clinical-diagnostics.json")))
                .post("/incidents").then().statusCode(201).extract().path("id");
    }

    /** The README's picture of the dashboard: written under target/, copied to docs/ by hand when the page changes. */
    private void screenshot() throws IOException {
        Path png = RunningPlatform.repositoryRoot().resolve("system-tests/target/dashboard.png");
        Files.createDirectories(png.getParent());
        Files.copy(((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(), png, StandardCopyOption.REPLACE_EXISTING);
    }
}
