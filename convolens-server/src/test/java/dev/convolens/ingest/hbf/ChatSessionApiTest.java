package dev.convolens.ingest.hbf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convolens.facts.FactsUpdater;
import dev.convolens.support.Http;
import dev.convolens.support.ServerTest;
import dev.convolens.support.TestTenant;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

class ChatSessionApiTest extends ServerTest {
    @Autowired
    FactsUpdater facts;
    @Autowired
    JdbcTemplate jdbc;

    final Instant t = Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);

    String at(int seconds) {
        return "\"" + t.plusSeconds(seconds) + "\"";
    }

    String message(String id, String direction, String origin, int seconds, String extra) {
        return "{\"_id\":\"" + id + "\",\"direction\":\"" + direction + "\",\"origin\":\"" + origin
                + "\",\"createdAt\":" + at(seconds) + ",\"text\":\"...\"" + extra + "}";
    }

    /** The same session at three moments of its life. */
    String stage(int n) {
        List<String> messages = new ArrayList<>(List.of(
                message("m1", "IN", "USER", 0, ",\"intent\":\"billing\",\"confidence\":0.9"),
                message("m2", "OUT", "BOT", 3, "")));
        String liveChats = "";
        if (n >= 2) {
            messages.add(message("m3", "IN", "USER", 60, ",\"intent\":\"refund\",\"confidence\":0.3"));
            messages.add(message("m4", "OUT", "LIVECHAT", 70, ""));
            messages.add(message("m5", "OUT", "AGENT", 100, ""));
            liveChats = "{\"requestId\":\"lc1\",\"requestedAt\":" + at(65) + ",\"acceptedAt\":" + at(95)
                    + ",\"agentId\":\"a1\",\"groupId\":\"g1\"" + (n >= 3 ? ",\"endedAt\":" + at(280) : "") + "}";
        }
        return "{\"_id\":\"s-1\",\"status\":\"" + (n >= 3 ? "COMPLETE" : "ACTIVE") + "\",\"subscriberHandle\":\"+27821234567\","
                + "\"language\":\"en\",\"metadata\":{\"deploymentId\":\"support-bot\",\"deploymentName\":\"Support\","
                + "\"platformOrigin\":\"WHATSAPP\"},\"tags\":[\"vip\"],\"variables\":{\"plan\":\"gold\"},"
                + "\"createdAt\":" + at(0) + ",\"updatedAt\":" + at(n >= 3 ? 300 : 100) + ","
                + "\"csatSurveys\":[" + (n >= 3 ? "{\"score\":5,\"scale\":\"csat\",\"createdAt\":" + at(290) + "}" : "") + "],"
                + "\"messages\":[" + String.join(",", messages) + "],\"liveChats\":[" + liveChats + "]}";
    }

    Map<String, Object> conversation(TestTenant tenant) {
        Map<String, Object> row = jdbc.queryForMap("SELECT * FROM conversations WHERE tenant_id = ? AND conversation_id = 's-1'",
                tenant.id());
        row.remove("tenant_id");
        row.remove("updated_at");
        return row;
    }

    Map<String, Object> livechat(TestTenant tenant) {
        Map<String, Object> row = jdbc.queryForMap("SELECT * FROM livechats WHERE tenant_id = ? AND request_id = 'lc1'", tenant.id());
        row.remove("tenant_id");
        row.remove("updated_at");
        return row;
    }

    List<String> ids(TestTenant tenant) {
        return http().get("/api/events?limit=1000", tenant.key()).json().findValuesAsString("id").stream().sorted().toList();
    }

    @Test
    void aSessionPostedThreeTimesAsItGrowsEqualsItPostedOnceComplete() {
        TestTenant growing = newTenant("UTC", "ingest", "read");
        TestTenant once = newTenant("UTC", "ingest", "read");

        for (int n = 1; n <= 3; n++) assertStatus(http().post("/api/chat-sessions", growing.key(), stage(n)), 200);
        JsonNode single = http().post("/api/chat-sessions", once.key(), stage(3)).json();
        facts.flush();

        assertThat(single.get("rejected")).isEmpty();
        assertThat(ids(growing)).isEqualTo(ids(once));
        assertThat(conversation(growing)).isEqualTo(conversation(once));
        assertThat(livechat(growing)).isEqualTo(livechat(once));
        JsonNode again = http().post("/api/chat-sessions", growing.key(), stage(3)).json();
        assertThat(again.get("accepted").asInt()).isZero();
        assertThat(again.get("duplicates").asInt()).isEqualTo(single.get("accepted").asInt());
    }

    @Test
    void theMappingFollowsTheDataCollectorRules() {
        TestTenant tenant = newTenant("UTC", "ingest", "read");
        http().post("/api/chat-sessions", tenant.key(), stage(3));
        facts.flush();

        Map<String, Object> c = conversation(tenant);
        assertThat(c.get("bot_id")).isEqualTo("support-bot");
        assertThat(c.get("channel")).isEqualTo("whatsapp");
        assertThat(c.get("user_id")).isEqualTo("+27821234567");
        // the LIVECHAT-origin m4 is not counted: the ITC delivery is
        assertThat(((Number) c.get("messages_in")).intValue()).isEqualTo(2);
        assertThat(((Number) c.get("messages_out")).intValue()).isEqualTo(2);
        assertThat(((Number) c.get("first_response_ms")).longValue()).isEqualTo(3_000);
        assertThat(((Number) c.get("agent_first_response_ms")).longValue()).isEqualTo(35_000);
        assertThat(((Number) c.get("last_csat")).doubleValue()).isEqualTo(5.0);
        assertThat(c.get("session_completed_at")).isNotNull();
        Map<String, Object> lc = livechat(tenant);
        assertThat(((Number) lc.get("wait_ms")).longValue()).isEqualTo(30_000);
        assertThat(((Number) lc.get("duration_ms")).longValue()).isEqualTo(185_000);
        assertThat(lc.get("staff_id")).isEqualTo("a1");
        assertThat(lc.get("group_id")).isEqualTo("g1");
        JsonNode times = http().get("/api/events?type=response.time_recorded", tenant.key()).json();
        assertThat(times.findValuesAsString("id")).containsExactlyInAnyOrder("cs:s-1:m:m2:rt", "cs:s-1:m:m5:rt");
        assertThat(times.findValues("durationMs").stream().map(JsonNode::asLong)).containsExactlyInAnyOrder(3_000L, 40_000L);
        assertThat(http().get("/api/events?type=intent.confidence_low", tenant.key()).json()).hasSize(1);
        assertThat(http().get("/api/events?type=session.completed", tenant.key()).json()).hasSize(1);
    }

    @Test
    void uptimeTesterSessionsAreDroppedAndBadPartsNamed() {
        TestTenant tenant = newTenant("UTC", "ingest", "read");
        String skipped = stage(1).replace("\"_id\":\"s-1\"", "\"_id\":\"probe\",\"skipInternalAnalytics\":true");
        String broken = stage(1).replace("\"_id\":\"s-1\"", "\"_id\":\"s-2\"").replace("\"direction\":\"OUT\"", "\"direction\":\"SIDEWAYS\"");
        String noId = "{\"status\":\"ACTIVE\",\"messages\":[]}";
        String foreign = stage(1).replace("\"_id\":\"s-1\"", "\"_id\":\"s-3\",\"tenantId\":\"someone-else\"");

        Http.Response r = http().post("/api/chat-sessions", tenant.key(), "[" + skipped + "," + broken + "," + noId + "," + foreign + "]");

        JsonNode json = r.json();
        assertThat(json.get("skipped").asInt()).isEqualTo(1);
        List<String> rejected = new ArrayList<>();
        for (JsonNode rej : json.get("rejected")) rejected.add(rej.get("index").asInt() + ":" + rej.get("field").asString());
        assertThat(rejected).containsExactly("1:messages[1].direction", "2:_id", "3:tenantId");
        List<String> conversations = http().get("/api/events?limit=1000", tenant.key()).json().findValuesAsString("conversationId");
        assertThat(conversations).isNotEmpty().allMatch("s-2"::equals);
        assertThat(http().get("/actuator/prometheus", null).body()).contains("convolens_ingest_chat_sessions_skipped_total");
    }
}
