package dev.convolens.rollup;

import dev.convolens.system.ApiException;
import dev.convolens.tenant.Tenant;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code tenant_stats}, seed 000's hbf-stats daemon: each scheduled run (every minute by default) rewrites the stats
 * of the tenants whose stats are older than {@code convolens.stats.refresh} (or were cut in another timezone); a run
 * on request rewrites every tenant's (or {@code tenantId}'s) now. Buckets are computed from the facts tables and raw
 * events; a bucket that starts before the raw-event retention cutoff has lost some of its sources, so it keeps the
 * value it was written with while all of them were there.
 */
final class TenantStatsJob implements Job {
    static final String NAME = "tenant_stats";
    static final int DAYS = 60;
    static final int MONTHS = 13;
    private static final Pattern ZONE = Pattern.compile("[A-Za-z0-9_/+\\-]+");

    private final String schedule;
    private final JobKit kit;
    private final TenantStatsStore store;
    private final JdbcTemplate jdbc;
    private final Duration refresh;

    TenantStatsJob(String schedule, JobKit kit, TenantStatsStore store, JdbcTemplate jdbc, StatsProperties properties) {
        this.schedule = schedule;
        this.kit = kit;
        this.store = store;
        this.jdbc = jdbc;
        this.refresh = properties.refresh();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String schedule() {
        return schedule;
    }

    @Override
    public void check(JobRequest request) {
        if (request.isBackfill()) {
            throw ApiException.badRequest("from", NAME + " always covers the last " + DAYS + " days and " + MONTHS
                    + " months; from/to do not apply");
        }
    }

    @Override
    public JobSummary run(JobRequest request) {
        Instant started = kit.now();
        String runId = JobKit.newRunId();
        List<Tenant> tenants;
        if (request.trigger() == JobRequest.Trigger.SCHEDULED && request.tenantId() == null) {
            tenants = store.stale(started.minus(refresh)).stream().map(id -> kit.tenants().find(id))
                    .flatMap(Optional::stream).toList();
        } else {
            tenants = kit.tenantsFor(request);
        }
        int failures = 0;
        long rows = 0;
        for (Tenant tenant : tenants) {
            Instant tenantStarted = kit.now();
            Window window = Window.of(tenant.timezone(), tenantStarted);
            Retrying.Attempted<Integer> a = kit.retrying().call(NAME + " " + tenant.id(),
                    () -> store.replace(compute(tenant, tenantStarted)));
            if (a.ok()) rows += a.value();
            else failures++;
            kit.runLog().record(new JobRun(runId, NAME, tenant.id(), request.trigger().wireName(), window.from(),
                    window.to(), 1, a.ok() ? 0 : 1, a.ok() ? a.value() : 0, tenantStarted, kit.millisSince(tenantStarted),
                    a.ok() ? JobRun.SUCCESS : JobRun.FAILED, a.attempts(),
                    a.ok() ? null : a.message() + " (after " + a.attempts() + " attempts)"));
        }
        return new JobSummary(NAME, request.trigger().wireName(), tenants.size(), tenants.size(), rows, failures,
                started, kit.millisSince(started), Map.of());
    }

    /** The tenant's stats as of {@code now}, computed afresh except for buckets whose sources retention removed. */
    TenantStats compute(Tenant tenant, Instant now) {
        ZoneId zone = tenant.timezone();
        Window window = Window.of(zone, now);
        Map<LocalDate, Sums> days = sumsByDay(tenant.id(), zone, window);
        Map<YearMonth, Sums> months = new TreeMap<>();
        days.forEach((day, sums) -> months.computeIfAbsent(YearMonth.from(day), m -> new Sums()).add(sums));

        Instant rawCutoff = now.minus(kit.retention().rawEvents(), ChronoUnit.DAYS);
        Map<String, TenantStats.Bucket> kept = new HashMap<>();
        store.find(tenant.id()).ifPresent(previous -> {
            previous.daily().forEach(b -> kept.put(TenantStatsStore.DAY + b.period(), b));
            previous.monthly().forEach(b -> kept.put(TenantStatsStore.MONTH + b.period(), b));
        });
        List<TenantStats.Bucket> daily = new ArrayList<>(DAYS);
        for (LocalDate d = window.firstDay(); !d.isAfter(window.today()); d = d.plusDays(1)) {
            TenantStats.Bucket kept1 = d.atStartOfDay(zone).toInstant().isBefore(rawCutoff) ? kept.get(TenantStatsStore.DAY + d) : null;
            daily.add(kept1 != null ? kept1 : days.getOrDefault(d, Sums.EMPTY).bucket(d));
        }
        List<TenantStats.Bucket> monthly = new ArrayList<>(MONTHS);
        for (YearMonth m = window.firstMonth(); !m.isAfter(YearMonth.from(window.today())); m = m.plusMonths(1)) {
            LocalDate first = m.atDay(1);
            TenantStats.Bucket kept1 = first.atStartOfDay(zone).toInstant().isBefore(rawCutoff) ? kept.get(TenantStatsStore.MONTH + first) : null;
            monthly.add(kept1 != null ? kept1 : months.getOrDefault(m, Sums.EMPTY).bucket(first));
        }
        return new TenantStats(tenant.id(), zone, now, daily, monthly);
    }

    /** Every measure of SPEC §4 that the stats hold, summed per local day of the window. */
    private Map<LocalDate, Sums> sumsByDay(String tenantId, ZoneId zone, Window window) {
        Map<LocalDate, Sums> days = new HashMap<>();
        Object[] range = {tenantId, RunLog.utc(window.from()), RunLog.utc(window.to())};
        byDay(days, zone, "started_at", "count(*)", "conversations", "", range,
                (s, v) -> s.started += v[0]);
        byDay(days, zone, "resolved_at", "count(*), count(*) FILTER (WHERE ai_handled)", "conversations", "", range,
                (s, v) -> {
                    s.resolved += v[0];
                    s.aiHandled += v[1];
                });
        byDay(days, zone, "escalated_at", "count(*)", "conversations", "", range, (s, v) -> s.escalated += v[0]);
        byDay(days, zone, "first_response_at", "count(first_response_ms), coalesce(sum(first_response_ms), 0)",
                "conversations", "", range, (s, v) -> {
                    s.firstResponses += v[0];
                    s.firstResponseMsSum += v[1];
                });
        byDay(days, zone, "ts", "count(*) FILTER (WHERE type = 'message.received'), "
                + "count(*) FILTER (WHERE type = 'message.sent')", "events",
                " AND type IN ('message.received', 'message.sent')", range, (s, v) -> {
                    s.messagesIn += v[0];
                    s.messagesOut += v[1];
                });
        byDay(days, zone, "ts", "count(*), count(*) FILTER (WHERE value >= 4)", "events",
                " AND type = 'satisfaction.rating_received' AND value >= 1 AND value <= 5"
                        + " AND coalesce(metadata->>'scale', '') <> 'nps'", range, (s, v) -> {
                    s.csatRatings += v[0];
                    s.csatPositive += v[1];
                });
        byDay(days, zone, "requested_at", "count(*)", "livechats", "", range, (s, v) -> s.livechatRequests += v[0]);
        byDay(days, zone, "missed_at", "count(*)", "livechats", "", range, (s, v) -> s.livechatMissed += v[0]);
        return days;
    }

    /** Runs one grouped count over {@code table}, by the local day of {@code column}, and adds it to {@code days}. */
    private void byDay(Map<LocalDate, Sums> days, ZoneId zone, String column, String measures, String table,
            String filter, Object[] range, BiConsumer<Sums, long[]> add) {
        String day = "CAST(CAST(" + column + " AT TIME ZONE '" + zoneLiteral(zone) + "' AS DATE) AS VARCHAR)";
        String sql = "SELECT " + day + ", " + measures + " FROM " + table + " WHERE tenant_id = ? AND " + column
                + " >= ? AND " + column + " < ?" + filter + " GROUP BY 1";
        jdbc.query(sql, rs -> {
            int n = rs.getMetaData().getColumnCount() - 1;
            long[] values = new long[n];
            for (int i = 0; i < n; i++) values[i] = rs.getLong(i + 2);
            add.accept(days.computeIfAbsent(LocalDate.parse(rs.getString(1)), d -> new Sums()), values);
        }, range);
    }

    private static String zoneLiteral(ZoneId zone) {
        String id = zone.getId();
        if (!ZONE.matcher(id).matches()) throw new IllegalStateException("unexpected time zone id '" + id + "'");
        return id;
    }

    /** The local days and months covered, and the instants that bound them. */
    record Window(ZoneId zone, LocalDate today, LocalDate firstDay, YearMonth firstMonth) {
        static Window of(ZoneId zone, Instant now) {
            LocalDate today = LocalDate.ofInstant(now, zone);
            return new Window(zone, today, today.minusDays(DAYS - 1), YearMonth.from(today).minusMonths(MONTHS - 1));
        }

        Instant from() {
            LocalDate first = firstMonth.atDay(1);
            return (first.isBefore(firstDay) ? first : firstDay).atStartOfDay(zone).toInstant();
        }

        Instant to() {
            return today.plusDays(1).atStartOfDay(zone).toInstant();
        }
    }

    /** Additive sums of one day or month, from which a bucket's averages and shares are derived. */
    private static final class Sums {
        static final Sums EMPTY = new Sums();
        long started, resolved, escalated, aiHandled, messagesIn, messagesOut, firstResponses, firstResponseMsSum,
                csatRatings, csatPositive, livechatRequests, livechatMissed;

        void add(Sums o) {
            started += o.started;
            resolved += o.resolved;
            escalated += o.escalated;
            aiHandled += o.aiHandled;
            messagesIn += o.messagesIn;
            messagesOut += o.messagesOut;
            firstResponses += o.firstResponses;
            firstResponseMsSum += o.firstResponseMsSum;
            csatRatings += o.csatRatings;
            csatPositive += o.csatPositive;
            livechatRequests += o.livechatRequests;
            livechatMissed += o.livechatMissed;
        }

        TenantStats.Bucket bucket(LocalDate period) {
            return new TenantStats.Bucket(period, started, resolved, escalated, aiHandled, messagesIn, messagesOut,
                    firstResponses == 0 ? null : (double) firstResponseMsSum / firstResponses, firstResponses,
                    csatRatings == 0 ? null : 100.0 * csatPositive / csatRatings, csatRatings, livechatRequests,
                    livechatMissed);
        }
    }
}
