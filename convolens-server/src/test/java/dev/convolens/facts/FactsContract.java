package dev.convolens.facts;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.convolens.event.Event;
import dev.convolens.storage.EventStore;
import dev.convolens.storage.JdbcEventStore;
import dev.convolens.storage.SqlDialect;
import dev.convolens.support.TestStore;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/** SPEC §4's conversation and live-chat facts on hand-worked event sets; every backend runs these. */
abstract class FactsContract {
    static final Instant T = Instant.parse("2026-11-20T10:00:00Z");

    HikariDataSource dataSource;
    EventStore events;
    FactStore facts;
    JdbcTemplate jdbc;
    int sequence;

    /** The backend under test. */
    abstract TestStore store();

    @BeforeEach
    void setUp() {
        TestStore store = store();
        dataSource = store.open();
        events = new JdbcEventStore(dataSource, store.dialect());
        facts = new JdbcFactStore(dataSource, Clock.fixed(T.plusSeconds(86_400), ZoneOffset.UTC));
        jdbc = new JdbcTemplate(dataSource);
    }

    @AfterEach
    void tearDown() {
        dataSource.close();
    }

    /** An event of conversation c1 of tenant t at T + seconds. */
    Event.Builder at(double seconds, String type) {
        return Event.builder().tenantId("t").id("e" + (++sequence)).conversationId("c1").type(type)
                .timestamp(T.plusMillis(Math.round(seconds * 1000)));
    }

    /** Stores the events and recomputes their conversations, as the updater does after a commit. */
    void post(Event.Builder... batch) {
        List<Event> list = new ArrayList<>();
        for (Event.Builder b : batch) list.add(b.build());
        events.append(list);
        Map<String, Set<String>> byTenant = new java.util.HashMap<>();
        Instant earliest = list.get(0).timestamp();
        for (Event e : list) {
            byTenant.computeIfAbsent(e.tenantId(), k -> new java.util.HashSet<>()).add(e.conversationId());
            if (e.timestamp().isBefore(earliest)) earliest = e.timestamp();
        }
        Instant from = earliest;
        byTenant.forEach((tenant, ids) -> facts.recompute(tenant, ids, from));
    }

    Map<String, Object> conversation(String tenant, String id) {
        return jdbc.queryForMap("SELECT * FROM conversations WHERE tenant_id = ? AND conversation_id = ?", tenant, id);
    }

    Map<String, Object> livechat(String request) {
        return jdbc.queryForMap("SELECT * FROM livechats WHERE tenant_id = 't' AND request_id = ?", request);
    }

    static Instant instant(Object column) {
        if (column == null) return null;
        if (column instanceof OffsetDateTime o) return o.toInstant();
        if (column instanceof java.sql.Timestamp ts) return ts.toInstant();
        throw new IllegalArgumentException("not a timestamp: " + column.getClass());
    }

    static Long number(Object column) {
        return column == null ? null : ((Number) column).longValue();
    }

    @Test
    void aBotOnlyConversationHasItsFirstResponseAndResolutionTimes() {
        post(at(0, "conversation.started").botId("bot-a").channel("webchat").userId("u1"),
                at(5, "message.received"), at(7, "message.sent"), at(60, "message.received"),
                at(63, "message.sent"), at(300, "conversation.resolved"));

        Map<String, Object> c = conversation("t", "c1");
        assertThat(c.get("bot_id")).isEqualTo("bot-a");
        assertThat(c.get("channel")).isEqualTo("webchat");
        assertThat(c.get("user_id")).isEqualTo("u1");
        assertThat(instant(c.get("started_at"))).isEqualTo(T);
        assertThat(instant(c.get("first_inbound_at"))).isEqualTo(T.plusSeconds(5));
        assertThat(instant(c.get("first_response_at"))).isEqualTo(T.plusSeconds(7));
        assertThat(number(c.get("first_response_ms"))).isEqualTo(2_000);
        assertThat(number(c.get("resolution_ms"))).isEqualTo(300_000);
        assertThat(number(c.get("messages_in"))).isEqualTo(2);
        assertThat(number(c.get("messages_out"))).isEqualTo(2);
        assertThat(c.get("ai_handled")).isEqualTo(true);
        assertThat(c.get("escalated_at")).isNull();
        assertThat(instant(c.get("last_activity_at"))).isEqualTo(T.plusSeconds(300));
    }

    @Test
    void aReplyDeliveredBeforeItsInboundMessageCountsOnceTheInboundArrives() {
        post(at(0, "conversation.started"), at(7.5, "message.sent"));
        assertThat(conversation("t", "c1").get("first_response_ms")).isNull();

        post(at(5, "message.received"));

        Map<String, Object> c = conversation("t", "c1");
        assertThat(number(c.get("first_response_ms"))).isEqualTo(2_500);
        assertThat(number(c.get("messages_in"))).isEqualTo(1);
    }

    @Test
    void anEarlierStartArrivingLateMovesTheStartAndTheResolutionTime() {
        post(at(0, "message.received"), at(2, "message.sent"), at(600, "conversation.resolved"));
        assertThat(number(conversation("t", "c1").get("resolution_ms"))).isEqualTo(600_000);

        post(at(-60, "conversation.started"));

        Map<String, Object> c = conversation("t", "c1");
        assertThat(instant(c.get("started_at"))).isEqualTo(T.minusSeconds(60));
        assertThat(number(c.get("resolution_ms"))).isEqualTo(660_000);
    }

    @Test
    void aDuplicateResolutionKeepsTheFirstAndRepostingChangesNothing() {
        Event.Builder started = at(0, "conversation.started");
        Event.Builder firstResolution = at(100, "conversation.resolved");
        post(started, at(1, "message.received"), at(4, "message.sent"), firstResolution, at(900, "conversation.resolved"));
        Map<String, Object> before = conversation("t", "c1");

        post(started, firstResolution);

        Map<String, Object> after = conversation("t", "c1");
        assertThat(instant(after.get("resolved_at"))).isEqualTo(T.plusSeconds(100));
        assertThat(number(after.get("resolution_ms"))).isEqualTo(100_000);
        before.remove("updated_at");
        after.remove("updated_at");
        assertThat(after).isEqualTo(before);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM conversations", Long.class)).isEqualTo(1);
    }

    @Test
    void anEscalationThenAiReplyCreditsTheFirstAgentFromTheHandoff() {
        post(at(0, "conversation.started"), at(10, "message.received"), at(12, "message.sent"),
                at(60, "conversation.escalated"), at(90, "message.sent"), at(90, "response.ai_generated"),
                at(180, "response.staff_sent").staffId("s1"), at(240, "response.staff_sent").staffId("s2"),
                at(600, "conversation.resolved"));

        Map<String, Object> c = conversation("t", "c1");
        assertThat(number(c.get("first_response_ms"))).isEqualTo(2_000);
        assertThat(instant(c.get("escalated_at"))).isEqualTo(T.plusSeconds(60));
        assertThat(number(c.get("agent_first_response_ms"))).isEqualTo(120_000);
        assertThat(c.get("agent_id")).isEqualTo("s1");
        assertThat(c.get("staff_ids")).isEqualTo("s1,s2");
        assertThat(number(c.get("staff_replies"))).isEqualTo(2);
        assertThat(c.get("ai_handled")).isEqualTo(false);
    }

    @Test
    void aStaffReplyWithoutEscalationIsNotAiHandledAndHasNoAgentFirstResponse() {
        post(at(0, "message.received"), at(30, "response.staff_sent").staffId("s1"), at(31, "message.sent"),
                at(50, "conversation.resolved"));

        Map<String, Object> c = conversation("t", "c1");
        assertThat(c.get("ai_handled")).isEqualTo(false);
        assertThat(c.get("agent_first_response_ms")).isNull();
        assertThat(instant(c.get("started_at"))).isEqualTo(T);
    }

    @Test
    void theLastCsatRatingCountsAndNpsRatingsAreNotCsat() {
        post(at(0, "conversation.started"), at(10, "satisfaction.rating_received").value(3.0),
                at(20, "satisfaction.rating_received").value(5.0),
                at(30, "satisfaction.rating_received").value(9.0).metadata("{\"scale\":\"nps\"}"));

        assertThat(((Number) conversation("t", "c1").get("last_csat")).doubleValue()).isEqualTo(5.0);
        assertThat(conversation("t", "c1").get("resolved_at")).isNull();
    }

    @Test
    void liveChatsHaveWaitDurationAndAgentFirstResponseAndMissedOnesAreMissed() {
        post(at(0, "livechat.requested").groupId("g1").metadata("{\"requestId\":\"r1\"}"),
                at(45, "livechat.accepted").staffId("a1").metadata("{\"requestId\":\"r1\"}"),
                at(50, "livechat.message").metadata("{\"requestId\":\"r1\",\"sender\":\"user\"}"),
                at(60, "livechat.message").staffId("a1").metadata("{\"requestId\":\"r1\",\"sender\":\"agent\"}"),
                at(660, "livechat.ended").metadata("{\"requestId\":\"r1\"}"),
                at(1200, "livechat.requested").groupId("g2").metadata("{\"requestId\":\"r2\"}"),
                at(1320, "livechat.missed").metadata("{\"requestId\":\"r2\"}"));

        Map<String, Object> r1 = livechat("r1");
        assertThat(number(r1.get("wait_ms"))).isEqualTo(45_000);
        assertThat(number(r1.get("duration_ms"))).isEqualTo(615_000);
        assertThat(number(r1.get("agent_first_response_ms"))).isEqualTo(15_000);
        assertThat(r1.get("staff_id")).isEqualTo("a1");
        assertThat(r1.get("group_id")).isEqualTo("g1");
        assertThat(r1.get("status")).isEqualTo("ended");
        Map<String, Object> r2 = livechat("r2");
        assertThat(r2.get("status")).isEqualTo("missed");
        assertThat(r2.get("wait_ms")).isNull();
        assertThat(instant(r2.get("missed_at"))).isEqualTo(T.plusSeconds(1320));
    }

    @Test
    void aLiveChatWithoutRequestIdIsKeyedByItsConversation() {
        post(at(0, "livechat.requested"), at(20, "livechat.accepted").staffId("a9"));

        Map<String, Object> r = livechat("c1");
        assertThat(number(r.get("wait_ms"))).isEqualTo(20_000);
        assertThat(r.get("status")).isEqualTo("accepted");
    }

    @Test
    void anotherTenantsConversationWithTheSameIdIsItsOwn() {
        post(at(0, "message.received"), at(1, "message.sent"));
        post(Event.builder().tenantId("other").id("o1").conversationId("c1").type("message.received")
                .timestamp(T.plusSeconds(100)));

        assertThat(number(conversation("t", "c1").get("messages_in"))).isEqualTo(1);
        assertThat(number(conversation("t", "c1").get("first_response_ms"))).isEqualTo(1_000);
        assertThat(number(conversation("other", "c1").get("messages_in"))).isEqualTo(1);
        assertThat(conversation("other", "c1").get("first_response_ms")).isNull();
    }

    @Test
    void theRecomputeAnswersTheSpanOfTheConversationsEvents() {
        post(at(0, "message.received"), at(50, "message.sent"));

        var span = facts.recompute("t", List.of("c1"), T.plusSeconds(50));

        assertThat(span).contains(new FactStore.Span(T, T.plusSeconds(50)));
    }

    // ---- reply response times derived from messages ----

    /** A sample of response_samples: the reply's instant (ms after T), its response time, channel, bot, derived. */
    record Sample(long atMs, long ms, String channel, String bot, boolean derived) {}

    List<Sample> samples(String tenant) {
        return jdbc.query("SELECT ts, duration_ms, channel, bot_id, derived FROM response_samples WHERE tenant_id = ? "
                + "ORDER BY ts, duration_ms", (rs, i) -> new Sample(
                        instant(rs.getObject(1)).toEpochMilli() - T.toEpochMilli(), rs.getLong(2), rs.getString(3),
                        rs.getString(4), rs.getBoolean(5)), tenant);
    }

    /** in, in, out, in, out, then an unprompted out; the second reply is by another bot. */
    Event.Builder[] twoReplies() {
        return new Event.Builder[] {at(0, "conversation.started").channel("webchat").botId("bot-a"),
                at(1, "message.received"), at(3, "message.received"), at(6, "message.sent"),
                at(20, "message.received"), at(22.5, "message.sent").botId("bot-b"), at(30, "message.sent")};
    }

    @Test
    void withoutRecordedResponseTimesEachReplyIsTimedFromTheFirstInboundMessageItAnswers() {
        post(twoReplies());

        // reply 1 at 6 s answers the messages of 1 s and 3 s: 6 - 1 = 5 s; reply 2 at 22.5 s answers 20 s: 2.5 s;
        // the message of 30 s answers nothing. Channel from the conversation, bot from the reply, else the conversation.
        assertThat(samples("t")).containsExactly(new Sample(6_000, 5_000, "webchat", "bot-a", true),
                new Sample(22_500, 2_500, "webchat", "bot-b", true));
        assertThat(number(conversation("t", "c1").get("first_response_ms"))).isEqualTo(5_000);
    }

    @Test
    void messagesArrivingOutOfOrderGiveTheSameSamples() {
        Event.Builder[] all = twoReplies();
        for (int i = all.length - 1; i >= 0; i--) post(all[i]);

        assertThat(samples("t")).containsExactly(new Sample(6_000, 5_000, "webchat", "bot-a", true),
                new Sample(22_500, 2_500, "webchat", "bot-b", true));
    }

    @Test
    void aReplyAtTheInstantOfItsInboundMessageTakesNoTime() {
        post(at(0, "message.sent"), at(4, "message.received"), at(4, "message.sent"));

        assertThat(samples("t")).containsExactly(new Sample(4_000, 0, null, null, true));
    }

    @Test
    void aConversationWithARecordedResponseTimeUsesOnlyItsRecordedOnes() {
        post(twoReplies());
        post(at(6, "response.time_recorded").durationMs(4_200L));

        assertThat(samples("t")).containsExactly(new Sample(6_000, 4_200, null, null, false));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM derived_response_times", Long.class)).isZero();
    }

    @Test
    void otherConversationsKeepTheirDerivedSamples() {
        post(at(0, "message.received"), at(2, "message.sent"));
        post(Event.builder().tenantId("t").id("x1").conversationId("c2").type("message.received").timestamp(T),
                Event.builder().tenantId("t").id("x2").conversationId("c2").type("response.time_recorded")
                        .timestamp(T.plusSeconds(1)).durationMs(900L),
                Event.builder().tenantId("t").id("x3").conversationId("c2").type("message.sent")
                        .timestamp(T.plusSeconds(1)));

        assertThat(samples("t")).containsExactly(new Sample(1_000, 900, null, null, false),
                new Sample(2_000, 2_000, null, null, true));
    }
}
