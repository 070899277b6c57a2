package dev.convolens.rollup;

import com.zaxxer.hikari.HikariDataSource;
import dev.convolens.event.Event;
import dev.convolens.facts.FactStore;
import dev.convolens.facts.TestFactStores;
import dev.convolens.storage.JdbcEventStore;
import dev.convolens.storage.SqlDialect;
import dev.convolens.support.TestStore;
import dev.convolens.tenant.Tenant;
import dev.convolens.tenant.TenantSettings;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Benchmark, not a test: time to compute every daily rollup of 30 days holding N events, and one incremental hourly
 * run after 100k new events, on DuckDB or PostgreSQL. Run it with the command in BENCHMARKS.md.
 *
 * <p>Arguments: {@code duckdb|postgres [events=5000000] [tenants=10] [days=30]}.
 */
public final class RollupBenchmark {
    static final String[] CHANNELS = {"webchat", "whatsapp", "messenger", "email", "sms"};
    static final String[] BOTS = {"sales-assistant", "support-bot", "billing-bot"};
    static final String[] INTENTS = {"billing", "refund", "shipping", "login", "pricing", "other"};
    static final int EVENTS_PER_CONVERSATION = 10;

    public static void main(String[] args) throws Exception {
        String storeName = args.length > 0 ? args[0] : "duckdb";
        long total = args.length > 1 ? Long.parseLong(args[1]) : 5_000_000L;
        int tenantCount = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        int days = args.length > 3 ? Integer.parseInt(args[3]) : 30;
        TestStore store = storeName.equals("postgres") ? TestStore.postgres()
                : TestStore.duckDb(Files.createTempDirectory("rollup-bench"));
        Instant now = Instant.now().truncatedTo(ChronoUnit.HOURS);
        Instant start = now.minus(Duration.ofDays(days));
        List<Tenant> tenants = new ArrayList<>();
        for (int i = 0; i < tenantCount; i++) {
            tenants.add(new Tenant("bench-" + i, "Bench " + i, ZoneId.of(i % 2 == 0 ? "Europe/Berlin" : "America/New_York"),
                    TenantSettings.DEFAULTS, start, start));
        }
        try (HikariDataSource ds = store.open()) {
            SqlDialect dialect = store.dialect();
            JdbcEventStore events = new JdbcEventStore(ds, dialect);
            FactStore facts = TestFactStores.jdbc(ds, Clock.systemUTC());
            Map<String, String> report = new LinkedHashMap<>();

            long conversations = total / EVENTS_PER_CONVERSATION;
            long t0 = System.nanoTime();
            load(events, facts, tenants, conversations, start, now.minus(Duration.ofHours(2)), new Random(1), "c");
            double loadSeconds = seconds(t0);
            report.put("events stored + facts computed", String.format("%,d events, %,d conversations in %.1f s (%.0f events/s)",
                    conversations * EVENTS_PER_CONVERSATION, conversations, loadSeconds,
                    conversations * EVENTS_PER_CONVERSATION / loadSeconds));

            List<SqlRollupFamily> daily = List.of(new DailyConversationMetrics(ds, dialect),
                    new DailyStaffPerformance(ds, dialect), new DailyIntentDistribution(ds, dialect),
                    new DailyBotPerformance(ds, dialect), new DailyLivechat(ds, dialect), new DailyUsageMetrics(ds, dialect));
            long all = System.nanoTime();
            long rows = 0;
            for (SqlRollupFamily family : daily) {
                long f0 = System.nanoTime();
                long familyRows = 0;
                for (Tenant t : tenants) {
                    for (Period p : Granularity.DAY.covering(start, now, t.timezone())) familyRows += family.recompute(t, p);
                }
                rows += familyRows;
                report.put(family.jobName(), String.format("%.1f s, %,d rows", seconds(f0), familyRows));
            }
            report.put("all daily rollups, " + days + " days x " + tenantCount + " tenants",
                    String.format("%.1f s, %,d rows", seconds(all), rows));

            List<SqlRollupFamily> hourly = List.of(new HourlyMessageCounts(ds, dialect), new HourlyResponseTimes(ds, dialect),
                    new HourlyUsage(ds, dialect));
            for (SqlRollupFamily family : hourly) {
                for (Tenant t : tenants) {
                    for (Period p : Granularity.HOUR.covering(now.minus(Duration.ofHours(3)), now, t.timezone())) family.recompute(t, p);
                }
            }
            long newConversations = 100_000 / EVENTS_PER_CONVERSATION;
            long i0 = System.nanoTime();
            load(events, facts, tenants, newConversations, now.minus(Duration.ofMinutes(59)), now.minus(Duration.ofMinutes(1)),
                    new Random(2), "n");
            double ingestSeconds = seconds(i0);
            long h0 = System.nanoTime();
            long hourlyRows = 0;
            for (SqlRollupFamily family : hourly) {
                for (Tenant t : tenants) {
                    // what a scheduled hourly run recomputes: the dirty hour(s) plus the current and previous hour
                    for (Period p : Granularity.HOUR.covering(now.minus(Duration.ofHours(1)), now, t.timezone())) {
                        hourlyRows += family.recompute(t, p);
                    }
                }
            }
            report.put("incremental: 100k new events stored + facts", String.format("%.1f s", ingestSeconds));
            report.put("incremental hourly run (3 hourly families x " + tenantCount + " tenants x 2 hours)",
                    String.format("%.2f s, %,d rows", seconds(h0), hourlyRows));

            System.out.println("\n== RollupBenchmark on " + storeName + " ==");
            report.forEach((k, v) -> System.out.println("| " + k + " | " + v + " |"));
        }
        System.exit(0);
    }

    /** Conversations of 10 events each, spread evenly over [from, to), committed in batches of 50,000 events. */
    static void load(JdbcEventStore events, FactStore facts, List<Tenant> tenants, long conversations, Instant from,
            Instant to, Random random, String prefix) {
        List<Event> batch = new ArrayList<>(50_000);
        Map<String, List<String>> touched = new LinkedHashMap<>();
        long span = Duration.between(from, to).toMillis();
        for (long c = 0; c < conversations; c++) {
            Tenant t = tenants.get((int) (c % tenants.size()));
            String id = prefix + c;
            Instant s = from.plusMillis(span * c / conversations);
            String channel = CHANNELS[random.nextInt(CHANNELS.length)];
            String bot = BOTS[random.nextInt(BOTS.length)];
            int rt = (int) Math.exp(7.3 + random.nextGaussian());
            boolean escalate = random.nextInt(5) == 0;
            List<Event.Builder> conv = new ArrayList<>(List.of(
                    e(t, id, 0, s, "conversation.started"), e(t, id, 1, s.plusSeconds(2), "message.received"),
                    e(t, id, 2, s.plusSeconds(2), "intent.classified").intent(INTENTS[random.nextInt(INTENTS.length)])
                            .value(random.nextDouble()),
                    e(t, id, 3, s.plusMillis(2000 + rt), "message.sent"),
                    e(t, id, 4, s.plusMillis(2000 + rt), "response.time_recorded").durationMs((long) rt),
                    e(t, id, 5, s.plusSeconds(40), "message.received"),
                    e(t, id, 6, s.plusSeconds(42), "llm.call").durationMs(800L + random.nextInt(900))
                            .metadata("{\"tokens\":" + (200 + random.nextInt(600)) + ",\"costUsd\":0.002,\"model\":\"m1\"}"),
                    e(t, id, 7, s.plusSeconds(43), escalate ? "conversation.escalated" : "message.sent"),
                    e(t, id, 8, s.plusSeconds(escalate ? 120 : 44), escalate ? "response.staff_sent" : "response.ai_generated")
                            .staffId(escalate ? "agent-" + random.nextInt(8) : null),
                    e(t, id, 9, s.plusSeconds(300), "conversation.resolved")));
            for (Event.Builder b : conv) batch.add(b.channel(channel).botId(bot).userId("u" + random.nextInt(5000)).build());
            touched.computeIfAbsent(t.id(), k -> new ArrayList<>()).add(id);
            if (batch.size() >= 50_000) flush(events, facts, batch, touched);
        }
        flush(events, facts, batch, touched);
    }

    static Event.Builder e(Tenant t, String conversation, int n, Instant at, String type) {
        return Event.builder().tenantId(t.id()).id(conversation + "-" + n).conversationId(conversation).type(type)
                .timestamp(at);
    }

    static void flush(JdbcEventStore events, FactStore facts, List<Event> batch, Map<String, List<String>> touched) {
        if (batch.isEmpty()) return;
        Instant earliest = batch.get(0).timestamp();
        events.append(batch);
        touched.forEach((tenant, ids) -> {
            for (int i = 0; i < ids.size(); i += 5_000) facts.recompute(tenant, ids.subList(i, Math.min(ids.size(), i + 5_000)), earliest);
        });
        batch.clear();
        touched.clear();
    }

    static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
