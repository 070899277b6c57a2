package dev.convolens.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import dev.convolens.schedule.ScheduleRunner;
import dev.convolens.support.Http;
import dev.convolens.support.ServerTest;
import dev.convolens.support.TestTenant;
import dev.convolens.support.TestTenants;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The reports view in headless Chromium against the running service and a real SMTP server (GreenMail): what "send
 * now" shows while the mail server is down, once it is back, and when pressed again; what a key without a scope is
 * told. The service runs on a settable clock; the test moves it and calls the report runner as its ticker would.
 */
@Import(ReportsPageTest.TestBeans.class)
class ReportsPageTest extends ServerTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    static final int SMTP_PORT = ReportDeliveryTest.freePort();

    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));

    static Playwright playwright;
    static Browser browser;

    @DynamicPropertySource
    static void mail(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> SMTP_PORT);
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class TestBeans {
        @Bean
        @Primary
        SettableClock settableClock() {
            return new SettableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        }
    }

    @Autowired
    SettableClock clock;
    @Autowired
    ScheduleRunner runner;

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

    Page reportsView(String key) {
        context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900).setDeviceScaleFactor(1)
                .setTimezoneId("America/New_York"));
        context.setDefaultTimeout(15_000);
        Page page = context.newPage();
        page.navigate("http://127.0.0.1:" + port + "/");
        page.fill("#signin-key", key);
        page.click("#signin-submit");
        page.waitForSelector("#app:not([hidden])");
        page.click(".tabs button[data-view=reports]");
        page.waitForSelector("#reports-body:not([hidden])");
        return page;
    }

    String schedule(TestTenant t, String name, String recipient) {
        Http.Response r = http().post("/schedules", t.key(), "{\"name\":\"" + name + "\",\"frequency\":\"weekly\","
                + "\"timezone\":\"Europe/Berlin\",\"recipients\":[\"" + recipient + "\"]}");
        assertStatus(r, 201);
        return r.json().get("id").asString();
    }

    /** Clicks a button of the schedule's row and waits for the server's answer to the send it makes. */
    static void press(Page page, String selector) {
        page.waitForResponse(r -> r.url().contains("/send") && r.request().method().equals("POST"), () -> page.click(selector));
    }

    static String state(Page page, String scheduleId) {
        return "#schedules tr.delivery-row[data-for='" + scheduleId + "'] .send-state";
    }

    @Test
    void sendNowShowsTheRetryWhileTheMailServerIsDownThenSentAndThreeMorePressesMailNothingMore() {
        TestTenant t = newTenant("Europe/Berlin", "read", "admin");
        String ops = "ops-" + t.id() + "@acme.test";
        String id = schedule(t, "Weekly digest", ops);
        Page page = reportsView(t.key());
        page.waitForSelector("#schedules tr[data-id='" + id + "']");
        String send = "#schedules tr[data-id='" + id + "'] button[data-action=send]";
        Instant pressedAt = clock.instant();

        MAIL.stop();
        try {
            press(page, send);
            page.waitForSelector(state(page, id) + "[data-status=retrying]");
        } finally {
            MAIL.start();
        }

        String retrying = page.textContent(state(page, id));
        assertThat(retrying).startsWith("Not sent yet: attempt 1 failed (MailSendException")
                .contains("Next attempt at ").contains(TIME.format(pressedAt.plus(Duration.ofMinutes(1)).atZone(BERLIN)));
        assertThat(retrying).doesNotContain("was sent");
        page.click("#schedules tr.delivery-row[data-for='" + id + "'] summary");
        assertThat(page.textContent("#schedules tr.delivery-row[data-for='" + id + "'] .log tbody tr[data-status=retrying]"))
                .contains("send now", "retrying", "MailSendException", "next attempt");
        assertThat(MAIL.getReceivedMessages()).isEmpty();

        // the retry, when it is due, goes out; the page, still polling, shows it sent without a reload
        clock.advance(Duration.ofSeconds(61));
        runner.runDue();
        page.waitForSelector(state(page, id) + "[data-status=sent]");
        JsonNode delivered = http().get("/schedules/" + id + "/deliveries", t.key()).json();
        assertThat(delivered).hasSize(1);
        assertThat(page.textContent(state(page, id))).startsWith("Sent: the report for "
                + delivered.get(0).get("periodStart").asString() + " – " + delivered.get(0).get("periodEnd").asString()
                + " went to 1 recipient at ").contains(TIME.format(pressedAt.plusSeconds(61).atZone(BERLIN)));
        assertThat(MAIL.getReceivedMessages()).hasSize(1);

        for (int i = 0; i < 3; i++) {
            press(page, send);
            page.waitForSelector(state(page, id) + "[data-answered=existing]");
            assertThat(page.textContent(state(page, id))).startsWith("Already sent: ").contains("It was not sent again.");
        }
        assertThat(MAIL.getReceivedMessages()).hasSize(1);
        assertThat(http().get("/schedules/" + id + "/deliveries", t.key()).json()).hasSize(1);

        // "Send again" says what it does and mails the period exactly once more
        String again = state(page, id) + " button[data-action=resend]";
        assertThat(page.getAttribute(again, "title")).contains("once more to every recipient");
        press(page, again);
        page.waitForSelector(state(page, id) + "[data-answered=new][data-status=sent]");
        assertThat(page.textContent(state(page, id))).startsWith("Sent: ");
        assertThat(MAIL.getReceivedMessages()).hasSize(2);
        page.waitForFunction("id => document.querySelectorAll(`#schedules tr.delivery-row[data-for='${id}'] .log tbody tr`).length === 2", id);
        assertThat(page.textContent("#schedules tr.delivery-row[data-for='" + id + "'] .log tbody tr:first-child"))
                .contains("send again", "sent");
        page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target", "screenshots", "reports-deliveries-desktop.png"))
                .setFullPage(true));
        page.setViewportSize(390, 844);
        page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target", "screenshots", "reports-deliveries-phone.png"))
                .setFullPage(true));
    }

    @Test
    void aKeyWithoutTheAdminScopeIsToldWhichScopeItNeedsAndHowToGetIt() {
        TestTenant t = newTenant("Europe/Berlin", "read", "admin");
        String id = schedule(t, "Monthly board pack", "board@acme.test");
        String readOnly = TestTenants.key(http(), ADMIN_KEY, t.id(), "read");
        String expected = "This needs a key with the 'admin' scope: a tenant admin creates one with POST /api/tenants/"
                + t.id() + "/keys {\"scopes\":[\"read\",\"admin\"]}, then signs in here with it.";
        Page page = reportsView(readOnly);
        page.waitForSelector("#schedules tr[data-id='" + id + "']");

        page.click("#schedule-new");
        page.fill("#s-name", "Weekly support summary");
        page.fill("#s-recipients", "lead@example.com");
        page.click("#schedule-save");
        page.waitForSelector("#schedule-error:not([hidden])");
        assertThat(page.textContent("#schedule-error")).isEqualTo(expected);
        page.click("#schedule-cancel");

        press(page, "#schedules tr[data-id='" + id + "'] button[data-action=send]");
        page.waitForSelector(state(page, id) + "[data-status=refused]");
        assertThat(page.textContent(state(page, id))).isEqualTo("Could not send \"Monthly board pack\": " + expected);
        assertThat(http().get("/schedules", t.key()).json()).hasSize(1);
        assertThat(http().get("/schedules/" + id + "/deliveries", t.key()).json()).isEmpty();
    }
}
