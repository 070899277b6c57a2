package dev.convolens.query;

import dev.convolens.system.ApiNumbers;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.convolens.tenant.Tenant;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Seed 001's DashboardMetrics for one tenant, kept per tenant for {@code convolens.query.dashboard-cache-ttl}, at most
 * {@link #TTL} (the cache runs on the service clock, so tests move time instead of sleeping; 0 turns it off, which
 * the query latency benchmark uses to measure the uncached computation).
 *
 * <p>"Today" is the tenant's local day so far, [local midnight, now). It is compared with the same part of
 * yesterday: from yesterday's local midnight to the same local time of day yesterday (on the day after a DST change
 * that span is an hour longer or shorter than today's, as a person reading "by this time yesterday" expects).
 * Measures count where they completed (SPEC §4): conversations by start, resolutions by resolution time, response
 * times by the reply. Changes are percentages, null when yesterday's number is 0 or missing.
 */
@Component
class Dashboard {
    static final Duration TTL = Duration.ofSeconds(60);

    private final SeriesEngine engine;
    private final MetricCatalog catalog;
    private final LiveNumbers live;
    private final Clock clock;
    private final Cache<String, DashboardMetrics> cache;

    Dashboard(SeriesEngine engine, MetricCatalog catalog, LiveNumbers live, Clock clock,
            @Value("${convolens.query.dashboard-cache-ttl:60s}") Duration ttl) {
        if (ttl.isNegative() || ttl.compareTo(TTL) > 0) {
            throw new IllegalArgumentException("convolens.query.dashboard-cache-ttl must be between 0s and " + TTL
                    + " (the dashboard is cached at most 60 s), not " + ttl);
        }
        this.engine = engine;
        this.catalog = catalog;
        this.live = live;
        this.clock = clock;
        this.cache = ttl.isZero() ? null : Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(ttl)
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis())).build();
    }

    record DashboardMetrics(Today today, Comparison comparison, long activeConversations, long staffOnline,
            long pendingTasks, Span span) {}

    record Today(long conversationsActive, long conversationsResolved, long messagesReceived, long messagesSent,
            Long avgResponseTimeMs, Double escalationRate, long conversationsStarted, Double satisfactionAvg) {}

    record Comparison(Double conversationsChange, Double responseTimeChange, Double satisfactionChange,
            Yesterday yesterday) {}

    record Yesterday(long conversationsStarted, Long avgResponseTimeMs, Double satisfactionAvg) {}

    record Span(String timezone, Instant asOf, Instant todayFrom, Instant yesterdayFrom, Instant yesterdayTo) {}

    /** The tenant's dashboard, computed at most once per cache TTL (every time when the TTL is 0). */
    DashboardMetrics metrics(Tenant tenant) {
        if (cache == null) return compute(tenant);
        return cache.get(tenant.id(), id -> compute(tenant));
    }

    private DashboardMetrics compute(Tenant tenant) {
        Instant now = clock.instant();
        ZoneId zone = tenant.timezone();
        ZonedDateTime local = now.atZone(zone);
        LocalDate date = local.toLocalDate();
        Instant todayFrom = date.atStartOfDay(zone).toInstant();
        QueryRange yesterdaySoFar = new QueryRange(todayFrom, date.plusDays(1).atStartOfDay(zone).toInstant())
                .comparedWith(zone, now).previous();
        Instant yesterdayFrom = yesterdaySoFar.from();
        Instant yesterdayTo = yesterdaySoFar.to();
        RollupCoverage coverage = engine.coverage(tenant, now);
        Bucket today = new Bucket("today", todayFrom, now, null);
        Bucket yesterday = new Bucket("yesterday", yesterdayFrom, yesterdayTo, null);

        // the compared measures read both spans at once: each read costs a round trip and a scan
        List<Double> startedBoth = both("conversations.started", yesterday, today, coverage);
        List<Double> responseBoth = both("response_time.avg", yesterday, today, coverage);
        List<Double> csatBoth = both("csat.avg", yesterday, today, coverage);
        long started = rounded0(startedBoth.get(1));
        Double responseMs = responseBoth.get(1);
        Double csat = csatBoth.get(1);
        long startedBefore = rounded0(startedBoth.get(0));
        Double responseMsBefore = responseBoth.get(0);
        Double csatBefore = csatBoth.get(0);
        long active = live.activeConversations(tenant, now);

        Today t = new Today(active, count("conversations.resolved", today, coverage),
                count("messages.inbound", today, coverage), count("messages.outbound", today, coverage),
                rounded(responseMs), ApiNumbers.fraction(total("conversations.escalation_rate", today, coverage)), started,
                ApiNumbers.percent(csat));
        Comparison c = new Comparison(Change.percent(started, startedBefore), Change.percent(responseMs, responseMsBefore),
                Change.percent(csat, csatBefore), new Yesterday(startedBefore, rounded(responseMsBefore),
                ApiNumbers.percent(csatBefore)));
        return new DashboardMetrics(t, c, active, live.staffOnline(tenant, now), live.pendingTasks(tenant, now),
                new Span(zone.getId(), now, todayFrom, yesterdayFrom, yesterdayTo));
    }

    private Double total(String metric, Bucket bucket, RollupCoverage coverage) {
        return engine.totals(catalog.get(metric), bucket, Slice.ALL, coverage, null, false).get(SeriesEngine.ALL);
    }

    /** The metric over two separate spans, in their order. */
    private List<Double> both(String metric, Bucket first, Bucket second, RollupCoverage coverage) {
        return engine.series(catalog.get(metric), List.of(first, second), false, Slice.ALL, coverage, false).lines()
                .get(0).values();
    }

    private static long rounded0(Double v) {
        return v == null ? 0 : Math.round(v);
    }

    private long count(String metric, Bucket bucket, RollupCoverage coverage) {
        return rounded0(total(metric, bucket, coverage));
    }

    private static Long rounded(Double v) {
        return v == null ? null : Math.round(v);
    }
}
