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
import java.net.Socket;
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
    private static final String BIG_PAGE = "a-big-page";
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
        return browser(name, null);
    }

    private static ChromeDriver browser(String name, String timeZone) throws Exception {
        ChromeDriver browser = Browsers.open(Files.createDirectories(Path.of("target/downloads/" + name)), timeZone);
        browsers.add(browser);
        return browser;
    }

    /**
     * Every visible control has an accessible name, and no two buttons share one (several cards' "Ship", several
     * rows' "Void…" must say which tool or row they act on).
     */
    private static void assertControlsNamedDistinctly(ChromeDriver browser) {
        List<String> buttons = new ArrayList<>();
        for (WebElement control : browser.findElements(By.cssSelector("button, input, select, textarea"))) {
            if (!control.isDisplayed()) {
                continue;
            }
            String name = control.getAccessibleName();
            assertThat(name).as("accessible name of " + control.getTagName() + "#" + control.getAttribute("id"))
                    .isNotBlank();
            if (control.getTagName().equals("button")) {
                buttons.add(name);
            }
        }
        assertThat(buttons).as("button names").doesNotHaveDuplicates();
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
        List<String> seedPage = seedPageLines();
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

        // every scorecard cell: the seed's score, verdict and take where a persona reviewed, "No panel take" elsewhere;
        // and each of those scores is one the seed page itself shows
        for (JsonNode review : seed.get("reviews")) {
            assertThat(seedPage).contains(review.get("score").asInt() + "/100 · "
                    + review.get("verdict").asText().toLowerCase());
        }
        assertScorecardIsTheSeeds(browser, "", List.of(SMOL, "vercel-ai-gateway-v0"));
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
        // the seed page's Bookmarks section: alice has none yet, then the one she adds
        waitIn(voter).until(b -> text(voter, "#bookmarks").contains("No bookmarks yet"));
        assertThat(text(voter, "#bookmarks")).contains("Bookmark tools to save them for later");
        assertThat(seedPageLines()).contains("No bookmarks yet", "Bookmark tools to save them for later",
                "Loading bookmarks...");
        voter.findElement(By.id("bookmark-" + SMOL)).click();
        waitIn(voter).until(b -> !b.findElements(By.cssSelector("#bookmark-list li[data-tool='" + SMOL + "']")).isEmpty());
        assertThat(text(voter, "#bookmark-list")).isEqualTo("SmolVLM 2.5");
        assertThat(text(voter, "#bookmarks")).doesNotContain("No bookmarks yet");
        assertControlsNamedDistinctly(voter);
        voter.executeScript("arguments[0].scrollIntoView()", voter.findElement(By.id("bookmarks-h")));
        Browsers.screenshot(voter, "2a-voter-bookmarks");
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
        String atVote = "#asof-cards .community[data-tool='" + SMOL + "']";
        waitIn(moderator).until(b -> text(moderator, atVote).equals("100% ship · 1 ship / 0 skip"));
        // the tool's page as it stood, whole: its card with the description, the decision table, every scorecard cell
        assertWholePageAsOf(moderator, List.of(SMOL));
        moderator.executeScript("arguments[0].scrollIntoView()", moderator.findElement(By.id("asof-h")));
        Browsers.screenshot(moderator, "4-console-as-of-the-vote");
        slider.sendKeys(Keys.ARROW_LEFT);
        waitIn(moderator).until(b -> !text(moderator, "#asof-at").contains("after VoteCast"));
        waitIn(moderator).until(b -> text(moderator, atVote).equals("No community votes yet"));
        slider.sendKeys(Keys.END);
        waitIn(moderator).until(b -> text(moderator, "#asof-at").contains("after VoteVoided"));
        waitIn(moderator).until(b -> text(moderator, atVote).equals("No community votes yet"));
        Browsers.screenshot(moderator, "5-console-history-and-void");
        assertControlsNamedDistinctly(moderator);

        // the comparison's page as it stood now: both tools, whole, as the comparison page shows them
        new Select(moderator.findElement(By.id("subject-kind"))).selectByValue("comparisons");
        moderator.findElement(By.id("subject-id")).clear();
        moderator.findElement(By.id("subject-id")).sendKeys(SEED_ID);
        moderator.findElement(By.id("subject-open")).click();
        waitIn(moderator).until(b -> text(moderator, "#asof-title").startsWith("SmolVLM 2.5 vs Vercel AI Gateway (v0), as of"));
        waitIn(moderator).until(b -> text(moderator, "#asof-at").contains("after VoteVoided"));
        assertWholePageAsOf(moderator, List.of(SMOL, "vercel-ai-gateway-v0"));
        moderator.executeScript("arguments[0].scrollIntoView()", moderator.findElement(By.id("asof-h")));
        Browsers.screenshot(moderator, "5a-console-comparison-as-of");
        new Select(moderator.findElement(By.id("subject-kind"))).selectByValue("tools");
        moderator.findElement(By.id("subject-id")).clear();
        moderator.findElement(By.id("subject-id")).sendKeys(SMOL);
        moderator.findElement(By.id("subject-open")).click();
        waitIn(moderator).until(b -> text(moderator, "#asof-title").startsWith("SmolVLM 2.5, as of"));

        // suspend and reinstate: the voter's own history shows each, with its reason, after it
        new Select(moderator.findElement(By.id("mod-action"))).selectByValue("suspend");
        moderator.findElement(By.id("mod-voter")).clear();
        moderator.findElement(By.id("mod-voter")).sendKeys("alice");
        moderator.findElement(By.id("mod-reason")).sendKeys("vote ring with two sock puppets");
        moderator.findElement(By.id("mod-submit")).click();
        waitIn(moderator).until(b -> !b.findElements(By.cssSelector("#voter-history tr[data-type='VoterSuspended']")).isEmpty());
        assertThat(text(moderator, "#voter-history tr[data-type='VoterSuspended']"))
                .contains("vote ring with two sock puppets", "mia");
        new Select(moderator.findElement(By.id("mod-action"))).selectByValue("reinstate");
        moderator.findElement(By.id("mod-reason")).sendKeys("appeal upheld");
        moderator.findElement(By.id("mod-submit")).click();
        waitIn(moderator).until(b -> !b.findElements(By.cssSelector("#voter-history tr[data-type='VoterReinstated']")).isEmpty());
        assertThat(text(moderator, "#voter-history tr[data-type='VoterReinstated']")).contains("appeal upheld");

        // lock and unlock: in the tool's history after each
        new Select(moderator.findElement(By.id("mod-action"))).selectByValue("lock");
        moderator.findElement(By.id("mod-tool")).clear();
        moderator.findElement(By.id("mod-tool")).sendKeys(SMOL);
        moderator.findElement(By.id("mod-reason")).sendKeys("brigading from a forum thread");
        moderator.findElement(By.id("mod-submit")).click();
        waitIn(moderator).until(b -> !b.findElements(By.cssSelector("#history tr[data-type='ToolVotingLocked']")).isEmpty());
        new Select(moderator.findElement(By.id("mod-action"))).selectByValue("unlock");
        moderator.findElement(By.id("mod-reason")).sendKeys("thread moderated");
        moderator.findElement(By.id("mod-submit")).click();
        waitIn(moderator).until(b -> !b.findElements(By.cssSelector("#history tr[data-type='ToolVotingUnlocked']")).isEmpty());
        assertThat(text(moderator, "#history tr[data-type='ToolVotingUnlocked']")).contains("thread moderated");
        moderator.executeScript("arguments[0].scrollIntoView()", moderator.findElement(By.id("moderate-h")));
        Browsers.screenshot(moderator, "5b-console-voter-history");

        // the voter history is the moderators': an analyst is refused, the moderator reads both events by key
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        String path = web + "/api/v1/voters/by-key/" + java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString("alice".getBytes(StandardCharsets.UTF_8)) + "/history";
        assertThat(client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(path))
                .header("Authorization", "Bearer " + token("ana", "analyst")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(403);
        JsonNode record = new ObjectMapper().readTree(client.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(web + "/api/v1/voters/alice/history"))
                .header("Authorization", "Bearer " + token("mia", "moderator")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body());
        assertThat(record.get("events").findValuesAsText("type")).containsExactly("VoterSuspended", "VoterReinstated");
        assertThat(record.get("events").findValuesAsText("reason"))
                .containsExactly("vote ring with two sock puppets", "appeal upheld");
        assertThat(Browsers.consoleErrors(moderator)).isEmpty();
    }

    @Test
    @Order(4)
    void an_analyst_reads_the_trend_chart_and_downloads_its_csv() throws Exception {
        // a browser whose clock is 5½ hours off UTC: the range sent must still be the UTC hours typed
        ChromeDriver analyst = browser("analyst", "Asia/Kolkata");
        Path downloads = Path.of("target/downloads/analyst");
        analyst.get(web + "/console");
        signIn(analyst, token("ana", "analyst"));
        analyst.findElement(By.id("trend-tool")).clear();
        analyst.findElement(By.id("trend-tool")).sendKeys(SMOL);
        new Select(analyst.findElement(By.id("trend-bucket"))).selectByValue("hour");
        assertThat(text(analyst, "label[for='trend-from']")).isEqualTo("From (UTC)");
        assertThat(text(analyst, "#trend-zone")).contains("UTC+05:30");
        java.time.Instant hour = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.HOURS);
        java.time.format.DateTimeFormatter typed = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm")
                .withZone(java.time.ZoneOffset.UTC);
        analyst.executeScript("arguments[0].value = arguments[1]; arguments[2].value = arguments[3];",
                analyst.findElement(By.id("trend-from")), typed.format(hour.minusSeconds(7200)),
                analyst.findElement(By.id("trend-to")), typed.format(hour.plusSeconds(7200)));
        analyst.findElement(By.id("trend-load")).click();
        waitIn(analyst).until(b -> !b.findElements(By.cssSelector("#trend-chart canvas")).isEmpty());
        // from H−2 to H+2 (UTC): the hour buckets starting H−2, H−1, H, H+1
        assertThat(text(analyst, "#trend-caption")).isEqualTo("4 points, " + hour.minusSeconds(7200) + " to "
                + hour.plusSeconds(3600) + " (UTC bucket starts)");
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
        assertThat(lines).hasSize(5);

        // top movers over a window the analyst picks
        new Select(analyst.findElement(By.id("movers-window"))).selectByValue("P1D");
        analyst.findElement(By.id("movers-load")).click();
        waitIn(analyst).until(b -> text(analyst, "#movers-caption").equals("Top movers, last day (P1D)"));
        assertControlsNamedDistinctly(analyst);
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

    @Test
    @Order(8)
    void a_client_that_stops_reading_delays_no_one_and_one_address_holds_at_most_eight_streams() throws Exception {
        // a page of about 100 KB (4 tools, long descriptions, 5 long takes each): 60 pushes of it are about 6 MB, more
        // than the kernel buffers a connection on loopback (the sender's grows to 4 MB here, net.ipv4.tcp_wmem)
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        String command = stack.fleet.baseUrl(Service.COMMAND);
        String editor = token("big-editor", "editor");
        List<String> bigTools = List.of("big-page-tool-1", "big-page-tool-2", "big-page-tool-3", "big-page-tool-4");
        List<String> written = new ArrayList<>();
        for (String tool : bigTools) {
            written.add(write(client, "POST", command + "/api/v1/tools", editor, new ObjectMapper().createObjectNode()
                    .put("id", tool).put("name", tool).put("tagline", "A big page's tool")
                    .put("description", longText(tool + " description ", 4000)).put("category", "Developer Tools")
                    .put("bestFor", "Filling buffers").set("pricing", new ObjectMapper().createObjectNode()
                            .put("model", "FREE").put("entry", "Free").put("details", "Free"))));
            for (String persona : List.of("BUILDER", "SKEPTIC", "FUTURIST", "FOUNDER", "PM")) {
                written.add(write(client, "PUT", command + "/api/v1/tools/" + tool + "/reviews/" + persona,
                        RunningStack.panelist("big-" + persona.toLowerCase(), persona), new ObjectMapper()
                                .createObjectNode().put("score", 50).put("verdict", "SHIP")
                                .put("text", longText(tool + " " + persona + " take ", 4000))));
            }
        }
        written.add(write(client, "POST", command + "/api/v1/comparisons", editor, new ObjectMapper().readTree(
                "{\"id\":\"" + BIG_PAGE + "\",\"title\":\"A big page\",\"toolIds\":" + new ObjectMapper()
                        .writeValueAsString(bigTools) + "}")));
        for (int from = 0; from < written.size(); from += 20) {
            StringBuilder waitFor = new StringBuilder();
            for (String t : written.subList(from, Math.min(written.size(), from + 20))) {
                waitFor.append(waitFor.length() == 0 ? "?" : "&").append("waitFor=")
                        .append(java.net.URLEncoder.encode(t, StandardCharsets.UTF_8));
            }
            assertThat(client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(web + "/api/v1/comparisons"
                    + waitFor)).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        }

        // a stream whose client never reads, with the smallest receive window the kernel allows: the server's
        // writes to it block once the page pushes below fill its buffers
        Socket stalled = openStream(BIG_PAGE, 1024);
        List<JsonNode> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        Socket reader = openStream(BIG_PAGE, 0);
        Thread reading = new Thread(() -> {
            try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(reader.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.startsWith("data:")) {
                        seen.add(new ObjectMapper().readTree(line.substring("data:".length())));
                    }
                }
            } catch (java.io.IOException closed) {
                // the test closes the socket at its end
            }
        });
        reading.setDaemon(true);
        reading.start();
        await().atMost(PATIENCE).until(() -> !seen.isEmpty());

        // 60 voters ship the big page's first tool one after another: every vote a change, every change a page pushed
        String voted = bigTools.get(0);
        int voters = 60;
        String last = null;
        for (int i = 0; i < voters; i++) {
            last = write(client, "PUT", command + "/api/v1/tools/" + voted + "/vote", token("crowd-" + i, "voter"),
                    new ObjectMapper().createObjectNode().put("choice", "SHIP"));
        }
        // the tool had no vote before: 60 ship now, once the read side has the last vote
        java.net.http.HttpResponse<String> settled = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                web + "/api/v1/tools/" + voted + "?waitFor=" + java.net.URLEncoder.encode(last, StandardCharsets.UTF_8)))
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(new ObjectMapper().readTree(settled.body()).get("community").get("ship").asInt()).isEqualTo(voters);
        long readable = System.nanoTime();
        // the reading client gets that page promptly, though the stalled one has not read a byte (before the fix, the
        // single pusher sat in the stalled client's write until the connection's write timeout, a minute)
        await().atMost(Duration.ofSeconds(20)).until(() -> seen.stream().anyMatch(page -> shipOf(page, voted) == voters));
        System.out.printf("live page with the last vote reached the reading client %d ms after it was readable; "
                + "%d pages seen%n", (System.nanoTime() - readable) / 1_000_000, seen.size());
        // and still after the server has given up on the stalled stream, which it does once a send has been blocked
        // for 10 s (its metric counts the drop), one more vote reaches the reader
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                .until(() -> stalledStreamsDropped(client) >= 1);
        String oneMore = write(client, "PUT", command + "/api/v1/tools/" + voted + "/vote", token("crowd-late", "voter"),
                new ObjectMapper().createObjectNode().put("choice", "SHIP"));
        assertThat(client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(web + "/api/v1/tools/" + voted
                + "?waitFor=" + java.net.URLEncoder.encode(oneMore, StandardCharsets.UTF_8))).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> seen.stream().anyMatch(page -> shipOf(page, voted) == voters + 1));
        stalled.close();
        reader.close();

        // the cap: the browsers' and this test's streams gone (the server notices at its next write), 8 streams from
        // this address are served and the 9th is refused with 429 and Retry-After
        for (ChromeDriver browser : browsers) {
            browser.quit();
        }
        browsers.clear();
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(3)).until(() -> {
            List<Socket> open = new ArrayList<>();
            try {
                for (int i = 0; i < 8; i++) {
                    Socket stream = openStream(SEED_ID, 0);
                    open.add(stream);
                    if (!statusAndHeaders(stream).matches("(?s)HTTP/1\\.[01] 200 .*")) {
                        return false;
                    }
                }
                Socket ninth = openStream(SEED_ID, 0);
                open.add(ninth);
                String answer = statusAndHeaders(ninth);
                assertThat(answer).matches("(?s)HTTP/1\\.[01] 429 .*");
                assertThat(answer.toLowerCase()).contains("retry-after: 30");
                assertThat(answer.toLowerCase()).contains("content-type: application/problem+json");
                return true;
            } finally {
                for (Socket stream : open) {
                    stream.close();
                }
            }
        });
    }

    /** The query service's count of live streams it dropped because their client stopped reading. */
    private double stalledStreamsDropped(java.net.http.HttpClient client) throws Exception {
        // the whole scrape: a name filter matches the metric family's name, which for a counter has no _total
        String metrics = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(web
                + "/actuator/prometheus")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        return metrics.lines().filter(line -> line.startsWith("shiporskip_pages_live_stalled_dropped_total"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    private static int shipOf(JsonNode page, String toolId) {
        for (JsonNode tool : page.path("tools")) {
            if (tool.get("id").asText().equals(toolId)) {
                return tool.get("community").get("ship").asInt();
            }
        }
        return -1;
    }

    /** A write to the command service that must succeed: its consistency token. */
    private static String write(java.net.http.HttpClient client, String method, String url, String token, JsonNode body)
            throws Exception {
        java.net.http.HttpResponse<String> answer = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method(method, java.net.http.HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(method + " " + url + ": " + answer.body()).isBetween(200, 204);
        return answer.headers().firstValue("Consistency-Token").orElseThrow();
    }

    /** Text of exactly {@code length} characters, words of {@code words} repeated. */
    private static String longText(String words, int length) {
        return words.repeat(length / words.length() + 1).substring(0, length).strip();
    }

    /** A live stream of a comparison page over a plain socket (receiveBuffer > 0: that SO_RCVBUF), Accept as a browser's. */
    private static Socket openStream(String comparisonId, int receiveBuffer) throws java.io.IOException {
        java.net.URI base = java.net.URI.create(web);
        Socket socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(new java.net.InetSocketAddress(base.getHost(), base.getPort()), 10_000);
        socket.setSoTimeout(30_000);
        // HTTP/1.0: the answer is not chunked, so the stream reads as the event lines themselves
        socket.getOutputStream().write(("GET /api/v1/comparisons/" + comparisonId + "/live HTTP/1.0\r\nHost: "
                + base.getHost() + ":" + base.getPort() + "\r\nAccept: text/event-stream\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        return socket;
    }

    /** The answer's status line and headers. */
    private static String statusAndHeaders(Socket socket) throws java.io.IOException {
        StringBuilder head = new StringBuilder();
        InputStream in = socket.getInputStream();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        return head.toString();
    }

    private static List<String> seedPageLines() throws java.io.IOException {
        return Files.readAllLines(Path.of(System.getProperty("shiporskip.repository", ".."))
                .resolve("../shared/seed/comparison-page.txt"), StandardCharsets.UTF_8);
    }

    /**
     * The console's as-of view holds the whole page of these seed tools (their cards, decision table, scorecard), as
     * the seed gives them: names, taglines, descriptions, best-for, pricing, panel verdicts, every scorecard cell.
     */
    private static void assertWholePageAsOf(ChromeDriver browser, List<String> toolIds) {
        String page = text(browser, "#asof-page");
        String decision = text(browser, "#asof-decision");
        for (JsonNode tool : seed.get("tools")) {
            if (!toolIds.contains(tool.get("id").asText())) {
                continue;
            }
            assertThat(page).contains(tool.get("name").asText(), tool.get("tagline").asText(),
                    tool.get("description").asText(), tool.get("category").asText());
            assertThat(decision).contains(tool.get("bestFor").asText(),
                    tool.get("pricing").get("details").asText());
        }
        assertThat(decision.split("Ship · 4 ship / 0 skip", -1)).as("panel verdicts").hasSize(toolIds.size() + 1);
        assertThat(decision).contains("Best for", "Category", "Pricing", "Community");
        assertScorecardIsTheSeeds(browser, "#asof-scorecard", toolIds);
    }

    /** Every scorecard cell under {@code scope}: the seed's score and verdict, or "No panel take". */
    private static void assertScorecardIsTheSeeds(ChromeDriver browser, String scope, List<String> toolIds) {
        for (String tool : toolIds) {
            for (String persona : List.of("BUILDER", "SKEPTIC", "FUTURIST", "FOUNDER", "PM")) {
                String cell = text(browser, scope + " td[data-persona='" + persona + "'][data-tool='" + tool + "']");
                JsonNode review = null;
                for (JsonNode r : seed.get("reviews")) {
                    if (r.get("toolId").asText().equals(tool) && r.get("persona").asText().equals(persona)) {
                        review = r;
                    }
                }
                if (review == null) {
                    assertThat(cell).as(tool + " " + persona).isEqualTo("No panel take");
                } else {
                    assertThat(cell).as(tool + " " + persona).startsWith(review.get("score").asInt() + "/100 · "
                            + review.get("verdict").asText().toLowerCase());
                    assertThat(cell).as(tool + " " + persona + " take").contains(review.get("text").asText());
                }
            }
        }
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
