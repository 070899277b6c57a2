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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code tenant_stats}, seed 000's hbf-stats daemon: the stats of a tenant are rewritten a debounce
 * ({@code convolens.stats.debounce}) after new data of it is recorded in {@link DirtyRanges} (ingest, a backfill, a
 * late event, a timezone change), read from the job's own watermark so a restart misses none; each scheduled run
 * (every minute by default) also rewrites the tenants whose stats are older than {@code convolens.stats.refresh} (a
 * new local day) or were cut in another timezone; a run on request rewrites every tenant's (or {@code tenantId}'s)
 * now. Buckets are computed from the facts tables and raw
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
    private final Duration debounce;

    TenantStatsJob(String schedule, JobKit kit, TenantStatsStore store, JdbcTemplate jdbc, StatsProperties properties) {
        this.schedule = schedule;
        this.kit = kit;
        this.store = store;
        this.jdbc = jdbc;
        this.refresh = properties.refresh();
        this.debounce = properties.debounce();
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
        if (request.trigger() == JobRequest.Trigger.SCHEDULED && request.tenantId() == null) {
            Changed changed = readChanged(started);
            Map<String, Instant> todo = new LinkedHashMap<>(changed.since());
            for (String id : store.stale(started.minus(refresh))) todo.put(id, null);
            return rewrite(request.trigger(), todo, changed, started);
        }
        Map<String, Instant> todo = new LinkedHashMap<>();
        for (Tenant tenant : kit.tenantsFor(request)) todo.put(tenant.id(), null);
        return rewrite(request.trigger(), todo, Changed.NONE, started);
    }

    /**
     * What the daemon does every {@code convolens.stats.debounce}: rewrites the tenants whose data changed at least
     * a debounce ago (recorded in {@link DirtyRanges} since the job's watermark), each once, and only them. Only a
     * failed rewrite goes to the run log: a tenant with live traffic would add a row every few seconds.
     */
    JobSummary refreshChanged() {
        Instant started = kit.now();
        Changed changed = readChanged(started);
        return rewrite(JobRequest.Trigger.SCHEDULED, changed.since(), changed, started, false);
    }

    private JobSummary rewrite(JobRequest.Trigger trigger, Map<String, Instant> todo, Changed changed, Instant started) {
        return rewrite(trigger, todo, changed, started, true);
    }

    /**
     * Rewrites the tenants of {@code todo}: from the local day of the instant given (their data before it has not
     * changed), or whole when none is; then moves the watermark past the changes read.
     */
    private JobSummary rewrite(JobRequest.Trigger trigger, Map<String, Instant> todo, Changed changed, Instant started,
            boolean logSuccesses) {
        String runId = JobKit.newRunId();
        int failures = 0, tenants = 0;
        long rows = 0;
        for (Map.Entry<String, Instant> e : todo.entrySet()) {
            Optional<Tenant> found = kit.tenants().find(e.getKey());
            if (found.isEmpty()) continue;
            Tenant tenant = found.get();
            tenants++;
            Instant tenantStarted = kit.now();
            Window window = Window.of(tenant.timezone(), tenantStarted);
            Instant changedFrom = e.getValue();
            Retrying.Attempted<Integer> a = kit.retrying().call(NAME + " " + tenant.id(),
                    () -> store.replace(compute(tenant, tenantStarted, changedFrom)));
            if (a.ok()) rows += a.value();
            else failures++;
            if (a.ok() && !logSuccesses) continue;
            kit.runLog().record(new JobRun(runId, NAME, tenant.id(), trigger.wireName(), window.from(),
                    window.to(), 1, a.ok() ? 0 : 1, a.ok() ? a.value() : 0, tenantStarted, kit.millisSince(tenantStarted),
                    a.ok() ? JobRun.SUCCESS : JobRun.FAILED, a.attempts(),
                    a.ok() ? null : a.message() + " (after " + a.attempts() + " attempts)"));
        }
        // the watermark is the job's, not each tenant's: a tenant whose rewrite failed after its retries waits for the
        // refresh timer, which finds its stats old
        if (changed.lastSeq() > 0) kit.state().advance(NAME, changed.lastSeq(), kit.now());
        return new JobSummary(NAME, trigger.wireName(), tenants, tenants, rows, failures, started,
                kit.millisSince(started), Map.of());
    }

    /**
     * The tenants with changes recorded since the watermark and at least a debounce ago, each with the earliest
     * instant changed, and how far the watermark may move (not past a change still within its debounce: on
     * PostgreSQL a lower sequence number can commit after a higher one).
     */
    private Changed readChanged(Instant now) {
        long watermark = kit.state().watermark(NAME);
        Instant settled = now.minus(debounce);
        List<DirtyRanges.Range> ranges = kit.dirty().since(watermark, settled);
        handled.headSet(watermark, true).clear();
        if (ranges.isEmpty()) return Changed.NONE;
        long unsettled = kit.state().firstUnsettled(watermark, settled);
        Map<String, Instant> since = new LinkedHashMap<>();
        long last = 0;
        for (DirtyRanges.Range r : ranges) {
            if (r.seq() < unsettled) last = Math.max(last, r.seq());
            // a change read before but not yet behind the watermark (one still within its debounce, or recorded by
            // an instance whose clock runs ahead, holds it back) was rewritten already
            if (!handled.add(r.seq())) continue;
            since.merge(r.tenantId(), r.from(), (a, b) -> a.isBefore(b) ? a : b);
        }
        return new Changed(since, last);
    }

    /** Changes this instance rewrote whose sequence numbers the watermark has not passed yet. */
    private final java.util.concurrent.ConcurrentSkipListSet<Long> handled = new java.util.concurrent.ConcurrentSkipListSet<>();

    private record Changed(Map<String, Instant> since, long lastSeq) {
        static final Changed NONE = new Changed(Map.of(), 0);
    }

    /** The tenant's stats as of {@code now}, computed afresh except for buckets whose sources retention removed. */
    TenantStats compute(Tenant tenant, Instant now) {
        return compute(tenant, now, null);
    }

    /**
     * The tenant's stats as of {@code now}. Buckets whose sources retention removed keep their value. When
     * {@code changedFrom} is given only the data from its local day on is read (from its local month when that day is
     * older than the daily buckets): earlier buckets keep their value, and the month holding that day is its kept
     * value with the days read in place of their kept values. Without the tenant's previous stats in the same
     * timezone everything is read.
     */
    TenantStats compute(Tenant tenant, Instant now, Instant changedFrom) {
        ZoneId zone = tenant.timezone();
        Window window = Window.of(zone, now);
        Map<String, TenantStats.Bucket> kept = new HashMap<>();
        Optional<TenantStats> previous = store.find(tenant.id());
        previous.ifPresent(p -> {
            p.daily().forEach(b -> kept.put(TenantStatsStore.DAY + b.period(), b));
            p.monthly().forEach(b -> kept.put(TenantStatsStore.MONTH + b.period(), b));
        });
        Instant readFrom = window.from();
        LocalDate readDay = null;
        if (changedFrom != null && previous.isPresent() && previous.get().timezone().equals(zone)) {
            LocalDate changedDay = LocalDate.ofInstant(changedFrom, zone);
            Instant day = changedDay.atStartOfDay(zone).toInstant();
            Instant month = YearMonth.from(changedDay).atDay(1).atStartOfDay(zone).toInstant();
            if (!changedDay.isBefore(window.firstDay()) && window.keepsAllBefore(day, kept)) {
                readDay = changedDay.isAfter(window.today()) ? window.today().plusDays(1) : changedDay;
                readFrom = readDay.atStartOfDay(zone).toInstant();
            } else if (month.isAfter(readFrom) && window.keepsAllBefore(month, kept)) {
                readFrom = month;
            }
        }
        Map<LocalDate, Sums> days = sumsByDay(tenant.id(), zone, readFrom, window.to());
        Map<YearMonth, Sums> months = new TreeMap<>();
        days.forEach((day, sums) -> months.computeIfAbsent(YearMonth.from(day), m -> new Sums()).add(sums));

        Instant rawCutoff = now.minus(kit.retention().rawEvents(), ChronoUnit.DAYS);
        Instant keepBefore = readFrom.isAfter(rawCutoff) ? readFrom : rawCutoff;
        List<TenantStats.Bucket> daily = new ArrayList<>(DAYS);
        Map<LocalDate, TenantStats.Bucket> written = new HashMap<>();
        for (LocalDate d = window.firstDay(); !d.isAfter(window.today()); d = d.plusDays(1)) {
            TenantStats.Bucket kept1 = d.atStartOfDay(zone).toInstant().isBefore(keepBefore) ? kept.get(TenantStatsStore.DAY + d) : null;
            TenantStats.Bucket bucket = kept1 != null ? kept1 : days.getOrDefault(d, Sums.EMPTY).bucket(d);
            daily.add(bucket);
            written.put(d, bucket);
        }
        List<TenantStats.Bucket> monthly = new ArrayList<>(MONTHS);
        for (YearMonth m = window.firstMonth(); !m.isAfter(YearMonth.from(window.today())); m = m.plusMonths(1)) {
            LocalDate first = m.atDay(1);
            LocalDate next = m.plusMonths(1).atDay(1);
            if (readDay != null && first.isBefore(readDay) && next.isAfter(readDay)) {
                // the month of the change: its days from the change on are read, those before it did not change
                Sums sums = Sums.of(kept.get(TenantStatsStore.MONTH + first));
                for (LocalDate d = readDay; d.isBefore(next); d = d.plusDays(1)) {
                    TenantStats.Bucket before = kept.get(TenantStatsStore.DAY + d);
                    if (before != null) sums.subtract(Sums.of(before));
                    TenantStats.Bucket now1 = written.get(d);
                    sums.add(now1 != null ? Sums.of(now1) : days.getOrDefault(d, Sums.EMPTY));
                }
                monthly.add(sums.bucket(first));
                continue;
            }
            TenantStats.Bucket kept1 = first.atStartOfDay(zone).toInstant().isBefore(keepBefore) ? kept.get(TenantStatsStore.MONTH + first) : null;
            monthly.add(kept1 != null ? kept1 : months.getOrDefault(m, Sums.EMPTY).bucket(first));
        }
        return new TenantStats(tenant.id(), zone, now, daily, monthly);
    }

    /** Every measure of SPEC §4 that the stats hold, summed per local day of the window. */
    private Map<LocalDate, Sums> sumsByDay(String tenantId, ZoneId zone, Instant from, Instant to) {
        Map<LocalDate, Sums> days = new HashMap<>();
        if (!from.isBefore(to)) return days;
        Object[] range = {tenantId, RunLog.utc(from), RunLog.utc(to)};
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

        /** Whether {@code kept} has every bucket of the window that starts before {@code instant}. */
        boolean keepsAllBefore(Instant instant, Map<String, TenantStats.Bucket> kept) {
            for (LocalDate d = firstDay; d.atStartOfDay(zone).toInstant().isBefore(instant) && !d.isAfter(today); d = d.plusDays(1)) {
                if (!kept.containsKey(TenantStatsStore.DAY + d)) return false;
            }
            for (YearMonth m = firstMonth; m.atDay(1).atStartOfDay(zone).toInstant().isBefore(instant)
                    && !m.isAfter(YearMonth.from(today)); m = m.plusMonths(1)) {
                if (!kept.containsKey(TenantStatsStore.MONTH + m.atDay(1))) return false;
            }
            return true;
        }
    }

    /** Additive sums of one day or month, from which a bucket's averages and shares are derived. */
    private static final class Sums {
        static final Sums EMPTY = new Sums();
        long started, resolved, escalated, aiHandled, messagesIn, messagesOut, firstResponses, firstResponseMsSum,
                csatRatings, csatPositive, livechatRequests, livechatMissed;

        void add(Sums o) {
            add(o, 1);
        }

        void subtract(Sums o) {
            add(o, -1);
        }

        private void add(Sums o, int sign) {
            started += sign * o.started;
            resolved += sign * o.resolved;
            escalated += sign * o.escalated;
            aiHandled += sign * o.aiHandled;
            messagesIn += sign * o.messagesIn;
            messagesOut += sign * o.messagesOut;
            firstResponses += sign * o.firstResponses;
            firstResponseMsSum += sign * o.firstResponseMsSum;
            csatRatings += sign * o.csatRatings;
            csatPositive += sign * o.csatPositive;
            livechatRequests += sign * o.livechatRequests;
            livechatMissed += sign * o.livechatMissed;
        }

        /** The sums a written bucket was made of (its mean and share times their counts are whole numbers). */
        static Sums of(TenantStats.Bucket b) {
            Sums s = new Sums();
            s.started = b.conversationsStarted();
            s.resolved = b.conversationsResolved();
            s.escalated = b.conversationsEscalated();
            s.aiHandled = b.conversationsAiHandled();
            s.messagesIn = b.messagesIn();
            s.messagesOut = b.messagesOut();
            s.firstResponses = b.firstResponses();
            s.firstResponseMsSum = b.avgFirstResponseMs() == null ? 0 : Math.round(b.avgFirstResponseMs() * b.firstResponses());
            s.csatRatings = b.csatRatings();
            s.csatPositive = b.csatScore() == null ? 0 : Math.round(b.csatScore() * b.csatRatings() / 100);
            s.livechatRequests = b.livechatRequests();
            s.livechatMissed = b.livechatMissed();
            return s;
        }

        TenantStats.Bucket bucket(LocalDate period) {
            return new TenantStats.Bucket(period, started, resolved, escalated, aiHandled, messagesIn, messagesOut,
                    firstResponses == 0 ? null : (double) firstResponseMsSum / firstResponses, firstResponses,
                    csatRatings == 0 ? null : 100.0 * csatPositive / csatRatings, csatRatings, livechatRequests,
                    livechatMissed);
        }
    }
}
