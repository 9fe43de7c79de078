package io.shiporskip.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shiporskip.infra.seed.SeedLoader;
import io.shiporskip.infra.stack.Service;
import io.shiporskip.infra.tokens.DevTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.shiporskip.e2e.RunningStack.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The web app in a real browser (headless Debian Chromium) against the real stack: the seed page as people see it,
 * a vote that a second browser sees arrive without reloading, a moderator voiding it and moving the as-of slider
 * (by keyboard), an analyst's trend chart and CSV. Expected texts come from the seed files, never from the app.
 * Screenshots of every screen go to {@code e2e-tests/target/screenshots/}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebAppIT {

    private static final String SEED_ID = "smolvlm-2-5-vs-vercel-ai-gateway-v0";
    private static final String SMOL = "smolvlm-2-5";
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static RunningStack stack;
    private static String web;
    private static JsonNode seed;
    private static final List<ChromeDriver> browsers = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        stack = new RunningStack("web-app");
        web = stack.fleet.baseUrl(Service.QUERY);
        new SeedLoader(stack.fleet.baseUrl(Service.COMMAND), web, DevTokens.LOCAL_DEV_SECRET).loadSeedPage();
        try (InputStream in = SeedLoader.class.getResourceAsStream(SeedLoader.SEED_PAGE)) {
            seed = new ObjectMapper().readTree(in);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        for (ChromeDriver browser : browsers) {
            browser.quit();
        }
        if (stack != null) {
            stack.close();
        }
    }

    private static ChromeDriver browser(String name) throws Exception {
        ChromeDriver browser = Browsers.open(Files.createDirectories(Path.of("target/downloads/" + name)));
        browsers.add(browser);
        return browser;
    }

    /** Waits; a timeout says what the page told the person and what its console logged. */
    private static WebDriverWait waitIn(ChromeDriver browser) {
        WebDriverWait wait = new WebDriverWait(browser, PATIENCE);
        // the pages re-render (a live update, a new as-of answer): an element read as it is replaced is read again
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        wait.withMessage(() -> "page message: '" + browser.findElements(By.id("messages")).stream()
                .map(WebElement::getText).findFirst().orElse("") + "', console: " + Browsers.consoleErrors(browser));
        return wait;
    }

    private static String text(ChromeDriver browser, String css) {
        return browser.findElement(By.cssSelector(css)).getText();
    }

    private static void signIn(ChromeDriver browser, String token) {
        waitIn(browser).until(b -> !b.findElements(By.id("token-input")).isEmpty());
        browser.findElement(By.id("token-input")).sendKeys(token);
        browser.findElement(By.id("token-use")).click();
        waitIn(browser).until(b -> b.findElement(By.id("signin")).getText().contains("Signed in as"));
    }

    @Test
    @Order(1)
    void the_seed_page_shows_what_the_seed_page_shows() throws Exception {
        ChromeDriver browser = browser("reader");
        browser.get(web + "/compare/" + SEED_ID);
        waitIn(browser).until(b -> b.findElement(By.id("title")).getText().equals("SmolVLM 2.5 vs Vercel AI Gateway (v0)"));
        String visible = browser.findElement(By.tagName("body")).getText();

        // the real page's text, line for line where the data model holds it
        List<String> seedPage = Files.readAllLines(Path.of(System.getProperty("shiporskip.repository", ".."))
                .resolve("../shared/seed/comparison-page.txt"), StandardCharsets.UTF_8);
        for (String line : List.of("SmolVLM 2.5", "Vercel AI Gateway (v0)",
                "2B-param vision-language model that punches way above its weight",
                "Model fallback, rate limits, and cost tracking baked into v0", "Free / Open weights (Apache 2.0)",
                "Included with Vercel Pro ($20/mo) and Enterprise (custom)", "Developer Tools", "Reviewer scorecard",
                "Which one should you ship with? Here is the side-by-side panel verdict, pricing read, reviewer split, "
                        + "and community vote comparison.")) {
            assertThat(seedPage).as("the seed page holds it").contains(line);
            assertThat(visible).contains(line);
        }
        for (JsonNode tool : seed.get("tools")) {
            assertThat(visible).contains(tool.get("description").asText());
        }
        assertThat(visible.split("Ship · 4 ship / 0 skip", -1)).as("both panel verdicts").hasSize(3);
        assertThat(visible).contains("No community votes yet");

        // every scorecard cell: the seed's score and verdict where a persona reviewed, "No panel take" elsewhere
        for (String tool : List.of(SMOL, "vercel-ai-gateway-v0")) {
            for (String persona : List.of("BUILDER", "SKEPTIC", "FUTURIST", "FOUNDER", "PM")) {
                String cell = text(browser, "td[data-persona='" + persona + "'][data-tool='" + tool + "']");
                JsonNode review = null;
                for (JsonNode r : seed.get("reviews")) {
                    if (r.get("toolId").asText().equals(tool) && r.get("persona").asText().equals(persona)) {
                        review = r;
                    }
                }
                if (review == null) {
                    assertThat(cell).as(tool + " " + persona).isEqualTo("No panel take");
                } else {
                    String score = review.get("score").asInt() + "/100 · " + review.get("verdict").asText().toLowerCase();
                    assertThat(seedPage).as("the seed page shows " + score).contains(score);
                    assertThat(cell).as(tool + " " + persona).startsWith(score);
                }
            }
        }
        Browsers.screenshot(browser, "1-comparison-page");
        assertThat(Browsers.consoleErrors(browser)).isEmpty();
    }

    @Test
    @Order(2)
    void a_vote_shows_at_once_for_the_voter_and_arrives_live_in_another_browser() throws Exception {
        ChromeDriver watcher = browser("watcher");
        watcher.get(web + "/compare/" + SEED_ID);
        waitIn(watcher).until(b -> b.findElement(By.id("live")).getText().startsWith("Live"));
        watcher.executeScript("window.notReloaded = 'still this page';");

        ChromeDriver voter = browser("voter");
        voter.get(web + "/compare/" + SEED_ID);
        signIn(voter, token("alice", "voter"));
        waitIn(voter).until(b -> !b.findElements(By.id("vote-ship-" + SMOL)).isEmpty());
        voter.findElement(By.id("vote-ship-" + SMOL)).click();

        waitIn(voter).until(b -> text(voter, "#my-vote-" + SMOL).equals("Your vote: Ship"));
        waitIn(voter).until(b -> text(voter, ".community[data-tool='" + SMOL + "']").equals("100% ship · 1 ship / 0 skip"));
        Browsers.screenshot(voter, "2-voter-after-ship");

        waitIn(watcher).until(b -> text(watcher, ".community[data-tool='" + SMOL + "']")
                .equals("100% ship · 1 ship / 0 skip"));
        assertThat(watcher.executeScript("return window.notReloaded")).isEqualTo("still this page");
        waitIn(watcher).until(b -> text(watcher, ".community[data-tool='vercel-ai-gateway-v0']")
                .equals("No community votes yet"));
        Browsers.screenshot(watcher, "3-watcher-live-tally");
        assertThat(Browsers.consoleErrors(voter)).isEmpty();
        assertThat(Browsers.consoleErrors(watcher)).isEmpty();
    }

    @Test
    @Order(3)
    void a_moderator_voids_the_vote_finds_it_in_the_history_and_slides_back_before_it() throws Exception {
        ChromeDriver moderator = browser("moderator");
        moderator.get(web + "/console?tool=" + SMOL);
        signIn(moderator, token("mia", "moderator"));
        waitIn(moderator).until(b -> b.findElement(By.id("subject-id")).getAttribute("value").equals(SMOL));
        moderator.findElement(By.id("subject-open")).click();
        waitIn(moderator).until(b -> !b.findElements(By.cssSelector("#history tr[data-type='VoteCast']")).isEmpty());

        new Select(moderator.findElement(By.id("mod-action"))).selectByValue("void");
        moderator.findElement(By.id("mod-tool")).sendKeys(SMOL);
        moderator.findElement(By.id("mod-voter")).sendKeys("alice");
        moderator.findElement(By.id("mod-submit")).click();
        // no reason: refused in words, nothing sent
        waitIn(moderator).until(b -> text(moderator, "#messages").contains("reason is required"));
        moderator.findElement(By.id("mod-reason")).sendKeys("brigading from one address");
        moderator.findElement(By.id("mod-submit")).click();
        waitIn(moderator).until(b -> !b.findElements(By.cssSelector("#history tr[data-type='VoteVoided']")).isEmpty());
        assertThat(text(moderator, "#history tr[data-type='VoteVoided']")).contains("brigading from one address");

        // after the void the console reloads the slider's timeline and puts it at the newest event
        waitIn(moderator).until(b -> text(moderator, "#asof-at").contains("after VoteVoided"));

        // the slider, by keyboard: to the vote, where the tally had it; one step back, before it; the end, voided
        WebElement slider = moderator.findElement(By.id("asof-slider"));
        slider.sendKeys(Keys.HOME);
        for (int step = 0; step < 50 && !text(moderator, "#asof-at").contains("after VoteCast"); step++) {
            slider.sendKeys(Keys.ARROW_RIGHT);
        }
        String atVote = "td.asof-community[data-tool='" + SMOL + "']";
        waitIn(moderator).until(b -> text(moderator, atVote).equals("100% ship · 1 ship / 0 skip"));
        Browsers.screenshot(moderator, "4-console-as-of-the-vote");
        slider.sendKeys(Keys.ARROW_LEFT);
        waitIn(moderator).until(b -> !text(moderator, "#asof-at").contains("after VoteCast"));
        waitIn(moderator).until(b -> text(moderator, atVote).equals("No community votes yet"));
        slider.sendKeys(Keys.END);
        waitIn(moderator).until(b -> text(moderator, "#asof-at").contains("after VoteVoided"));
        waitIn(moderator).until(b -> text(moderator, atVote).equals("No community votes yet"));
        Browsers.screenshot(moderator, "5-console-history-and-void");
        assertThat(Browsers.consoleErrors(moderator)).isEmpty();
    }

    @Test
    @Order(4)
    void an_analyst_reads_the_trend_chart_and_downloads_its_csv() throws Exception {
        ChromeDriver analyst = browser("analyst");
        Path downloads = Path.of("target/downloads/analyst");
        analyst.get(web + "/console");
        signIn(analyst, token("ana", "analyst"));
        analyst.findElement(By.id("trend-tool")).clear();
        analyst.findElement(By.id("trend-tool")).sendKeys(SMOL);
        new Select(analyst.findElement(By.id("trend-bucket"))).selectByValue("hour");
        analyst.findElement(By.id("trend-load")).click();
        waitIn(analyst).until(b -> !b.findElements(By.cssSelector("#trend-chart canvas")).isEmpty());
        // the test's own fold of what it did: alice cast one vote, the moderator voided it
        Map<String, Integer> sums = columnSums(analyst.findElements(By.cssSelector("#trend-table tbody tr")).stream()
                .map(row -> String.join(",", row.findElements(By.tagName("td")).stream().map(WebElement::getText).toList()))
                .toList());
        assertThat(sums).containsEntry("cast", 1).containsEntry("voided", 1).containsEntry("changed", 0);
        Browsers.screenshot(analyst, "6-console-trend-chart");

        analyst.findElement(By.id("trend-csv")).click();
        Path csv = downloads.resolve(SMOL + "-votes-hour.csv");
        await().atMost(PATIENCE).until(() -> Files.exists(csv) && Files.size(csv) > 0);
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.get(0)).isEqualTo("start,cast,changed,retracted,voided,ship,skip");
        assertThat(columnSums(lines.subList(1, lines.size()))).containsEntry("cast", 1).containsEntry("voided", 1);
        assertThat(Browsers.consoleErrors(analyst)).isEmpty();
    }

    @Test
    @Order(5)
    void the_command_service_and_the_projector_answer_cross_origin_requests_from_the_app_origin_only() throws Exception {
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        for (Service service : List.of(Service.COMMAND, Service.PROJECTOR)) {
            for (String origin : List.of(web, "http://evil.example", "null")) {
                java.net.http.HttpResponse<String> preflight = client.send(java.net.http.HttpRequest.newBuilder(
                                java.net.URI.create(stack.fleet.baseUrl(service) + "/api/v1/tools/" + SMOL + "/vote"))
                        .method("OPTIONS", java.net.http.HttpRequest.BodyPublishers.noBody())
                        .header("Origin", origin).header("Access-Control-Request-Method", "PUT")
                        .header("Access-Control-Request-Headers", "authorization,content-type").build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                if (origin.equals(web)) {
                    assertThat(preflight.statusCode()).as(service + " " + origin).isEqualTo(200);
                    assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).contains(web);
                } else {
                    assertThat(preflight.statusCode()).as(service + " " + origin).isEqualTo(403);
                    assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
                }
            }
        }
    }

    @Test
    @Order(6)
    void the_live_stream_is_public_starts_with_the_page_and_answers_404_for_an_unknown_comparison() throws Exception {
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpResponse<java.util.stream.Stream<String>> live = client.send(java.net.http.HttpRequest
                        .newBuilder(java.net.URI.create(web + "/api/v1/comparisons/" + SEED_ID + "/live")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofLines());
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(live.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("text/event-stream"));
        List<String> first;
        try (java.util.stream.Stream<String> lines = live.body()) {
            first = lines.limit(3).toList();
        }
        assertThat(first.get(0)).isEqualTo("event:page");
        assertThat(first.get(1)).matches("id:[0-9]+");
        assertThat(new ObjectMapper().readTree(first.get(2).substring("data:".length())).get("id").asText())
                .isEqualTo(SEED_ID);

        java.net.http.HttpResponse<String> unknown = client.send(java.net.http.HttpRequest
                        .newBuilder(java.net.URI.create(web + "/api/v1/comparisons/no-such-page/live")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(new ObjectMapper().readTree(unknown.body()).get("type").asText()).endsWith("comparison-not-found");
    }

    @Test
    @Order(7)
    void in_the_local_profile_the_development_sign_in_mints_a_token_the_services_accept() throws Exception {
        ChromeDriver browser = browser("dev-sign-in");
        browser.get(web + "/compare/" + SEED_ID);
        waitIn(browser).until(b -> !b.findElements(By.id("dev-signin")).isEmpty());
        browser.findElement(By.id("dev-sub")).clear();
        browser.findElement(By.id("dev-sub")).sendKeys("dev-bob");
        new Select(browser.findElement(By.id("dev-role"))).selectByValue("voter");
        browser.findElement(By.id("dev-signin")).click();
        waitIn(browser).until(b -> text(browser, "#signin").contains("Signed in as dev-bob (voter)"));
        waitIn(browser).until(b -> !b.findElements(By.id("vote-skip-vercel-ai-gateway-v0")).isEmpty());
        browser.findElement(By.id("vote-skip-vercel-ai-gateway-v0")).click();
        waitIn(browser).until(b -> text(browser, "#my-vote-vercel-ai-gateway-v0").equals("Your vote: Skip"));
        waitIn(browser).until(b -> text(browser, ".community[data-tool='vercel-ai-gateway-v0']")
                .equals("0% ship · 0 ship / 1 skip"));
        assertThat(Browsers.consoleErrors(browser)).isEmpty();
    }

    private static Map<String, Integer> columnSums(List<String> rows) {
        String[] names = {"start", "cast", "changed", "retracted", "voided", "ship", "skip"};
        Map<String, Integer> sums = new java.util.HashMap<>();
        for (String row : rows) {
            String[] cells = row.split(",");
            for (int i = 1; i < names.length && i < cells.length; i++) {
                sums.merge(names[i], Integer.parseInt(cells[i].trim()), Integer::sum);
            }
        }
        return sums;
    }
}
