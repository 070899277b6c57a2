package dev.convolens.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.Route;
import dev.convolens.facts.FactsUpdater;
import dev.convolens.loading.Loading;
import dev.convolens.support.Http;
import dev.convolens.support.ServerTest;
import dev.convolens.support.TestTenant;
import dev.convolens.support.TestTenants;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The dashboard at {@code /} in headless Chromium (Debian's /usr/bin/chromium, driven by Playwright) against the
 * running service: what a support manager does with it, and screenshots of every view at desktop and phone width.
 */
class DashboardPageTest extends ServerTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    static Playwright playwright;
    static Browser browser;

    @Autowired
    FactsUpdater facts;
    @Autowired
    Loading loading;

    BrowserContext context;

    @BeforeAll
    static void launch() {
        if (!Files.isExecutable(CHROMIUM)) {
            fail("Chromium is missing: the dashboard tests drive " + CHROMIUM
                    + ". Install it with: apt-get update && apt-get install -y chromium");
        }
        playwright = Playwright.create();
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(CHROMIUM)
                .setHeadless(true).setArgs(List.of("--no-sandbox", "--disable-background-networking",
                        "--disable-component-update", "--disable-quic", "--disable-gpu", "--no-first-run")));
    }

    @AfterAll
    static void close() {
        if (browser != null) browser.close();
        if (playwright != null) playwright.close();
    }

    @AfterEach
    void closeContext() {
        if (context != null) context.close();
    }

    Page open(int width, int height) {
        context = browser.newContext(new Browser.NewContextOptions().setViewportSize(width, height)
                .setDeviceScaleFactor(1).setTimezoneId("America/New_York"));
        context.setDefaultTimeout(15_000);
        Page page = context.newPage();
        page.navigate("http://127.0.0.1:" + port + "/");
        return page;
    }

    Page signedIn(TestTenant t) {
        Page page = open(1280, 860);
        page.fill("#signin-key", t.key());
        page.click("#signin-submit");
        page.waitForSelector("#conn[data-state=live]");
        return page;
    }

    TestTenant desk(String timezone) {
        TestTenant t = newTenant(timezone, "ingest", "read", "admin");
        // the desk's waiting chats (40 s to 190 s) are within its expiry: a wait past it is a miss, not a wait
        http().patch("/api/tenants/" + t.id(), t.key(), "{\"settings\":{\"livechatExpirySeconds\":600}}");
        List<String> events = DashboardData.lastDay(Instant.now().truncatedTo(ChronoUnit.MILLIS));
        Http.Response r = http().post("/api/events", t.key(), "[" + String.join(",", events) + "]");
        assertThat(r.json().get("accepted").asInt()).as(r.body()).isEqualTo(events.size());
        facts.flush();
        return t;
    }

    @Test
    void signingInShowsTheNumbersTheApiReturns() {
        TestTenant t = desk("Europe/Berlin");
        Page page = signedIn(t);

        JsonNode api = http().get("/api/analytics/realtime", t.key()).json();
        assertThat(page.getAttribute("#card-active", "data-value")).isEqualTo(api.get("activeConversations").asString());
        assertThat(page.getAttribute("#card-messages", "data-value")).isEqualTo(api.get("messagesLastHour").asString());
        assertThat(page.getAttribute("#card-response", "data-value")).isEqualTo(api.get("avgResponseTimeMs").asString());
        assertThat(Double.parseDouble(page.getAttribute("#card-success", "data-value")))
                .isEqualTo(api.get("successRate").asDouble());
        assertThat(page.textContent("#card-messages .value")).isEqualTo(String.format("%,d", api.get("messagesLastHour").asLong()));
        assertThat(page.textContent("#tenant-name")).isEqualTo("Tenant " + t.id());
        assertThat(page.textContent("#clock")).contains("Europe/Berlin");

        List<String> feed = http().get("/api/analytics/conversations?limit=10", t.key()).json().findValuesAsString("id");
        page.waitForFunction("n => document.querySelectorAll('#feed li').length === n", 10);
        List<String> shown = new ArrayList<>();
        for (var li : page.querySelectorAll("#feed li")) shown.add(li.getAttribute("data-id"));
        assertThat(shown).isEqualTo(feed);
    }

    @Test
    void aPostedEventAppearsInTheFeedAndMovesTheCountersWithinTwoSecondsWithoutAReload() {
        TestTenant t = desk("UTC");
        Page page = signedIn(t);
        long before = Long.parseLong(page.getAttribute("#card-messages", "data-value"));
        page.evaluate("() => { window.notReloaded = true; }");

        long posted = System.nanoTime();
        Http.Response r = http().post("/api/events", t.key(), "[" + DashboardData.e("message.received", "walk-in",
                Instant.now(), ",\"channel\":\"telegram\",\"userId\":\"walk-in customer\"") + "]");
        assertThat(r.status()).isEqualTo(200);
        page.waitForSelector("#feed li[data-id='walk-in']", new Page.WaitForSelectorOptions().setTimeout(2_000));
        long left = Math.max(1, 2_000 - Duration.ofNanos(System.nanoTime() - posted).toMillis());
        page.waitForFunction("n => document.querySelector('#card-messages').dataset.value === n", String.valueOf(before + 1),
                new Page.WaitForFunctionOptions().setTimeout(left));

        assertThat(Duration.ofNanos(System.nanoTime() - posted)).isLessThan(Duration.ofSeconds(2));
        assertThat(page.evaluate("() => window.notReloaded")).isEqualTo(true);
        assertThat(page.getAttribute("#feed li:first-child", "data-id")).isEqualTo("walk-in");
        assertThat(page.textContent("#feed li:first-child .badge")).contains("active");
        assertThat(page.textContent("#feed li:first-child .when")).isEqualTo("just now");
    }

    @Test
    void thePeriodSwitchChangesTheCharts() {
        TestTenant t = desk("Europe/Berlin");
        boolean served = http().get("/api/analytics/response-times?period=24h", t.key()).status() != 404;
        Page page = open(1280, 860);
        if (!served) {
            // the query routes are not on this build: stand in for them with the SPEC §7 shape, to test the page
            page.route("**/api/analytics/response-times?**", chartStub(true));
            page.route("**/api/analytics/message-volume?**", chartStub(false));
        }
        page.fill("#signin-key", t.key());
        page.click("#signin-submit");
        page.waitForSelector("#chart-response[data-state=data][data-period='24h']");
        page.waitForSelector("#chart-volume[data-state=data][data-period='24h']");
        String points24h = page.getAttribute("#chart-response", "data-points");
        Object labels24h = page.evaluate("() => Chart.getChart(document.querySelector('#chart-response canvas')).data.labels.join()");

        page.click(".segmented button[data-period='7d']");
        page.waitForSelector("#chart-response[data-state=data][data-period='7d']:not([data-loading])");
        page.waitForSelector("#chart-volume[data-state=data][data-period='7d']:not([data-loading])");

        assertThat(page.getAttribute(".segmented button[data-period='7d']", "aria-pressed")).isEqualTo("true");
        Object labels7d = page.evaluate("() => Chart.getChart(document.querySelector('#chart-response canvas')).data.labels.join()");
        assertThat(labels7d).isNotEqualTo(labels24h);
        if (!served) assertThat(page.getAttribute("#chart-response", "data-points")).isNotEqualTo(points24h);

        page.click(".segmented button[data-period='30d']");
        page.waitForSelector("#chart-volume[data-state=data][data-period='30d']:not([data-loading])");
        var download = page.waitForDownload(() -> page.click("#chart-volume button.csv"));
        assertThat(download.suggestedFilename()).isEqualTo("message-volume-30d.csv");
    }

    @Test
    void aScheduleCanBeCreatedAndDeletedFromThePage() {
        TestTenant t = desk("Europe/Berlin");
        Assumptions.assumeTrue(http().get("/schedules", t.key()).status() != 404, "no report routes on this build yet");
        Page page = signedIn(t);
        page.click(".tabs button[data-view=reports]");
        page.waitForSelector("#reports-body:not([hidden])");

        page.click("#schedule-new");
        page.fill("#s-name", "Weekly support summary");
        page.selectOption("#s-frequency", "weekly");
        page.selectOption("#s-format", "xlsx");
        page.fill("#s-recipients", "lead@example.com, ops@example.com");
        page.click("#schedule-save");
        page.waitForSelector("#schedules tr[data-name='Weekly support summary']");
        JsonNode stored = http().get("/schedules", t.key()).json();
        assertThat(stored.toString()).contains("Weekly support summary", "lead@example.com", "xlsx");

        page.selectOption("#export-format", "xlsx");
        var xlsx = page.waitForDownload(() -> page.click("#export-download"));
        assertThat(xlsx.suggestedFilename()).startsWith("convolens-" + t.id()).endsWith(".xlsx");
        assertThat(page.textContent("#export-status")).contains("Downloaded");

        page.click("#schedules tr[data-name='Weekly support summary'] button[data-action=delete]");
        page.click("#schedules tr[data-name='Weekly support summary'] button[data-action=delete]");
        page.waitForSelector("#schedules tr[data-name='Weekly support summary']",
                new Page.WaitForSelectorOptions().setState(com.microsoft.playwright.options.WaitForSelectorState.DETACHED));
        assertThat(http().get("/schedules", t.key()).body()).doesNotContain("Weekly support summary");
    }

    @Test
    void withoutReportRoutesTheReportsViewSaysSo() {
        TestTenant t = desk("UTC");
        Assumptions.assumeTrue(http().get("/schedules", t.key()).status() == 404, "the report routes are on this build");
        Page page = signedIn(t);
        page.click(".tabs button[data-view=reports]");

        page.waitForSelector("#reports-unavailable:not([hidden])");
        assertThat(page.textContent("#reports-unavailable")).contains("Reports are not available on this server");
    }

    @Test
    void theLiveChatPanelShowsAcceptedEndedAndMissedChatsAfterAReload() {
        TestTenant t = desk("Europe/Berlin");
        Page page = signedIn(t);
        page.click(".tabs button[data-view=livechat]");
        page.reload();
        page.waitForSelector("#conn[data-state=live]");
        page.waitForSelector("#view-livechat:not([hidden])");

        // DashboardData: of nine chats, #4 was missed, #6-#8 accepted and still on, the other five accepted and ended;
        // three more wait
        page.waitForFunction("() => document.querySelectorAll('#lc-activity li').length === 12");
        assertThat(page.querySelectorAll("#lc-activity li[data-event=accepted]")).hasSize(3);
        assertThat(page.querySelectorAll("#lc-activity li[data-event=ended]")).hasSize(5);
        assertThat(page.querySelectorAll("#lc-activity li[data-event=missed]")).hasSize(1);
        assertThat(page.querySelectorAll("#lc-activity li[data-event=requested]")).hasSize(3);
        assertThat(page.querySelectorAll("#queue li")).hasSize(3);
        // chat-200: requested 25 min ago, accepted by mia.k 15 s later, ended 240 s after that
        var first = page.querySelector("#lc-activity li[data-event=ended]:has(.who:text-is('chat-200'))");
        assertThat(first.textContent()).contains("accepted by mia.k after 15 s, ended after 4 min 00 s");
        assertThat(page.textContent("#lc-activity li[data-event=accepted]:has(.who:text-is('chat-208')) .meta"))
                .startsWith("accepted by mia.k after 1 min 27 s");
    }

    @Test
    void unassignedRequestsAreNotListedAsAnAgent() {
        TestTenant t = desk("Europe/Berlin");
        Page page = signedIn(t);
        page.click(".tabs button[data-view=livechat]");
        page.waitForSelector("#agents tbody tr");

        List<String> names = new ArrayList<>();
        for (var td : page.querySelectorAll("#agents tbody tr td:first-child")) names.add(td.textContent());
        // the four agents accepted today; the missed chat and the three waiting belong to nobody
        assertThat(names.subList(0, 4)).containsExactlyInAnyOrder("mia.k", "li.wen", "sam.ortiz", "noor.h");
        assertThat(names).hasSize(5).doesNotContain("unassigned");
        assertThat(names.get(4)).isEqualTo("Unassigned no agent");
        assertThat(page.getAttribute("#agents tbody tr:last-child", "data-agent")).isEqualTo("unassigned");
        assertThat(page.getAttribute("#agents tbody tr:last-child td:first-child", "class")).isEqualTo("unassigned");
        assertThat(page.textContent("#agents tbody tr:last-child td:nth-child(2)")).isEqualTo("4");
    }

    @Test
    void theLoadingNoticeShowsTheServersProgressWhileHistoryLoadsAndGoesWhenItIsIn() throws Exception {
        TestTenant t = desk("Europe/Berlin");
        Page page = signedIn(t);
        assertThat(page.isHidden("#loading")).isTrue();

        // the demo's progress source: what DemoMode reports while it sends a month of history
        try (Loading.Task history = loading.begin(t.id(), Loading.HISTORY, "days", 30)) {
            history.done(12);
            page.waitForSelector("#loading:not([hidden])");
            assertThat(page.textContent("#loading .load strong")).isEqualTo("Loading history: 12 of 30 days, 40%");
            assertThat(page.getAttribute("#loading progress", "value")).isEqualTo("12");
            assertThat(page.textContent("#loading")).contains("still filling in");
            Files.createDirectories(SCREENSHOTS);
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("overview-loading-desktop.png")));
            history.done(27);
            page.waitForFunction("() => document.querySelector('#loading .load strong').textContent"
                    + " === 'Loading history: 27 of 30 days, 90%'");
        }

        page.waitForSelector("#loading", new Page.WaitForSelectorOptions()
                .setState(com.microsoft.playwright.options.WaitForSelectorState.HIDDEN));
        assertThat(page.textContent("#loading")).isEmpty();
    }

    @Test
    void aChangeThatRoundsToNothingIsShownAsNoChange() {
        TestTenant t = newTenant("UTC", "ingest", "read");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<String> events = new ArrayList<>();
        // 301 messages in the last hour against 300 in the hour before: +0.33 %, which rounds to 0 %
        for (int i = 0; i < 301; i++) events.add(DashboardData.e("message.received", "busy", now.minusSeconds(1800).plusMillis(i), ""));
        for (int i = 0; i < 300; i++) events.add(DashboardData.e("message.received", "busy", now.minusSeconds(5400).plusMillis(i), ""));
        assertThat(http().post("/api/events", t.key(), "[" + String.join(",", events) + "]").json().get("accepted").asInt())
                .isEqualTo(601);
        facts.flush();
        Page page = signedIn(t);

        page.waitForFunction("() => document.querySelector('#card-messages').dataset.value === '301'"
                + " && document.querySelector('#card-messages .trend').textContent !== ''");
        assertThat(page.textContent("#card-messages .trend")).isEqualTo("■ 0% vs previous hour");
        assertThat(page.getAttribute("#card-messages .trend span", "class")).isEqualTo("flat");
        assertThat(page.getAttribute("#card-messages", "data-trend")).isEqualTo("flat");
    }

    @Test
    void onAPhoneTheClockStaysAndTheAgentsTableScrollsInsteadOfBeingCut() {
        TestTenant t = desk("Europe/Berlin");
        Page page = open(375, 812);
        page.fill("#signin-key", t.key());
        page.click("#signin-submit");
        page.waitForSelector("#conn[data-state=live]");

        assertThat(page.isVisible("#clock")).isTrue();
        assertThat(page.textContent("#clock")).contains("Europe/Berlin");
        var clock = page.querySelector("#clock").boundingBox();
        assertThat(clock.x).isGreaterThanOrEqualTo(0);
        assertThat(clock.x + clock.width).isLessThanOrEqualTo(375);

        page.click(".tabs button[data-view=livechat]");
        page.waitForSelector("#agents tbody tr");
        JsonNode box = json(page.evaluate("() => JSON.stringify({ scroll: document.querySelector('#agents').parentElement.scrollWidth,"
                + " client: document.querySelector('#agents').parentElement.clientWidth,"
                + " page: document.documentElement.scrollWidth, viewport: window.innerWidth })"));
        assertThat(box.get("scroll").asInt()).isGreaterThan(box.get("client").asInt());
        assertThat(box.get("page").asInt()).isLessThanOrEqualTo(box.get("viewport").asInt());
        page.evaluate("() => { document.querySelector('#agents').parentElement.scrollLeft = 10000; }");
        assertThat(page.isVisible("#agents thead th:last-child")).isTrue();
        assertThat(((Number) page.evaluate("() => document.querySelector('#agents').parentElement.scrollLeft")).intValue())
                .isPositive();
    }

    private static JsonNode json(Object text) {
        return tools.jackson.databind.json.JsonMapper.builder().build().readTree((String) text);
    }

    @Test
    void aWrongKeyShowsAnError() {
        TestTenant t = newTenant("UTC", "read");
        String ingestOnly = TestTenants.key(http(), ADMIN_KEY, t.id(), "ingest");
        Page page = open(1280, 860);

        page.fill("#signin-key", "cvl_not-a-key");
        page.click("#signin-submit");
        page.waitForSelector("#signin-error:not([hidden])");
        assertThat(page.textContent("#signin-error")).contains("not valid");
        assertThat(page.isVisible("#app")).isFalse();

        page.fill("#signin-key", ingestOnly);
        page.click("#signin-submit");
        page.waitForFunction("() => document.querySelector('#signin-error').textContent.includes('read scope')");
        assertThat(page.isVisible("#app")).isFalse();
    }

    @Test
    void screenshotsOfEveryViewAtDesktopAndPhoneWidth() throws Exception {
        TestTenant t = desk("Europe/Berlin");
        if (http().get("/schedules", t.key()).status() != 404) {
            http().post("/schedules", t.key(), "{\"name\":\"Weekly support summary\",\"frequency\":\"weekly\","
                    + "\"format\":\"pdf\",\"recipients\":[\"lead@example.com\"],\"hour\":7}");
            http().post("/schedules", t.key(), "{\"name\":\"Monthly board pack\",\"frequency\":\"monthly\","
                    + "\"format\":\"xlsx\",\"recipients\":[\"cfo@example.com\",\"ops@example.com\"]}");
        }
        Files.createDirectories(SCREENSHOTS);
        for (var size : List.of(new int[] {1280, 860, 0}, new int[] {390, 844, 1})) {
            String suffix = size[2] == 0 ? "desktop" : "phone";
            Page page = open(size[0], size[1]);
            page.fill("#signin-key", t.key());
            page.click("#signin-submit");
            page.waitForSelector("#conn[data-state=live]");
            page.waitForSelector("#chart-volume[data-state]:not([data-loading])");
            page.waitForFunction("() => document.querySelectorAll('#feed li').length === 10");
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("overview-" + suffix + ".png")).setFullPage(true));

            page.click(".tabs button[data-view=livechat]");
            page.waitForSelector("#queue li");
            page.waitForSelector("#agents tbody tr");
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("livechat-" + suffix + ".png")).setFullPage(true));

            page.click(".tabs button[data-view=reports]");
            page.waitForSelector("#reports-unavailable:not([hidden]), #schedules-state:not([hidden]), #schedules tbody tr");
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("reports-" + suffix + ".png")).setFullPage(true));
            context.close();
            context = null;
        }
        try (var files = Files.list(SCREENSHOTS)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).contains("overview-desktop.png",
                    "overview-phone.png", "livechat-desktop.png", "livechat-phone.png", "reports-desktop.png",
                    "reports-phone.png");
        }
    }

    /** The SPEC §7 response-time or message-volume series for the requested period, hourly for 24 h, else daily. */
    static Consumer<Route> chartStub(boolean responseTimes) {
        return route -> {
            String url = route.request().url();
            String period = url.contains("period=30d") ? "30d" : url.contains("period=7d") ? "7d" : "24h";
            int n = period.equals("24h") ? 24 : period.equals("7d") ? 7 : 30;
            Instant end = Instant.now().truncatedTo(ChronoUnit.HOURS);
            StringBuilder points = new StringBuilder();
            for (int i = 0; i < n; i++) {
                String at = period.equals("24h") ? end.minus(Duration.ofHours(n - 1 - i)).toString()
                        : end.minus(Duration.ofDays(n - 1 - i)).toString().substring(0, 10);
                double wave = Math.sin(i / 3.0) * 0.3 + 1;
                if (i > 0) points.append(',');
                points.append(responseTimes
                        ? "{\"period\":\"" + at + "\",\"avg\":" + Math.round(1400 * wave) + ",\"p50\":" + Math.round(1100 * wave)
                                + ",\"p95\":" + Math.round(3900 * wave) + "}"
                        : "{\"period\":\"" + at + "\",\"inbound\":" + Math.round(120 * wave) + ",\"outbound\":"
                                + Math.round(131 * wave) + "}");
            }
            route.fulfill(new Route.FulfillOptions().setStatus(200).setContentType("application/json")
                    .setBody("{\"period\":\"" + period + "\",\"points\":[" + points + "]}"));
        };
    }
}
