package dev.convolens.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convolens.support.Http;
import dev.convolens.support.ServerTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/** Runs the README's quick start, as pasted into bash, against a started service and reads its numbers back. */
@TestPropertySource(properties = "convolens.query.dashboard-cache-ttl=0s")
class ReadmeQuickStartTest extends ServerTest {

    static String quickStart() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        Matcher m = Pattern.compile("<!-- quickstart:begin -->\\s*```sh\\n(.*?)```\\s*<!-- quickstart:end -->",
                Pattern.DOTALL).matcher(readme);
        assertThat(m.find()).as("README.md has a quick start between the quickstart markers").isTrue();
        return m.group(1);
    }

    @Test
    void theQuickStartCreatesATenantSendsAConversationAndTheDashboardShowsIt() throws Exception {
        Path script = Files.createTempFile("quickstart", ".sh");
        Files.writeString(script, quickStart());
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true);
        pb.environment().put("BASE", "http://127.0.0.1:" + port);
        pb.environment().put("ADMIN_KEY", ADMIN_KEY);
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the quick start finished").isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("exit code; output:\n%s", out).isZero();
        assertThat(out).contains("{\"accepted\":4,\"duplicates\":0,\"rejected\":[]}");

        Matcher key = Pattern.compile("sign in with (cvl_\\S+)").matcher(out);
        assertThat(key.find()).as("the script names the key to sign in with:\n%s", out).isTrue();
        Http http = http();
        JsonNode today = null;
        Instant until = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(until)) {
            today = http.get("/api/analytics/dashboard", key.group(1)).json().get("today");
            if (today.get("conversationsResolved").asLong() == 1) break;
            Thread.sleep(200); // the facts updater runs every 500 ms
        }
        assertThat(today.get("messagesReceived").asLong()).isEqualTo(1);
        assertThat(today.get("messagesSent").asLong()).isEqualTo(1);
        assertThat(today.get("conversationsStarted").asLong()).isEqualTo(1);
        assertThat(today.get("conversationsResolved").asLong()).isEqualTo(1);
        assertThat(today.get("avgResponseTimeMs").asLong()).isEqualTo(5000);
        assertThat(http.get("/api/events?conversationId=qs-c1", key.group(1)).json().size()).isEqualTo(4);
    }
}
