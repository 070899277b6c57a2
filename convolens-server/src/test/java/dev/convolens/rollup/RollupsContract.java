package dev.convolens.rollup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.zaxxer.hikari.HikariDataSource;
import dev.convolens.event.Event;
import dev.convolens.facts.FactStore;
import dev.convolens.facts.TestFactStores;
import dev.convolens.storage.JdbcEventStore;
import dev.convolens.storage.SqlDialect;
import dev.convolens.support.TestStore;
import dev.convolens.tenant.Tenant;
import dev.convolens.tenant.TenantSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * SPEC §4/§5's rollup families on small hand-worked event sets; every backend runs these. One database per store
 * (the tests are independent through a fresh tenant each), real event and fact stores, no mocks.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RollupsContract {
    private static final AtomicInteger TENANTS = new AtomicInteger();
    private static final AtomicInteger IDS = new AtomicInteger();

    static final String D0 = "2026-11-19T";
    static final String D1 = "2026-11-20T";
    static final String D2 = "2026-11-21T";
    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");
    static final ZoneId CHATHAM = ZoneId.of("Pacific/Chatham");

    HikariDataSource dataSource;
    JdbcEventStore events;
    FactStore facts;
    JdbcTemplate jdbc;
    List<SqlRollupFamily> families;
    HourlyMessageCounts messageCounts;
    HourlyResponseTimes responseTimes;
    DailyConversationMetrics conversationMetrics;
    DailyStaffPerformance staffPerformance;
    DailyIntentDistribution intents;
    WeeklySatisfactionTrends satisfaction;
    MonthlySummary monthly;
    DailyBotPerformance botPerformance;
    HourlyUsage usage;
    DailyLivechat livechat;
    DailyUsageMetrics usageMetrics;
    DailyResponseTimes dailyResponseTimes;
    DailyMessageCounts dailyMessageCounts;

    Tenant tenant;

    /** The backend under test. */
    abstract TestStore store();

    @BeforeAll
    void setUpStore() {
        TestStore store = store();
        dataSource = store.open();
        SqlDialect dialect = store.dialect();
        events = new JdbcEventStore(dataSource, dialect);
        facts = TestFactStores.jdbc(dataSource, Clock.fixed(Instant.parse("2027-01-01T00:00:00Z"), ZoneOffset.UTC));
        jdbc = new JdbcTemplate(dataSource);
        messageCounts = new HourlyMessageCounts(dataSource, dialect);
        responseTimes = new HourlyResponseTimes(dataSource, dialect);
        conversationMetrics = new DailyConversationMetrics(dataSource, dialect);
        staffPerformance = new DailyStaffPerformance(dataSource, dialect);
        intents = new DailyIntentDistribution(dataSource, dialect);
        satisfaction = new WeeklySatisfactionTrends(dataSource, dialect);
        monthly = new MonthlySummary(dataSource, dialect);
        botPerformance = new DailyBotPerformance(dataSource, dialect);
        usage = new HourlyUsage(dataSource, dialect);
        livechat = new DailyLivechat(dataSource, dialect);
        usageMetrics = new DailyUsageMetrics(dataSource, dialect);
        dailyResponseTimes = new DailyResponseTimes(dataSource, dialect);
        dailyMessageCounts = new DailyMessageCounts(dataSource, dialect);
        families = List.of(messageCounts, responseTimes, conversationMetrics, staffPerformance, intents, satisfaction,
                monthly, botPerformance, usage, livechat);
    }

    @AfterAll
    void closeStore() {
        dataSource.close();
    }

    @BeforeEach
    void newUtcTenant() {
        useTenant(ZoneOffset.UTC);
    }

    void useTenant(ZoneId zone) {
        String id = "t" + TENANTS.incrementAndGet();
        tenant = new Tenant(id, id, zone, TenantSettings.DEFAULTS, Instant.EPOCH, Instant.EPOCH);
    }

    // ---- events and facts ----

    Event.Builder at(String timestamp, String type) {
        return Event.builder().tenantId(tenant.id()).id("e" + IDS.incrementAndGet()).type(type)
                .timestamp(Instant.parse(timestamp));
    }

    /** An event of conversation {@code conversation}. */
    Event.Builder at(String timestamp, String type, String conversation) {
        return at(timestamp, type).conversationId(conversation);
    }

    /** Stores the events and recomputes their conversations' facts, as the facts updater does after a commit. */
    void post(Event.Builder... batch) {
        List<Event> list = new ArrayList<>();
        for (Event.Builder b : batch) list.add(b.build());
        events.append(list);
        Set<String> conversations = new HashSet<>();
        Instant earliest = Instant.MAX;
        for (Event e : list) {
            if (e.conversationId() != null) conversations.add(e.conversationId());
            if (e.timestamp().isBefore(earliest)) earliest = e.timestamp();
        }
        facts.recompute(tenant.id(), conversations, earliest);
    }

    // ---- periods and rows ----

    Period hour(String instant) {
        return Granularity.HOUR.periodOf(Instant.parse(instant), ZoneOffset.UTC);
    }

    Period day(String date) {
        return new Period(Granularity.DAY, LocalDate.parse(date).atStartOfDay(), tenant.timezone());
    }

    Period week(String monday) {
        return new Period(Granularity.WEEK, LocalDate.parse(monday).atStartOfDay(), tenant.timezone());
    }

    Period month(String first) {
        return new Period(Granularity.MONTH, LocalDate.parse(first).atStartOfDay(), tenant.timezone());
    }

    int recompute(RollupFamily family, Period period) {
        return family.recompute(tenant, period);
    }

    void recomputeDays(RollupFamily family, String... dates) {
        for (String d : dates) recompute(family, day(d));
    }

    /** The tenant's rows of the period, optionally narrowed by a condition on the table's columns. */
    List<Map<String, Object>> rows(RollupFamily family, Period period, String condition) {
        return jdbc.queryForList("SELECT * FROM " + family.table() + " WHERE tenant_id = ? AND period_start = ?"
                + (condition == null ? "" : " AND " + condition), tenant.id(), utc(period.from()));
    }

    List<Map<String, Object>> rows(RollupFamily family, Period period) {
        return rows(family, period, null);
    }

    /** The one row of the period matching the condition. */
    Map<String, Object> row(RollupFamily family, Period period, String condition) {
        List<Map<String, Object>> found = rows(family, period, condition);
        assertThat(found).as("%s rows of %s where %s", family.table(), period.label(), condition).hasSize(1);
        return found.get(0);
    }

    /** Compares a row's columns with name/value pairs: numbers by value (doubles within 1e-6), null, text. */
    static void expect(Map<String, Object> row, Object... pairs) {
        for (int i = 0; i < pairs.length; i += 2) {
            String column = (String) pairs[i];
            Object expected = pairs[i + 1];
            Object actual = row.get(column);
            if (expected == null) {
                assertThat(actual).as(column).isNull();
            } else if (expected instanceof Double d) {
                assertThat(actual).as(column).isNotNull();
                assertThat(((Number) actual).doubleValue()).as(column).isCloseTo(d, within(1e-6));
            } else if (expected instanceof Number n) {
                assertThat(actual).as(column).isNotNull();
                assertThat(((Number) actual).longValue()).as(column).isEqualTo(n.longValue());
            } else if (expected instanceof LocalDate date) {
                assertThat(localDate(actual)).as(column).isEqualTo(date);
            } else if (expected instanceof Instant instant) {
                assertThat(instant(actual)).as(column).isEqualTo(instant);
            } else {
                assertThat(actual).as(column).isEqualTo(expected);
            }
        }
    }

    long sum(String sql, Object... args) {
        Long v = jdbc.queryForObject(sql, Long.class, args);
        return v == null ? 0 : v;
    }

    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(Object column) {
        if (column == null) return null;
        if (column instanceof OffsetDateTime o) return o.toInstant();
        if (column instanceof java.sql.Timestamp ts) return ts.toInstant();
        throw new IllegalArgumentException("not a timestamp: " + column.getClass());
    }

    static LocalDate localDate(Object column) {
        if (column instanceof LocalDate d) return d;
        if (column instanceof java.sql.Date d) return d.toLocalDate();
        throw new IllegalArgumentException("not a date: " + column);
    }

    /** PostgreSQL's percentile_cont by hand: linear interpolation between the closest ranks. */
    static double percentileCont(double p, double... values) {
        double[] v = values.clone();
        Arrays.sort(v);
        double rank = p * (v.length - 1);
        int lower = (int) Math.floor(rank);
        if (lower + 1 >= v.length) return v[lower];
        return v[lower] + (rank - lower) * (v[lower + 1] - v[lower]);
    }

    // ==== hourly_message_counts ====

    @Test
    void messagesAreCountedPerUtcHourChannelBotAndDirectionTakingMissingDimensionsFromTheConversation() {
        post(at(D1 + "10:00:00Z", "conversation.started", "c1").channel("webchat").botId("bot-a"),
                at(D1 + "09:59:59.999Z", "message.received", "c1"),
                at(D1 + "10:05:00Z", "message.received", "c1"),
                at(D1 + "10:06:00Z", "message.sent", "c1"),
                at(D1 + "10:30:00Z", "message.received", "c1").channel("sms"),
                at(D1 + "10:59:59.999Z", "message.received", "c1"),
                at(D1 + "11:00:00Z", "message.received", "c1"),
                at(D1 + "10:10:00Z", "message.received", "c2").channel("whatsapp"),
                at(D1 + "10:11:00Z", "message.sent", "c2"),
                at(D1 + "10:20:00Z", "message.sent").botId("bot-b"),
                at(D1 + "10:30:00Z", "message.delivered", "c1"),
                at(D1 + "10:40:00Z", "message.failed", "c1"));
        Tenant mine = tenant;
        useTenant(ZoneOffset.UTC);
        post(at(D1 + "10:15:00Z", "message.received", "c1").channel("webchat").botId("bot-a"));
        tenant = mine;

        Period ten = hour(D1 + "10:00:00Z");
        assertThat(recompute(messageCounts, ten)).isEqualTo(6);

        expect(row(messageCounts, ten, "channel = 'webchat' AND bot_id = 'bot-a' AND direction = 'inbound'"),
                "message_count", 2);
        expect(row(messageCounts, ten, "channel = 'webchat' AND bot_id = 'bot-a' AND direction = 'outbound'"),
                "message_count", 1);
        expect(row(messageCounts, ten, "channel = 'sms' AND bot_id = 'bot-a' AND direction = 'inbound'"),
                "message_count", 1);
        expect(row(messageCounts, ten, "channel = 'whatsapp' AND bot_id IS NULL AND direction = 'inbound'"),
                "message_count", 1);
        expect(row(messageCounts, ten, "channel = 'whatsapp' AND bot_id IS NULL AND direction = 'outbound'"),
                "message_count", 1);
        expect(row(messageCounts, ten, "channel = 'other' AND bot_id = 'bot-b' AND direction = 'outbound'"),
                "message_count", 1);
        assertThat(rows(messageCounts, ten, "direction = 'outbound' AND channel = 'webchat'")).hasSize(1);
        expect(rows(messageCounts, ten).get(0), "period_start", Instant.parse(D1 + "10:00:00Z"));
    }

    // ==== hourly_response_times ====

    @Test
    void responseTimePercentilesAreExactPerHourAndTheStarRowsAreComputedFromAllSamplesNotFromOtherRows() {
        post(at(D1 + "10:00:00Z", "response.time_recorded").channel("webchat").botId("bot-a").durationMs(4000L),
                at(D1 + "10:10:00Z", "response.time_recorded").channel("webchat").botId("bot-a").durationMs(1000L),
                at(D1 + "10:20:00Z", "response.time_recorded").channel("webchat").botId("bot-a").durationMs(3000L),
                at(D1 + "10:59:59Z", "response.time_recorded").channel("webchat").botId("bot-a").durationMs(2000L),
                at(D1 + "10:30:00Z", "response.time_recorded").channel("whatsapp").botId("bot-b").durationMs(10000L),
                at(D1 + "10:40:00Z", "response.time_recorded").channel("whatsapp").botId("bot-b"),
                at(D1 + "11:00:00Z", "response.time_recorded").channel("webchat").botId("bot-a").durationMs(99000L),
                at(D1 + "09:59:59Z", "response.time_recorded").channel("webchat").botId("bot-a").durationMs(99000L));

        Period ten = hour(D1 + "10:00:00Z");
        // leaves (webchat, bot-a), (whatsapp, bot-b); (webchat, *), (whatsapp, *); (*, bot-a), (*, bot-b); (*, *)
        assertThat(recompute(responseTimes, ten)).isEqualTo(7);

        // 1000, 2000, 3000, 4000: p50 = 2000 + 0.5 * 1000; p95 at rank 2.85 = 3000 + 0.85 * 1000; p99 at rank 2.97
        assertThat(percentileCont(0.5, 1000, 2000, 3000, 4000)).isEqualTo(2500.0);
        assertThat(percentileCont(0.95, 1000, 2000, 3000, 4000)).isCloseTo(3850.0, within(1e-9));
        assertThat(percentileCont(0.99, 1000, 2000, 3000, 4000)).isCloseTo(3970.0, within(1e-9));
        for (String where : List.of("channel = 'webchat' AND bot_id = 'bot-a'", "channel = 'webchat' AND bot_id = '*'",
                "channel = '*' AND bot_id = 'bot-a'")) {
            expect(row(responseTimes, ten, where), "samples", 4, "sum_ms", 10000.0, "avg_ms", 2500.0,
                    "p50_ms", 2500.0, "p95_ms", 3850.0, "p99_ms", 3970.0);
        }
        expect(row(responseTimes, ten, "channel = 'whatsapp' AND bot_id = 'bot-b'"), "samples", 1, "p50_ms", 10000.0,
                "p99_ms", 10000.0);
        // all five samples: p50 = 3000 (not the mean of 2500 and 10000); p95 at rank 3.8 = 4000 + 0.8 * 6000
        expect(row(responseTimes, ten, "channel = '*' AND bot_id = '*'"), "samples", 5, "avg_ms", 4000.0,
                "p50_ms", 3000.0, "p95_ms", 8800.0, "p99_ms", 9760.0,
                "p95_ms", percentileCont(0.95, 1000, 2000, 3000, 4000, 10000));
    }

    // ==== daily_message_counts ====

    @Test
    void dailyMessageCountsFollowALocalMidnightThatIsNotAUtcHour() {
        useTenant(ZoneId.of("Asia/Kolkata")); // 2026-11-20 in Kolkata (UTC+5:30) is [11-19T18:30Z, 11-20T18:30Z)
        post(at("2026-11-19T18:29:59Z", "message.received", "k1").channel("webchat").botId("bot-a"),
                at("2026-11-19T18:30:00Z", "message.received", "k1").channel("webchat").botId("bot-a"),
                at(D1 + "09:00:00Z", "message.received", "k1"), // channel and bot from the conversation
                at(D1 + "09:00:05Z", "message.sent", "k1"),
                at(D1 + "12:00:00Z", "message.received").channel("whatsapp"),
                at(D1 + "12:00:00Z", "message.delivered", "k1"),
                at(D1 + "18:29:59Z", "message.sent", "k1"),
                at(D1 + "18:30:00Z", "message.received", "k1"));

        Period d1 = day("2026-11-20");
        assertThat(d1.from()).isEqualTo(Instant.parse("2026-11-19T18:30:00Z"));
        // (webchat, bot-a, inbound) 2, (webchat, bot-a, outbound) 2, (whatsapp, none, inbound) 1
        assertThat(recompute(dailyMessageCounts, d1)).isEqualTo(3);
        expect(row(dailyMessageCounts, d1, "channel = 'webchat' AND bot_id = 'bot-a' AND direction = 'inbound'"),
                "period_date", LocalDate.parse("2026-11-20"), "message_count", 2);
        expect(row(dailyMessageCounts, d1, "channel = 'webchat' AND bot_id = 'bot-a' AND direction = 'outbound'"),
                "message_count", 2);
        expect(row(dailyMessageCounts, d1, "channel = 'whatsapp' AND bot_id IS NULL AND direction = 'inbound'"),
                "message_count", 1);
        // the days either side hold the message a second before and the one at the next midnight
        assertThat(recompute(dailyMessageCounts, day("2026-11-19"))).isEqualTo(1);
        assertThat(recompute(dailyMessageCounts, day("2026-11-21"))).isEqualTo(1);
    }

    // ==== daily_response_times ====

    @Test
    void dailyResponseTimesAreExactOverTheTenantsLocalDayNotCombinedFromHours() {
        useTenant(NEW_YORK); // 2026-11-20 in New York (EST, UTC-5) is [2026-11-20T05:00Z, 2026-11-21T05:00Z)
        post(at(D1 + "04:59:59Z", "response.time_recorded").channel("webchat").botId("bot-a").durationMs(99000L),
                at(D1 + "05:00:00Z", "response.time_recorded").channel("webchat").botId("bot-a").durationMs(1000L),
                at(D1 + "05:30:00Z", "response.time_recorded").channel("webchat").botId("bot-a").durationMs(3000L),
                at(D1 + "14:00:00Z", "response.time_recorded").channel("webchat").botId("bot-a").durationMs(2000L),
                at(D1 + "14:10:00Z", "response.time_recorded").channel("whatsapp").botId("bot-b").durationMs(8000L),
                at(D1 + "14:20:00Z", "response.time_recorded").channel("whatsapp").botId("bot-b"),
                at(D2 + "04:59:59Z", "response.time_recorded").channel("whatsapp").botId("bot-b").durationMs(6000L),
                at(D2 + "05:00:00Z", "response.time_recorded").channel("webchat").botId("bot-a").durationMs(99000L));

        Period d1 = day("2026-11-20");
        assertThat(d1.from()).isEqualTo(Instant.parse(D1 + "05:00:00Z"));
        // leaves (webchat, bot-a), (whatsapp, bot-b); (webchat, *), (whatsapp, *); (*, bot-a), (*, bot-b); (*, *)
        assertThat(recompute(dailyResponseTimes, d1)).isEqualTo(7);

        // webchat/bot-a: 1000, 2000, 3000 -> p50 2000; p95 at rank 1.9 = 2000 + 0.9 * 1000; p99 at rank 1.98
        for (String where : List.of("channel = 'webchat' AND bot_id = 'bot-a'", "channel = 'webchat' AND bot_id = '*'",
                "channel = '*' AND bot_id = 'bot-a'")) {
            expect(row(dailyResponseTimes, d1, where), "period_date", LocalDate.parse("2026-11-20"), "samples", 3,
                    "sum_ms", 6000.0, "avg_ms", 2000.0, "p50_ms", 2000.0, "p95_ms", 2900.0, "p99_ms", 2980.0);
        }
        // whatsapp/bot-b: 6000, 8000 (the sample without durationMs is no sample) -> p50 7000, p95 6000 + 0.95 * 2000
        expect(row(dailyResponseTimes, d1, "channel = 'whatsapp' AND bot_id = 'bot-b'"), "samples", 2,
                "sum_ms", 14000.0, "p50_ms", 7000.0, "p95_ms", 7900.0);
        // the whole day: 1000, 2000, 3000, 6000, 8000 -> p50 3000; p95 at rank 3.8 = 6000 + 0.8 * 2000 = 7600.
        // Its hours' p50s (2000 for 05:00, 2000 for 14:00, 6000 for 04:00 the next day UTC) could not give this.
        expect(row(dailyResponseTimes, d1, "channel = '*' AND bot_id = '*'"), "samples", 5, "sum_ms", 20000.0,
                "avg_ms", 4000.0, "p50_ms", 3000.0, "p95_ms", 7600.0,
                "p95_ms", percentileCont(0.95, 1000, 2000, 3000, 6000, 8000));

        // a recompute replaces the day's rows; the days around it have none
        assertThat(recompute(dailyResponseTimes, d1)).isEqualTo(7);
        assertThat(rows(dailyResponseTimes, d1)).hasSize(7);
        // the 99000 at 04:59:59Z belongs to the 19th in New York: its leaf, (webchat, *), (*, bot-a) and (*, *)
        Period d0 = day("2026-11-19");
        assertThat(recompute(dailyResponseTimes, d0)).isEqualTo(4);
        expect(row(dailyResponseTimes, d0, "channel = '*' AND bot_id = '*'"), "samples", 1, "p50_ms", 99000.0);
    }

    @Test
    void aRecomputeRecordsItsPeriodAsTheTablesCoverageOnlyWhenItWroteRowsAndNeverMovesItBack() {
        post(at(D1 + "10:15:00Z", "response.time_recorded").durationMs(1000L),
                at(D1 + "12:15:00Z", "response.time_recorded").durationMs(2000L));
        assertThat(coverage(responseTimes)).isNull();

        recompute(responseTimes, hour(D1 + "11:00:00Z")); // no samples: no rows, nothing covered
        assertThat(coverage(responseTimes)).isNull();
        recompute(responseTimes, hour(D1 + "12:00:00Z"));
        assertThat(coverage(responseTimes)).isEqualTo(Instant.parse(D1 + "12:00:00Z"));
        recompute(responseTimes, hour(D1 + "10:00:00Z")); // a backfill of an earlier hour
        assertThat(coverage(responseTimes)).isEqualTo(Instant.parse(D1 + "12:00:00Z"));
        recompute(responseTimes, hour(D1 + "13:00:00Z")); // a later hour without rows
        assertThat(coverage(responseTimes)).isEqualTo(Instant.parse(D1 + "12:00:00Z"));
        // per table and tenant
        assertThat(coverage(messageCounts)).isNull();
    }

    Instant coverage(RollupFamily family) {
        List<Instant> found = jdbc.query("SELECT latest_period FROM rollup_coverage WHERE tenant_id = ? AND rollup = ?",
                (rs, n) -> rs.getObject(1, java.time.OffsetDateTime.class).toInstant(), tenant.id(), family.table());
        assertThat(found.size()).isLessThanOrEqualTo(1);
        return found.isEmpty() ? null : found.get(0);
    }

    // ==== daily_conversation_metrics ====

    /** Four conversations over two days whose measures complete on different days (UTC tenant). */
    void fourConversations() {
        post(at(D1 + "10:00:00Z", "conversation.started", "c1").channel("webchat").botId("bot-a"),
                at(D1 + "10:00:01Z", "message.received", "c1"),
                at(D1 + "10:00:03Z", "message.sent", "c1"),
                at(D1 + "12:00:00Z", "conversation.escalated", "c1"),
                at(D2 + "09:00:00Z", "response.staff_sent", "c1").staffId("s1"),
                at(D2 + "10:00:00Z", "conversation.resolved", "c1"),

                at(D1 + "11:00:00Z", "conversation.started", "c2").channel("webchat").botId("bot-a"),
                at(D1 + "11:00:00Z", "message.received", "c2"),
                at(D1 + "11:00:04Z", "message.sent", "c2"),
                at(D1 + "11:30:00Z", "conversation.resolved", "c2"),

                at(D1 + "13:00:00Z", "conversation.started", "c3").channel("whatsapp"),
                at(D1 + "13:00:00Z", "message.received", "c3"),
                at(D1 + "13:01:00Z", "conversation.escalated", "c3"),
                at(D1 + "13:02:00Z", "message.sent", "c3"),
                at(D1 + "13:05:00Z", "response.staff_sent", "c3").staffId("s2"),

                at(D1 + "23:59:59Z", "conversation.started", "c4").channel("webchat").botId("bot-a"),
                at(D1 + "23:59:59Z", "message.received", "c4"),
                at(D2 + "00:00:01Z", "message.sent", "c4"));
    }

    @Test
    void eachConversationMeasureCountsInTheDayItCompleted() {
        fourConversations();
        Period d1 = day("2026-11-20"), d2 = day("2026-11-21");
        assertThat(recompute(conversationMetrics, d1)).isEqualTo(7);
        assertThat(recompute(conversationMetrics, d2)).isEqualTo(4);

        // day 1: started c1..c4; resolved c2 (AI-handled); escalated c1 (after a bot reply) and c3 (before any);
        // first responses c1 2 s, c2 4 s, c3 120 s (c4's falls on day 2); agent first response c3 240 s
        expect(row(conversationMetrics, d1, "channel = '*' AND bot_id = '*'"),
                "period_date", LocalDate.parse("2026-11-20"), "period_start", Instant.parse(D1 + "00:00:00Z"),
                "conversations_started", 4, "conversations_resolved", 1, "conversations_escalated", 2,
                "ai_handled", 1, "ai_escalated", 1,
                "first_response_count", 3, "first_response_sum_ms", 126000.0, "first_response_avg_ms", 42000.0,
                "first_response_p50_ms", 4000.0, "first_response_p95_ms", percentileCont(0.95, 2000, 4000, 120000),
                "agent_first_response_count", 1, "agent_first_response_avg_ms", 240000.0,
                "agent_first_response_p50_ms", 240000.0,
                "resolution_count", 1, "resolution_avg_ms", 1800000.0, "resolution_p95_ms", 1800000.0);
        assertThat(percentileCont(0.95, 2000, 4000, 120000)).isCloseTo(108400.0, within(1e-9));
        for (String where : List.of("channel = 'webchat' AND bot_id = 'bot-a'", "channel = 'webchat' AND bot_id = '*'",
                "channel = '*' AND bot_id = 'bot-a'")) {
            expect(row(conversationMetrics, d1, where), "conversations_started", 3, "conversations_resolved", 1,
                    "conversations_escalated", 1, "ai_handled", 1, "ai_escalated", 1, "first_response_count", 2,
                    "first_response_avg_ms", 3000.0, "first_response_p50_ms", 3000.0, "first_response_p95_ms", 3900.0,
                    "agent_first_response_count", 0, "agent_first_response_avg_ms", null);
        }
        for (String where : List.of("channel = 'whatsapp' AND bot_id IS NULL", "channel = 'whatsapp' AND bot_id = '*'",
                "channel = '*' AND bot_id IS NULL")) {
            expect(row(conversationMetrics, d1, where), "conversations_started", 1, "conversations_escalated", 1,
                    "ai_escalated", 0, "first_response_p50_ms", 120000.0, "agent_first_response_p50_ms", 240000.0,
                    "resolution_count", 0, "resolution_p50_ms", null);
        }

        // day 2: c1 resolved 24 h after it started, not AI-handled (escalated); c1's agent answered 21 h after the
        // handoff; c4's first response (2 s) completed just after midnight
        expect(row(conversationMetrics, d2, "channel = '*' AND bot_id = '*'"),
                "conversations_started", 0, "conversations_resolved", 1, "conversations_escalated", 0,
                "ai_handled", 0, "ai_escalated", 0, "first_response_count", 1, "first_response_p50_ms", 2000.0,
                "agent_first_response_count", 1, "agent_first_response_p95_ms", 75_600_000.0,
                "resolution_count", 1, "resolution_p50_ms", 86_400_000.0);
    }

    @Test
    void aLateEarlierStartMovesTheConversationOutOfTheDayItWasCountedIn() {
        post(at(D2 + "08:00:00Z", "message.received", "c1").channel("sms"));
        recomputeDays(conversationMetrics, "2026-11-20", "2026-11-21");
        expect(row(conversationMetrics, day("2026-11-21"), "channel = '*' AND bot_id = '*'"), "conversations_started", 1);

        post(at(D1 + "23:00:00Z", "conversation.started", "c1"));
        recomputeDays(conversationMetrics, "2026-11-20", "2026-11-21");

        expect(row(conversationMetrics, day("2026-11-20"), "channel = '*' AND bot_id = '*'"), "conversations_started", 1);
        assertThat(rows(conversationMetrics, day("2026-11-21"))).isEmpty();
    }

    // ==== daily_staff_performance ====

    @Test
    void staffPerformanceCreditsRepliesTasksFirstResponsesRatingsAndLiveChatsToTheirDays() {
        post(at(D1 + "08:00:00Z", "conversation.started", "c1").channel("webchat"),
                at(D1 + "09:00:00Z", "conversation.escalated", "c1"),
                at(D1 + "09:01:00Z", "response.staff_sent", "c1").staffId("s1"),
                at(D1 + "09:05:00Z", "response.staff_sent", "c1").staffId("s1"),
                at(D1 + "09:10:00Z", "response.staff_sent", "c1").staffId("s2"),
                at(D2 + "08:00:00Z", "satisfaction.rating_received", "c1").value(4.0),
                at(D2 + "08:01:00Z", "satisfaction.rating_received", "c1").value(10.0).metadata("{\"scale\":\"nps\"}"),
                at(D2 + "08:02:00Z", "satisfaction.rating_received", "c1").value(7.0),
                at(D1 + "14:00:00Z", "response.staff_sent", "c2").staffId("s1"),
                at(D2 + "09:00:00Z", "satisfaction.rating_received", "c3").value(1.0),
                at(D1 + "15:00:00Z", "task.completed").staffId("s1").taskId("k1"),
                at(D0 + "23:59:59Z", "task.completed").staffId("s2").taskId("k2"),
                at(D1 + "16:00:00Z", "task.completed").taskId("k3"),
                at(D1 + "10:00:00Z", "livechat.requested", "l1"),
                at(D1 + "10:00:30Z", "livechat.accepted", "l1").staffId("s1"),
                at(D1 + "11:00:00Z", "livechat.requested", "l2"),
                at(D1 + "11:01:30Z", "livechat.accepted", "l2").staffId("s1"),
                at(D1 + "23:59:00Z", "livechat.requested", "l3"),
                at(D2 + "00:00:10Z", "livechat.accepted", "l3").staffId("s2"));
        Period d1 = day("2026-11-20"), d2 = day("2026-11-21");
        assertThat(recompute(staffPerformance, d1)).isEqualTo(2);
        assertThat(recompute(staffPerformance, d2)).isEqualTo(2);

        expect(row(staffPerformance, d1, "staff_id = 's1'"), "conversations_handled", 2, "replies", 3,
                "tasks_completed", 1, "agent_first_response_count", 1, "agent_first_response_avg_ms", 60000.0,
                "satisfaction_count", 0, "satisfaction_avg", null, "livechats_accepted", 2,
                "livechat_wait_avg_ms", 60000.0, "livechat_wait_sum_ms", 120000.0);
        expect(row(staffPerformance, d1, "staff_id = 's2'"), "conversations_handled", 1, "replies", 1,
                "tasks_completed", 0, "agent_first_response_count", 0, "livechats_accepted", 0,
                "livechat_wait_avg_ms", null);
        // the CSAT 4 on c1 counts for both staff who replied in c1; the NPS 10, the out-of-range 7 and the rating
        // of a conversation no staff replied in count for nobody
        expect(row(staffPerformance, d2, "staff_id = 's1'"), "conversations_handled", 0, "replies", 0,
                "satisfaction_count", 1, "satisfaction_avg", 4.0, "livechats_accepted", 0);
        expect(row(staffPerformance, d2, "staff_id = 's2'"), "satisfaction_count", 1, "satisfaction_avg", 4.0,
                "livechats_accepted", 1, "livechat_wait_avg_ms", 70000.0);
    }

    // ==== daily_intent_distribution ====

    @Test
    void intentsAreCountedWithTheirConfidenceLowConfidenceActionsAndEscalatedConversations() {
        post(at(D1 + "10:00:00Z", "intent.classified", "c1").intent("book").value(0.9),
                at(D1 + "10:01:00Z", "intent.action_taken", "c1").intent("book"),
                at(D1 + "11:00:00Z", "intent.classified", "c2").intent("book").value(0.7),
                at(D1 + "12:00:00Z", "intent.classified", "c3").intent("cancel").value(0.4),
                at(D1 + "12:00:01Z", "intent.confidence_low", "c3").intent("cancel").value(0.4),
                at(D1 + "12:30:00Z", "intent.classified").intent("cancel"),
                at(D1 + "12:40:00Z", "intent.classified").value(0.2),
                at(D1 + "13:00:00Z", "conversation.escalated", "c3"),
                at(D2 + "09:00:00Z", "conversation.escalated", "c1"),
                at(D2 + "23:00:00Z", "intent.classified", "c9").intent("book").value(0.5));
        Period d1 = day("2026-11-20"), d2 = day("2026-11-21");
        assertThat(recompute(intents, d1)).isEqualTo(2);
        recompute(intents, d2);

        expect(row(intents, d1, "intent = 'book'"), "classified_count", 2, "confidence_count", 2, "avg_confidence", 0.8,
                "low_confidence_count", 0, "action_taken_count", 1, "escalated_count", 0);
        expect(row(intents, d1, "intent = 'cancel'"), "classified_count", 2, "confidence_count", 1,
                "avg_confidence", 0.4, "low_confidence_count", 1, "action_taken_count", 0, "escalated_count", 1);
        // c1 (classified 'book' the day before) escalated on day 2
        expect(row(intents, d2, "intent = 'book'"), "classified_count", 1, "avg_confidence", 0.5,
                "escalated_count", 1);
    }

    // ==== weekly_satisfaction_trends ====

    @Test
    void isoWeekOneOf2026StartsOnMonday29DecemberAndHoldsItsRatingsPerChannel() {
        useTenant(KOLKATA);
        Period week = week("2025-12-29");
        assertThat(week.from()).isEqualTo(Instant.parse("2025-12-28T18:30:00Z"));
        assertThat(week.to()).isEqualTo(Instant.parse("2026-01-04T18:30:00Z"));
        assertThat(Granularity.WEEK.periodOf(Instant.parse("2026-01-01T10:00:00Z"), KOLKATA)).isEqualTo(week);

        post(at("2025-12-28T10:00:00Z", "conversation.started", "c1").channel("webchat"),
                at("2025-12-28T18:29:59Z", "satisfaction.rating_received").channel("whatsapp").value(5.0),
                at("2025-12-28T18:30:00Z", "satisfaction.rating_received").channel("whatsapp").value(5.0),
                at("2026-01-01T10:00:00Z", "satisfaction.rating_received").channel("whatsapp").value(4.0),
                at("2026-01-04T18:29:59Z", "satisfaction.rating_received", "c1").value(2.0),
                at("2026-01-04T18:30:00Z", "satisfaction.rating_received").channel("whatsapp").value(5.0),
                at("2026-01-02T10:00:00Z", "satisfaction.survey_sent").channel("whatsapp"),
                at("2026-01-02T10:00:01Z", "satisfaction.survey_sent").channel("whatsapp"),
                at("2026-01-02T10:00:02Z", "satisfaction.survey_sent", "c1"),
                at("2026-01-02T11:00:00Z", "satisfaction.rating_received").channel("whatsapp").value(7.0),
                at("2026-01-02T11:00:00Z", "satisfaction.rating_received").channel("whatsapp").value(4.5),
                at("2026-01-02T12:00:00Z", "satisfaction.rating_received").channel("whatsapp").value(10.0)
                        .metadata("{\"scale\":\"nps\"}"),
                at("2026-01-02T12:00:01Z", "satisfaction.rating_received").channel("whatsapp").value(9.0)
                        .metadata("{\"scale\":\"nps\"}"),
                at("2026-01-02T12:00:02Z", "satisfaction.rating_received").channel("whatsapp").value(7.0)
                        .metadata("{\"scale\":\"nps\"}"),
                at("2026-01-02T12:00:03Z", "satisfaction.rating_received").channel("whatsapp").value(3.0)
                        .metadata("{\"scale\":\"nps\"}"),
                at("2026-01-03T12:00:00Z", "satisfaction.rating_received").value(3.0));

        assertThat(recompute(satisfaction, week)).isEqualTo(3);
        recompute(satisfaction, week.previous());
        recompute(satisfaction, week.next());

        // whatsapp: CSAT 5 (first instant of the week) and 4; 7 and 4.5 are no CSAT ratings; NPS 10, 9, 7, 3
        expect(row(satisfaction, week, "channel = 'whatsapp'"), "period_date", LocalDate.parse("2025-12-29"),
                "surveys_sent", 2, "responses", 2, "rating_1", 0, "rating_2", 0, "rating_3", 0, "rating_4", 1,
                "rating_5", 1, "avg_rating", 4.5, "csat_pct", 100.0,
                "nps_responses", 4, "nps_promoters", 2, "nps_detractors", 1, "nps_score", 25.0);
        // c1's rating (last instant of the week) and survey take the conversation's channel
        expect(row(satisfaction, week, "channel = 'webchat'"), "surveys_sent", 1, "responses", 1, "rating_2", 1,
                "avg_rating", 2.0, "csat_pct", 0.0, "nps_responses", 0, "nps_score", null);
        expect(row(satisfaction, week, "channel = 'other'"), "responses", 1, "rating_3", 1, "avg_rating", 3.0);
        expect(row(satisfaction, week.previous(), "channel = 'whatsapp'"), "period_date", LocalDate.parse("2025-12-22"),
                "responses", 1);
        expect(row(satisfaction, week.next(), "channel = 'whatsapp'"), "period_date", LocalDate.parse("2026-01-05"),
                "responses", 1);
    }

    // ==== monthly_summary ====

    @Test
    void theMonthlySummaryOfADstMonthCountsItsLocalMonthAndRanksTheTopFiveIntents() {
        useTenant(NEW_YORK);
        Period march = month("2026-03-01");
        assertThat(march.from()).isEqualTo(Instant.parse("2026-03-01T05:00:00Z"));
        assertThat(march.to()).isEqualTo(Instant.parse("2026-04-01T04:00:00Z"));

        List<Event.Builder> batch = new ArrayList<>(List.of(
                at("2026-03-01T05:00:00Z", "conversation.started", "c1").channel("webchat").botId("bot-a"),
                at("2026-03-01T05:00:01Z", "message.received", "c1"),
                at("2026-03-01T05:00:03Z", "message.sent", "c1"),
                at("2026-03-01T05:10:00Z", "conversation.resolved", "c1"),
                at("2026-03-08T06:00:00Z", "conversation.started", "c2").channel("whatsapp").botId("bot-a"),
                at("2026-03-08T06:00:00Z", "message.received", "c2"),
                at("2026-03-08T06:00:04Z", "message.sent", "c2"),
                at("2026-03-08T06:01:00Z", "conversation.escalated", "c2"),
                at("2026-03-08T06:02:00Z", "response.staff_sent", "c2").staffId("s1"),
                at("2026-03-08T07:00:00Z", "conversation.resolved", "c2"),
                at("2026-04-01T03:59:59Z", "conversation.started", "c3").channel("webchat"),
                at("2026-04-01T03:59:59Z", "message.received", "c3"),
                at("2026-03-01T04:59:59Z", "conversation.started", "c4").channel("sms"),
                at("2026-03-01T04:59:59Z", "message.received", "c4"),
                at("2026-04-01T04:00:00Z", "conversation.started", "c5").channel("sms"),
                at("2026-04-01T04:00:00Z", "message.sent", "c5"),
                at("2026-03-10T12:00:00Z", "task.created").taskId("k1"),
                at("2026-03-11T12:00:00Z", "task.created").taskId("k2"),
                at("2026-03-12T12:00:00Z", "task.created").taskId("k3"),
                at("2026-03-12T13:00:00Z", "task.completed").taskId("k3").staffId("s1"),
                at("2026-04-01T04:00:00Z", "task.created").taskId("k4"),
                at("2026-03-15T12:00:00Z", "satisfaction.rating_received", "c1").value(5.0),
                at("2026-03-15T12:00:00Z", "satisfaction.rating_received", "c2").value(4.0),
                at("2026-03-16T12:00:00Z", "satisfaction.rating_received", "c2").value(2.0),
                at("2026-03-16T12:00:00Z", "satisfaction.rating_received", "c2").value(10.0)
                        .metadata("{\"scale\":\"nps\"}")));
        String[] classified = {"g", "a", "b", "f", "c", "a", "e", "b", "a", "d", "c"};
        for (int i = 0; i < classified.length; i++) {
            batch.add(at("2026-03-20T12:00:%02dZ".formatted(i), "intent.classified").intent(classified[i]));
        }
        batch.add(at("2026-04-01T04:00:00Z", "intent.classified").intent("z"));
        batch.add(at("2026-04-01T04:00:01Z", "intent.classified").intent("z"));
        post(batch.toArray(Event.Builder[]::new));

        assertThat(recompute(monthly, march)).isEqualTo(1);

        expect(row(monthly, march, null), "period_date", LocalDate.parse("2026-03-01"),
                "total_conversations", 3, "messages_in", 3, "messages_out", 2, "total_messages", 5,
                "total_tasks", 3, "tasks_completed", 1, "conversations_resolved", 2, "conversations_escalated", 1,
                "ai_handled", 1, "ai_resolution_rate", 0.5, "satisfaction_count", 3, "avg_satisfaction", 11.0 / 3,
                "csat_pct", 200.0 / 3, "first_response_count", 2, "avg_first_response_ms", 3000.0,
                "top_intents", "[{\"intent\":\"a\",\"count\":3},{\"intent\":\"b\",\"count\":2},"
                        + "{\"intent\":\"c\",\"count\":2},{\"intent\":\"d\",\"count\":1},{\"intent\":\"e\",\"count\":1}]",
                "channel_breakdown", "{\"webchat\":2,\"whatsapp\":1}");

        assertThat(recompute(monthly, month("2026-01-01"))).isZero();
        assertThat(rows(monthly, month("2026-01-01"))).isEmpty();
    }

    // ==== daily_bot_performance ====

    @Test
    void botPerformanceHasRatesOfTheDaysEventsAndNullRatesWithoutDenominators() {
        post(at(D1 + "10:00:00Z", "conversation.started", "c1").channel("webchat").botId("bot-a"),
                at(D1 + "10:00:01Z", "message.received", "c1"),
                at(D1 + "10:00:02Z", "message.sent", "c1"),
                at(D1 + "10:01:00Z", "message.received", "c1"),
                at(D1 + "10:01:05Z", "message.sent", "c1"),
                at(D1 + "10:01:06Z", "message.failed", "c1"),
                at(D1 + "10:01:07Z", "response.time_recorded", "c1").durationMs(1000L),
                at(D1 + "10:01:08Z", "response.time_recorded", "c1").durationMs(3000L),
                at(D1 + "10:01:09Z", "intent.classified", "c1").intent("x").value(0.9),
                at(D1 + "10:01:10Z", "intent.classified", "c1").intent("x").value(0.9),
                at(D1 + "10:01:11Z", "intent.classified", "c1").intent("y").value(0.9),
                at(D1 + "10:01:12Z", "intent.classified", "c1").intent("z").value(0.2),
                at(D1 + "10:01:13Z", "intent.confidence_low", "c1").intent("z").value(0.2),
                at(D1 + "10:01:14Z", "semantic_search.query", "c1").metadata("{\"resultCount\":3}"),
                at(D1 + "10:01:15Z", "semantic_search.query", "c1").metadata("{\"resultCount\":0}"),
                at(D1 + "10:01:16Z", "semantic_search.query", "c1"),
                at(D1 + "10:01:17Z", "llm.call", "c1").durationMs(500L).metadata("{\"tokens\":100,\"costUsd\":0.01}"),
                at(D1 + "10:01:18Z", "llm.call", "c1").durationMs(1500L)
                        .metadata("{\"tokens\":50,\"costUsd\":0.02,\"hasError\":true}"),
                at(D1 + "10:01:19Z", "llm.call", "c1").durationMs(1000L).metadata("{\"tokens\":\"abc\"}"),
                at(D1 + "10:02:00Z", "conversation.escalated", "c1"),
                at(D1 + "10:05:00Z", "satisfaction.rating_received", "c1").value(4.0),
                at(D1 + "10:10:00Z", "conversation.resolved", "c1"),
                at(D1 + "12:00:00Z", "conversation.started", "c2").channel("sms").botId("bot-a"),
                at(D1 + "12:00:00Z", "message.received", "c2"),
                at(D1 + "12:00:01Z", "message.sent", "c2"),
                at(D1 + "15:00:00Z", "message.received").botId("bot-b"),
                at(D1 + "16:00:00Z", "message.received"),
                at(D2 + "10:00:00Z", "message.received").botId("bot-a"));
        Period d1 = day("2026-11-20");
        assertThat(recompute(botPerformance, d1)).isEqualTo(2);

        expect(row(botPerformance, d1, "bot_id = 'bot-a'"), "conversations", 2, "conversations_escalated", 1,
                "messages_in", 3, "messages_out", 3, "messages_failed", 1,
                // c1's recorded 1000 and 3000; c2 records none, so its reply is timed from its messages: 1000.
                // 1000, 1000, 3000: p95 at rank 1.9 = 1000 + 0.9 * 2000, p99 at rank 1.98 = 1000 + 0.98 * 2000
                "response_time_samples", 3, "response_time_sum_ms", 5000.0, "response_time_avg_ms", 5000.0 / 3,
                "response_time_p50_ms", 1000.0, "response_time_p95_ms", 2800.0, "response_time_p99_ms", 2960.0,
                "success_rate", 2.0 / 3, "error_rate", 1.0 / 3,
                "intents_classified", 4, "intents_low_confidence", 1, "fallback_rate", 0.25, "handoff_rate", 0.5,
                "searches", 3, "search_hits", 1, "kb_hit_rate", 1.0 / 3,
                "llm_calls", 3, "llm_errors", 1, "llm_error_rate", 1.0 / 3, "llm_tokens", 150, "llm_cost_usd", 0.03,
                "llm_latency_p95_ms", percentileCont(0.95, 500, 1000, 1500),
                // c1: 4 messages over 10 min; c2: 2 messages over 1 s
                "messages_per_conversation", 3.0, "avg_conversation_duration_ms", 300500.0,
                "satisfaction_count", 1, "satisfaction_avg", 4.0);
        assertThat(percentileCont(0.95, 500, 1000, 1500)).isCloseTo(1450.0, within(1e-9));
        expect(row(botPerformance, d1, "bot_id = 'bot-b'"), "conversations", 0, "messages_in", 1, "messages_out", 0,
                "success_rate", null, "error_rate", null, "fallback_rate", null, "handoff_rate", null,
                "kb_hit_rate", null, "llm_error_rate", null, "llm_tokens", 0, "llm_cost_usd", 0.0,
                "llm_latency_p95_ms", null, "response_time_p50_ms", null, "messages_per_conversation", null,
                "avg_conversation_duration_ms", null, "satisfaction_avg", null);
    }

    // ==== hourly_usage ====

    @Test
    void hourlyUsageCountsMessagesConversationsDistinctUsersAndBotsEventsAndLlmSpend() {
        post(at(D1 + "10:00:00Z", "conversation.started", "c1").botId("bot-a").userId("u1"),
                at(D1 + "10:01:00Z", "message.received", "c1"),
                at(D1 + "10:02:00Z", "message.sent", "c1"),
                at(D1 + "10:30:00Z", "conversation.started", "c2").botId("bot-b").userId("u2"),
                at(D1 + "10:31:00Z", "message.received", "c2"),
                at(D1 + "10:40:00Z", "message.received").userId("u3"),
                at(D1 + "10:50:00Z", "llm.call", "c1").metadata("{\"tokens\":10,\"costUsd\":0.5}"),
                at(D1 + "10:51:00Z", "llm.call").metadata("{\"tokens\":5,\"costUsd\":0.25}"),
                at(D1 + "10:52:00Z", "llm.call").metadata("{\"tokens\":\"1e400\",\"costUsd\":\"NaN\"}"),
                at(D1 + "11:00:00Z", "message.received", "c1"),
                at(D1 + "09:59:59Z", "message.received").userId("u4"));
        Period ten = hour(D1 + "10:00:00Z");
        assertThat(recompute(usage, ten)).isEqualTo(1);

        expect(row(usage, ten, null), "messages_sent", 1, "messages_received", 3, "conversations_started", 2,
                "active_users", 3, "active_bots", 2, "api_calls", 9, "llm_calls", 3, "llm_tokens", 15,
                "llm_cost_usd", 0.75);
        assertThat(recompute(usage, hour(D1 + "13:00:00Z"))).isZero();
    }

    // ==== daily_livechat ====

    @Test
    void liveChatMetricsAreKeptForTheTenantEachAgentAndEachGroupByTheDayEachStepHappened() {
        post(at(D1 + "10:00:00Z", "livechat.requested", "r1").groupId("g1"),
                at(D1 + "10:00:30Z", "livechat.accepted", "r1").staffId("a1"),
                at(D1 + "10:01:00Z", "livechat.message", "r1").staffId("a1").metadata("{\"sender\":\"agent\"}"),
                at(D1 + "10:10:30Z", "livechat.ended", "r1"),
                at(D1 + "11:00:00Z", "livechat.requested", "r2").groupId("g1"),
                at(D1 + "11:01:00Z", "livechat.accepted", "r2").staffId("a2"),
                at(D2 + "00:00:30Z", "livechat.ended", "r2"),
                at(D1 + "12:00:00Z", "livechat.requested", "r3").groupId("g2"),
                at(D1 + "12:05:00Z", "livechat.missed", "r3"),
                at(D1 + "23:59:00Z", "livechat.requested", "r4").groupId("g2"),
                at(D2 + "00:01:00Z", "livechat.accepted", "r4").staffId("a1"),
                at(D1 + "13:00:00Z", "livechat.requested", "r5").groupId("g1"),
                at(D1 + "13:02:00Z", "livechat.accepted", "r5").staffId("a1"));
        Period d1 = day("2026-11-20"), d2 = day("2026-11-21");
        // all; agents a1, a2, none (r3); groups g1, g2
        assertThat(recompute(livechat, d1)).isEqualTo(6);
        recompute(livechat, d2);

        expect(row(livechat, d1, "dimension = 'all' AND dimension_value = '*'"), "requests", 5, "accepted", 3,
                "missed", 1, "missed_rate", 0.2, "wait_count", 3, "wait_avg_ms", 70000.0, "wait_p50_ms", 60000.0,
                "wait_p95_ms", percentileCont(0.95, 30000, 60000, 120000), "chat_duration_count", 1,
                "chat_duration_avg_ms", 600000.0, "agent_first_response_count", 1,
                "agent_first_response_avg_ms", 30000.0);
        assertThat(percentileCont(0.95, 30000, 60000, 120000)).isCloseTo(114000.0, within(1e-9));
        expect(row(livechat, d1, "dimension = 'agent' AND dimension_value = 'a1'"), "requests", 3, "accepted", 2,
                "missed", 0, "missed_rate", 0.0, "wait_avg_ms", 75000.0, "chat_duration_avg_ms", 600000.0,
                "agent_first_response_avg_ms", 30000.0);
        expect(row(livechat, d1, "dimension = 'agent' AND dimension_value = 'a2'"), "requests", 1, "accepted", 1,
                "wait_p50_ms", 60000.0, "chat_duration_count", 0, "chat_duration_avg_ms", null);
        expect(row(livechat, d1, "dimension = 'agent' AND dimension_value IS NULL"), "requests", 1, "missed", 1,
                "missed_rate", 1.0);
        expect(row(livechat, d1, "dimension = 'group' AND dimension_value = 'g1'"), "requests", 3, "accepted", 3,
                "wait_avg_ms", 70000.0);
        expect(row(livechat, d1, "dimension = 'group' AND dimension_value = 'g2'"), "requests", 2, "accepted", 0,
                "missed", 1, "missed_rate", 0.5, "wait_count", 0, "wait_avg_ms", null);
        // r4 accepted after 2 min just after midnight; r2 ended 12 h 59 min 30 s after its acceptance
        expect(row(livechat, d2, "dimension = 'all'"), "requests", 0, "accepted", 1, "missed", 0, "missed_rate", null,
                "wait_p50_ms", 120000.0, "chat_duration_avg_ms", 46_770_000.0);
    }

    // ==== tenant-local calendars ====

    /** Conversations with a start, an inbound bot message, an intent and a live-chat request, each at its instant. */
    void conversationsAt(String... instants) {
        List<Event.Builder> batch = new ArrayList<>();
        for (String ts : instants) {
            String id = "c-" + ts;
            batch.addAll(List.of(at(ts, "conversation.started", id).channel("webchat").botId("bot-a"),
                    at(ts, "message.received", id),
                    at(ts, "intent.classified", id).intent("hello").value(1.0),
                    at(ts, "livechat.requested", id)));
        }
        post(batch.toArray(Event.Builder[]::new));
    }

    /** How many of the conversations placed by {@link #conversationsAt} four daily families count on the day. */
    void assertDayCounts(String date, int expected) {
        Period day = day(date);
        for (RollupFamily f : List.of(conversationMetrics, botPerformance, intents, livechat)) recompute(f, day);
        if (expected == 0) {
            for (RollupFamily f : List.of(conversationMetrics, botPerformance, intents, livechat)) {
                assertThat(rows(f, day)).as(f.table() + " on " + date).isEmpty();
            }
            return;
        }
        expect(row(conversationMetrics, day, "channel = '*' AND bot_id = '*'"), "conversations_started", expected,
                "period_date", LocalDate.parse(date), "period_start", day.from());
        expect(row(botPerformance, day, "bot_id = 'bot-a'"), "messages_in", expected, "conversations", expected);
        expect(row(intents, day, "intent = 'hello'"), "classified_count", expected);
        expect(row(livechat, day, "dimension = 'all'"), "requests", expected);
    }

    @Test
    void aNewYorkSpringForwardDayHas23HoursAndItsBoundariesCountExactly() {
        useTenant(NEW_YORK);
        Period day = day("2026-03-08");
        assertThat(day.from()).isEqualTo(Instant.parse("2026-03-08T05:00:00Z"));
        assertThat(day.to()).isEqualTo(Instant.parse("2026-03-09T04:00:00Z"));
        assertThat(Duration.between(day.from(), day.to())).isEqualTo(Duration.ofHours(23));

        conversationsAt("2026-03-08T04:59:59Z", "2026-03-08T05:00:00Z", "2026-03-09T03:59:59Z", "2026-03-09T04:00:00Z");

        assertDayCounts("2026-03-07", 1);
        assertDayCounts("2026-03-08", 2);
        assertDayCounts("2026-03-09", 1);
    }

    @Test
    void aNewYorkFallBackDayHas25HoursAndItsBoundariesCountExactly() {
        useTenant(NEW_YORK);
        Period day = day("2026-11-01");
        assertThat(day.from()).isEqualTo(Instant.parse("2026-11-01T04:00:00Z"));
        assertThat(day.to()).isEqualTo(Instant.parse("2026-11-02T05:00:00Z"));
        assertThat(Duration.between(day.from(), day.to())).isEqualTo(Duration.ofHours(25));

        // 05:30Z and 06:30Z are both 01:30 local (EDT, then EST)
        conversationsAt("2026-11-01T03:59:59Z", "2026-11-01T04:00:00Z", "2026-11-01T05:30:00Z", "2026-11-01T06:30:00Z",
                "2026-11-02T04:59:59Z", "2026-11-02T05:00:00Z");

        assertDayCounts("2026-10-31", 1);
        assertDayCounts("2026-11-01", 4);
        assertDayCounts("2026-11-02", 1);
    }

    @Test
    void inKolkataAnEventAt1900UtcBelongsToTheNextLocalDay() {
        useTenant(KOLKATA);
        assertThat(day("2026-11-21").from()).isEqualTo(Instant.parse("2026-11-20T18:30:00Z"));

        conversationsAt("2026-11-20T18:29:59Z", "2026-11-20T18:30:00Z", "2026-11-20T19:00:00Z");

        assertDayCounts("2026-11-20", 1);
        assertDayCounts("2026-11-21", 2);
    }

    @Test
    void inChathamInNovemberTheDayStartsAt1015UtcOfTheDayBefore() {
        useTenant(CHATHAM);
        // southern summer: UTC+13:45, so 2026-11-20T19:00Z is 08:45 on 2026-11-21
        assertThat(CHATHAM.getRules().getOffset(Instant.parse("2026-11-20T19:00:00Z")))
                .isEqualTo(ZoneOffset.ofHoursMinutes(13, 45));
        assertThat(day("2026-11-21").from()).isEqualTo(Instant.parse("2026-11-20T10:15:00Z"));

        conversationsAt("2026-11-20T10:14:59Z", "2026-11-20T10:15:00Z", "2026-11-20T19:00:00Z", "2026-11-21T10:14:59Z",
                "2026-11-21T10:15:00Z");

        assertDayCounts("2026-11-20", 1);
        assertDayCounts("2026-11-21", 3);
        assertDayCounts("2026-11-22", 1);
        assertDayCounts("2026-11-23", 0);
    }

    @Test
    void aPeriodOfAnotherCalendarIsRefused() {
        useTenant(NEW_YORK);
        Period utcDay = new Period(Granularity.DAY, LocalDate.parse("2026-11-20").atStartOfDay(), ZoneOffset.UTC);
        assertThatThrownBy(() -> recompute(conversationMetrics, utcDay)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> recompute(messageCounts, day("2026-11-20")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ==== summary = chart = export ====

    @Test
    void aMonthsTotalsAgreeWhetherReadFromHourlyDailyOrMonthlyRows() {
        useTenant(NEW_YORK);
        Period march = month("2026-03-01");
        String[] channels = {"webchat", "whatsapp", "sms"};
        List<Event.Builder> batch = new ArrayList<>();
        List<Instant> starts = new ArrayList<>(List.of(Instant.parse("2026-03-01T04:59:59Z"),
                Instant.parse("2026-03-01T05:00:00Z"), Instant.parse("2026-03-08T06:30:00Z"),
                Instant.parse("2026-03-08T07:30:00Z"), Instant.parse("2026-04-01T03:59:59Z"),
                Instant.parse("2026-04-01T04:00:00Z")));
        for (int i = 0; i < 12; i++) {
            starts.add(march.from().plus(Duration.ofHours(61L * i + (i * 7) % 13)).plusSeconds(97L * i));
        }
        for (int i = 0; i < starts.size(); i++) {
            Instant t = starts.get(i);
            String c = "c" + i;
            batch.add(at(t.toString(), "conversation.started", c).channel(channels[i % 3]).botId(i % 2 == 0 ? "bot-a" : "bot-b"));
            batch.add(at(t.toString(), "message.received", c));
            batch.add(at(t.plusSeconds(3 + i).toString(), "message.sent", c));
            if (i % 3 != 1) batch.add(at(t.plusSeconds(60).toString(), "message.received", c));
            if (i % 4 == 0) {
                batch.add(at(t.plusSeconds(120).toString(), "conversation.escalated", c));
                batch.add(at(t.plusSeconds(300).toString(), "response.staff_sent", c).staffId("s1"));
            }
            if (i % 2 == 0) batch.add(at(t.plusSeconds(600).toString(), "conversation.resolved", c));
        }
        post(batch.toArray(Event.Builder[]::new));

        // the periods a job would recompute: those the events touched
        Set<Period> hours = new LinkedHashSet<>(), days = new LinkedHashSet<>();
        for (Event.Builder b : batch) {
            hours.add(Granularity.HOUR.periodOf(b.build().timestamp(), ZoneOffset.UTC));
            days.add(Granularity.DAY.periodOf(b.build().timestamp(), NEW_YORK));
        }
        for (Period h : hours) {
            recompute(messageCounts, h);
            recompute(usage, h);
        }
        for (Period d : days) {
            recompute(conversationMetrics, d);
            recompute(botPerformance, d);
        }
        recompute(monthly, march);
        Map<String, Object> summary = row(monthly, march, null);

        Object[] range = {tenant.id(), utc(march.from()), utc(march.to())};
        String inMonth = " WHERE tenant_id = ? AND period_start >= ? AND period_start < ?";
        long hourlyMessages = sum("SELECT SUM(message_count) FROM hourly_message_counts" + inMonth, range);
        long usageMessages = sum("SELECT SUM(messages_sent + messages_received) FROM hourly_usage" + inMonth, range);
        long botMessages = sum("SELECT SUM(messages_in + messages_out) FROM daily_bot_performance" + inMonth, range);
        long usageStarted = sum("SELECT SUM(conversations_started) FROM hourly_usage" + inMonth, range);
        long dailyStarted = sum("SELECT SUM(conversations_started) FROM daily_conversation_metrics" + inMonth
                + " AND channel = '*' AND bot_id = '*'", range);
        long dailyStartedLeaves = sum("SELECT SUM(conversations_started) FROM daily_conversation_metrics" + inMonth
                + " AND channel <> '*' AND bot_id <> '*'", range);
        long botConversations = sum("SELECT SUM(conversations) FROM daily_bot_performance" + inMonth, range);
        long dailyResolved = sum("SELECT SUM(conversations_resolved) FROM daily_conversation_metrics" + inMonth
                + " AND channel = '*' AND bot_id = '*'", range);
        long dailyAiHandled = sum("SELECT SUM(ai_handled) FROM daily_conversation_metrics" + inMonth
                + " AND channel = '*' AND bot_id = '*'", range);
        long frCount = sum("SELECT SUM(first_response_count) FROM daily_conversation_metrics" + inMonth
                + " AND channel = '*' AND bot_id = '*'", range);
        long frSum = sum("SELECT CAST(SUM(first_response_sum_ms) AS BIGINT) FROM daily_conversation_metrics" + inMonth
                + " AND channel = '*' AND bot_id = '*'", range);

        // hand count: c1..c4 and c6.. start in March (c0 is February, c5 April); messages by their own instants
        long started = starts.stream().filter(march::contains).count();
        long messages = batch.stream().map(Event.Builder::build)
                .filter(e -> e.type().startsWith("message.") && march.contains(e.timestamp())).count();
        assertThat(started).isEqualTo(16);
        expect(summary, "total_conversations", started, "total_messages", messages,
                "conversations_resolved", dailyResolved, "ai_handled", dailyAiHandled,
                "first_response_count", frCount, "avg_first_response_ms", (double) frSum / frCount);
        assertThat(List.of(hourlyMessages, usageMessages, botMessages)).containsOnly(messages);
        assertThat(List.of(usageStarted, dailyStarted, dailyStartedLeaves, botConversations)).containsOnly(started);

        Map<String, Long> perChannel = new TreeMap<>();
        jdbc.query("SELECT channel, SUM(conversations_started) FROM daily_conversation_metrics" + inMonth
                + " AND channel <> '*' AND bot_id = '*' GROUP BY channel", rs -> {
                    if (rs.getLong(2) > 0) perChannel.put(rs.getString(1), rs.getLong(2));
                }, range);
        StringBuilder json = new StringBuilder("{");
        perChannel.forEach((k, v) -> json.append(json.length() > 1 ? "," : "").append('"').append(k).append("\":").append(v));
        assertThat(summary.get("channel_breakdown")).isEqualTo(json.append('}').toString());
    }

    // ==== idempotency and late events ====

    /** A day of every kind of event, on {@code date} (UTC tenant). */
    List<Event.Builder> busyDay(String date, String p) {
        String d = date + "T";
        return List.of(
                at(d + "09:00:00Z", "conversation.started", p + "c1").channel("webchat").botId("bot-a").userId(p + "u1"),
                at(d + "09:00:01Z", "message.received", p + "c1"),
                at(d + "09:00:03Z", "message.sent", p + "c1"),
                at(d + "09:00:04Z", "response.time_recorded", p + "c1").durationMs(2000L),
                at(d + "09:00:05Z", "intent.classified", p + "c1").intent("book").value(0.8),
                at(d + "09:00:06Z", "intent.action_taken", p + "c1").intent("book"),
                at(d + "09:00:07Z", "llm.call", p + "c1").durationMs(700L).metadata("{\"tokens\":42,\"costUsd\":0.004}"),
                at(d + "09:00:08Z", "semantic_search.query", p + "c1").metadata("{\"resultCount\":2}"),
                at(d + "09:10:00Z", "conversation.escalated", p + "c1"),
                at(d + "09:12:00Z", "response.staff_sent", p + "c1").staffId("s1"),
                at(d + "09:30:00Z", "conversation.resolved", p + "c1"),
                at(d + "09:31:00Z", "satisfaction.survey_sent", p + "c1"),
                at(d + "09:32:00Z", "satisfaction.rating_received", p + "c1").value(5.0),
                at(d + "11:00:00Z", "task.created").taskId(p + "k1"),
                at(d + "12:00:00Z", "task.completed").taskId(p + "k1").staffId("s1"),
                at(d + "14:00:00Z", "conversation.started", p + "c2").channel("whatsapp").botId("bot-b").userId(p + "u2"),
                at(d + "14:31:00Z", "message.sent", p + "c2"),
                at(d + "14:40:00Z", "intent.classified", p + "c2").intent("cancel").value(0.3),
                at(d + "14:40:01Z", "intent.confidence_low", p + "c2").intent("cancel"),
                at(d + "15:00:00Z", "livechat.requested", p + "c2").groupId("g1"),
                at(d + "15:00:45Z", "livechat.accepted", p + "c2").staffId("s2"),
                at(d + "15:01:00Z", "livechat.message", p + "c2").staffId("s2").metadata("{\"sender\":\"agent\"}"),
                at(d + "15:20:00Z", "livechat.ended", p + "c2"));
    }

    /** Every row of the tenant in every family's table, by table and period start. */
    Map<String, Map<Instant, List<String>>> snapshot() {
        Map<String, Map<Instant, List<String>>> tables = new TreeMap<>();
        for (RollupFamily f : families) {
            Map<Instant, List<String>> byPeriod = new TreeMap<>();
            for (Map<String, Object> r : jdbc.queryForList("SELECT * FROM " + f.table() + " WHERE tenant_id = ?", tenant.id())) {
                byPeriod.computeIfAbsent(instant(r.get("period_start")), k -> new ArrayList<>()).add(r.toString());
            }
            byPeriod.values().forEach(l -> l.sort(Comparator.naturalOrder()));
            tables.put(f.table(), byPeriod);
        }
        return tables;
    }

    /**
     * Recomputes every period of every family that overlaps [from, to), hourly families only over [hoursFrom,
     * hoursTo) to keep the test short.
     */
    Map<String, Integer> recomputeAll(Instant from, Instant to, Instant hoursFrom, Instant hoursTo) {
        Map<String, Integer> written = new TreeMap<>();
        for (RollupFamily f : families) {
            boolean hourly = f.granularity() == Granularity.HOUR;
            int rows = 0;
            for (Period p : f.granularity().covering(hourly ? hoursFrom : from, (hourly ? hoursTo : to).minusNanos(1),
                    tenant.timezone())) {
                rows += f.recompute(tenant, p);
            }
            written.put(f.table(), rows);
        }
        return written;
    }

    @Test
    void recomputingTwiceGivesTheSameRowsAndALateEventChangesExactlyThePeriodsItBelongsTo() {
        List<Event.Builder> all = new ArrayList<>();
        all.addAll(busyDay("2026-11-19", "a"));
        all.addAll(busyDay("2026-11-20", "b"));
        all.addAll(busyDay("2026-11-21", "c"));
        post(all.toArray(Event.Builder[]::new));
        Instant from = Instant.parse(D0 + "00:00:00Z"), to = Instant.parse("2026-11-22T00:00:00Z");
        Instant hoursFrom = Instant.parse(D1 + "08:00:00Z"), hoursTo = Instant.parse(D1 + "16:00:00Z");

        Map<String, Integer> first = recomputeAll(from, to, hoursFrom, hoursTo);
        Map<String, Map<Instant, List<String>>> before = snapshot();
        assertThat(recomputeAll(from, to, hoursFrom, hoursTo)).isEqualTo(first);
        assertThat(snapshot()).isEqualTo(before);
        assertThat(first.values()).allMatch(n -> n > 0);

        // the inbound message of conversation bc2 arrives late: it gives bc2 a first response on 2026-11-20, and
        // (bc2 records no response time) a reply response time derived from its messages, at 14:31
        post(at(D1 + "14:30:00Z", "message.received", "bc2"));
        recomputeAll(from, to, hoursFrom, hoursTo);
        Map<String, Map<Instant, List<String>>> after = snapshot();

        Map<String, Set<Instant>> changed = new TreeMap<>();
        for (String table : before.keySet()) {
            Set<Instant> periods = new HashSet<>(before.get(table).keySet());
            periods.addAll(after.get(table).keySet());
            for (Instant p : periods) {
                if (!java.util.Objects.equals(before.get(table).get(p), after.get(table).get(p))) {
                    changed.computeIfAbsent(table, k -> new HashSet<>()).add(p);
                }
            }
        }
        Instant hour = Instant.parse(D1 + "14:00:00Z"), day = Instant.parse(D1 + "00:00:00Z");
        assertThat(changed).isEqualTo(Map.of(
                "hourly_message_counts", Set.of(hour),
                "hourly_response_times", Set.of(hour),
                "hourly_usage", Set.of(hour),
                "daily_conversation_metrics", Set.of(day),
                "daily_bot_performance", Set.of(day),
                "monthly_summary", Set.of(Instant.parse("2026-11-01T00:00:00Z"))));
    }

    @Test
    void usageMetricsSplitLlmCallsByModelAndCountHttpErrorsAndTagChanges() {
        post(at(D1 + "10:00:00Z", "message.received", "u1").botId("bot-a"),
                at(D1 + "10:00:01Z", "llm.call", "u1").durationMs(100L).metadata("{\"model\":\"m1\",\"tokens\":100,\"costUsd\":0.01}"),
                at(D1 + "10:00:02Z", "llm.call", "u1").durationMs(300L).metadata("{\"model\":\"m1\",\"tokens\":50,\"costUsd\":0.02,\"hasError\":true}"),
                at(D1 + "10:00:03Z", "llm.call", "u1").durationMs(500L).metadata("{\"model\":\"m2\",\"tokens\":\"oops\"}"),
                at(D1 + "10:00:04Z", "http.call", "u1").durationMs(20L).metadata("{\"hasError\":false}"),
                at(D1 + "10:00:05Z", "http.call", "u1").durationMs(40L).metadata("{\"hasError\":true}"),
                at(D1 + "10:00:06Z", "tag.changed", "u1").metadata("{\"added\":[\"vip\",\"new\"],\"removed\":[\"old\"]}"),
                at(D2 + "10:00:00Z", "llm.call", "u1").durationMs(999L).metadata("{\"model\":\"m1\"}"));

        assertThat(recompute(usageMetrics, day("2026-11-20"))).isEqualTo(3);

        Map<String, Object> all = rows(usageMetrics, day("2026-11-20"), "model = '*'").get(0);
        assertThat(all.get("bot_id")).isEqualTo("bot-a");
        assertThat(((Number) all.get("llm_calls")).longValue()).isEqualTo(3);
        assertThat(((Number) all.get("llm_errors")).longValue()).isEqualTo(1);
        assertThat(((Number) all.get("llm_error_rate")).doubleValue()).isCloseTo(1.0 / 3, within(1e-9));
        assertThat(((Number) all.get("llm_tokens")).longValue()).isEqualTo(150);
        assertThat(((Number) all.get("llm_cost_usd")).doubleValue()).isCloseTo(0.03, within(1e-9));
        // latencies 100, 300, 500: p50 = 300, p95 = 300 + 0.9 * 200 = 480
        assertThat(((Number) all.get("llm_latency_p50_ms")).doubleValue()).isCloseTo(300, within(1e-6));
        assertThat(((Number) all.get("llm_latency_p95_ms")).doubleValue()).isCloseTo(480, within(1e-6));
        assertThat(((Number) all.get("http_calls")).longValue()).isEqualTo(2);
        assertThat(((Number) all.get("http_error_rate")).doubleValue()).isCloseTo(0.5, within(1e-9));
        // 20 and 40: p95 = 20 + 0.95 * 20 = 39
        assertThat(((Number) all.get("http_latency_p95_ms")).doubleValue()).isCloseTo(39, within(1e-6));
        assertThat(((Number) all.get("tags_added")).longValue()).isEqualTo(2);
        assertThat(((Number) all.get("tags_removed")).longValue()).isEqualTo(1);
        Map<String, Object> m1 = rows(usageMetrics, day("2026-11-20"), "model = 'm1'").get(0);
        assertThat(((Number) m1.get("llm_calls")).longValue()).isEqualTo(2);
        assertThat(((Number) m1.get("llm_tokens")).longValue()).isEqualTo(150);
        assertThat(((Number) m1.get("llm_latency_avg_ms")).doubleValue()).isCloseTo(200, within(1e-6));
        assertThat(((Number) rows(usageMetrics, day("2026-11-20"), "model = 'm2'").get(0).get("llm_tokens")).longValue()).isZero();
    }
}
