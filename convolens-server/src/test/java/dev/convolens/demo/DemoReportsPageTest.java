package dev.convolens.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.WaitForSelectorState;
import dev.convolens.support.Http;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Demo mode in headless Chromium: a newcomer signs in with the key the page offers and uses the reports view end to
 * end (create, send now, delete a schedule). No mail server listens, so the send shows its retry.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "convolens.demo.enabled=true", "convolens.demo.backfill-days=1",
        "convolens.demo.peak-conversations-per-hour=30", "convolens.admin-key=demo-page-admin-key",
        "spring.mail.host=127.0.0.1"})
@DirtiesContext
class DemoReportsPageTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final String ADMIN_KEY = "demo-page-admin-key";

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void freshDataDirAndNoMailServer(DynamicPropertyRegistry registry) throws IOException {
        String dir = Files.createTempDirectory("convolens-demo-page-test").toString();
        registry.add("convolens.data-dir", () -> dir);
        registry.add("spring.mail.port", DemoReportsPageTest::closedPort);
    }

    static int closedPort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void theDemoSignInCreatesSendsAndDeletesASchedule() {
        if (!Files.isExecutable(CHROMIUM)) {
            fail("Chromium is missing: the dashboard tests drive " + CHROMIUM
                    + ". Install it with: apt-get update && apt-get install -y chromium");
        }
        Http http = new Http(port);
        JsonNode access = http.get("/demo/access", null).json();
        assertThat(access.get("scopes").valueStream().map(JsonNode::asString).toList())
                .containsExactlyInAnyOrder("ingest", "read", "admin");

        try (Playwright playwright = Playwright.create();
                Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(CHROMIUM)
                        .setHeadless(true).setArgs(List.of("--no-sandbox", "--disable-background-networking",
                                "--disable-component-update", "--disable-quic", "--disable-gpu", "--no-first-run")))) {
            Page page = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900)).newPage();
            page.setDefaultTimeout(15_000);
            page.navigate("http://127.0.0.1:" + port + "/");
            page.waitForSelector("#demo-offer:not([hidden])");
            page.click("#demo-key");
            page.waitForSelector("#app:not([hidden])");
            page.click(".tabs button[data-view=reports]");
            page.waitForSelector("#reports-body:not([hidden])");

            page.click("#schedule-new");
            page.fill("#s-name", "Demo weekly digest");
            page.fill("#s-recipients", "lead@demo.test");
            page.click("#schedule-save");
            String row = "#schedules tr[data-name='Demo weekly digest']";
            page.waitForSelector(row);
            assertThat(page.isHidden("#schedule-dialog")).isTrue();
            JsonNode stored = http.get("/schedules?tenantId=demo", ADMIN_KEY).json();
            assertThat(stored).hasSize(1);
            assertThat(stored.get(0).get("recipients").get(0).asString()).isEqualTo("lead@demo.test");
            String id = stored.get(0).get("id").asString();

            page.click(row + " button[data-action=send]");
            String state = "#schedules tr.delivery-row[data-for='" + id + "'] .send-state";
            page.waitForSelector(state + "[data-status=retrying]");
            assertThat(page.textContent(state)).startsWith("Not sent yet: attempt 1 failed").contains("Next attempt at");

            page.click(row + " button[data-action=delete]");
            page.click(row + " button[data-action=delete]");
            page.waitForSelector(row, new Page.WaitForSelectorOptions().setState(WaitForSelectorState.DETACHED));
            assertThat(page.textContent("#export-status")).isEqualTo("Deleted \"Demo weekly digest\".");
            assertThat(http.get("/schedules?tenantId=demo", ADMIN_KEY).json()).isEmpty();
        }
    }
}
