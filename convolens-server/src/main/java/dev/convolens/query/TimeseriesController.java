package dev.convolens.query;

import dev.convolens.system.ApiNumbers;
import dev.convolens.query.SeriesEngine.Line;
import dev.convolens.query.SeriesEngine.Result;
import dev.convolens.rollup.Granularity;
import dev.convolens.rollup.Period;
import dev.convolens.system.ApiException;
import dev.convolens.system.Csv;
import dev.convolens.tenant.Caller;
import dev.convolens.tenant.Tenant;
import dev.convolens.tenant.TenantService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The metric catalog and one metric as a time series (SPEC §7). */
@RestController
class TimeseriesController {
    /** Most points a series may have. */
    static final int MAX_POINTS = 2000;

    private final SeriesEngine engine;
    private final MetricCatalog catalog;
    private final TenantService tenants;
    private final Clock clock;

    TimeseriesController(SeriesEngine engine, MetricCatalog catalog, TenantService tenants, Clock clock) {
        this.engine = engine;
        this.catalog = catalog;
        this.tenants = tenants;
        this.clock = clock;
    }

    @Operation(summary = "The metric catalog: every metric the time-series route serves, with its unit, "
            + "granularities, dimensions and the rollup tables that can answer it")
    @GetMapping("/api/analytics/metrics")
    ResponseEntity<?> metrics(Caller caller,
            @Parameter(description = "the tenant (admin key only)") @RequestParam(required = false) String tenantId,
            @Parameter(description = "json (default) or csv") @RequestParam(required = false) String format) {
        ReadAccess.tenant(caller, tenantId, tenants);
        List<Map<String, Object>> list = new ArrayList<>();
        for (Metric m : catalog.all()) list.add(describe(m));
        if (!Params.isCsv(format)) return ResponseEntity.ok(list);
        List<List<Object>> rows = new ArrayList<>();
        rows.add(List.of("name", "unit", "kind", "description", "granularities", "dimensions", "rollups", "source"));
        for (Map<String, Object> item : list) {
            rows.add(item.values().stream().map(v -> v instanceof List<?> l
                    ? (Object) l.stream().map(String::valueOf).collect(Collectors.joining(" ")) : v).toList());
        }
        return Csv.response("metrics.csv", rows);
    }

    /** A catalog entry as the metrics route answers it (also the source of docs/metrics.md). */
    static Map<String, Object> describe(Metric m) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("name", m.name());
        item.put("unit", m.unit());
        item.put("kind", switch (m.kind()) {
            case SUM -> "sum";
            case RATIO -> "average";
            case PERCENTILE -> "percentile";
        });
        item.put("description", m.description());
        item.put("granularities", Arrays.stream(Granularity.values()).map(Params::wireName).toList());
        item.put("dimensions", m.dimensions().stream().map(Dim::wireName).toList());
        item.put("rollups", m.rollups().stream().map(r -> r.table().name()).distinct().toList());
        item.put("source", m.samples().source());
        return item;
    }

    @Operation(summary = "One metric of the catalog as a series of points in the tenant's calendar, gap-filled "
            + "(0 for counts, null for averages, rates and percentiles)")
    @GetMapping("/api/analytics/timeseries")
    ResponseEntity<?> timeseries(Caller caller,
            @Parameter(description = "the tenant (admin key only)") @RequestParam(required = false) String tenantId,
            @Parameter(description = "a metric name from GET /api/analytics/metrics, e.g. messages.inbound")
            @RequestParam(required = false) String metric,
            @Parameter(description = "hour (UTC hours), day, week (ISO, from Monday) or month (local calendar); default day")
            @RequestParam(required = false) String granularity,
            @Parameter(description = "start: a local date (2026-11-01) or an instant with offset; default: 24 hours, "
                    + "30 days, 12 weeks or 12 months before to") @RequestParam(required = false) String from,
            @Parameter(description = "end, exclusive: an instant, or a local date meaning the end of that day; default now")
            @RequestParam(required = false) String to,
            @Parameter(description = "one series per value of channel, bot, agent, intent or group (top 10 by total, "
                    + "the rest as 'other'); only the metric's dimensions") @RequestParam(required = false) String groupBy,
            @Parameter(description = "only this channel") @RequestParam(required = false) String channel,
            @Parameter(description = "only this bot") @RequestParam(required = false) String botId,
            @Parameter(description = "previous: add each series' total over the previous period of equal length and "
                    + "the % change; a range ending after now is compared with the same elapsed part of the previous "
                    + "one (partial: true, previousFrom/previousTo)") @RequestParam(required = false) String compare,
            @Parameter(description = "json (default) or csv") @RequestParam(required = false) String format) {
        Tenant tenant = ReadAccess.tenant(caller, tenantId, tenants);
        ZoneId zone = tenant.timezone();
        Metric m = catalog.find(metric).orElseThrow(() -> ApiException.badRequest("metric",
                (metric == null || metric.isBlank() ? "metric is required" : "unknown metric '" + metric + "'")
                        + "; valid: " + String.join(", ", catalog.names())));
        Granularity g = Params.granularity(granularity, Granularity.DAY);
        Slice slice = slice(m, groupBy, channel, botId);
        boolean compared = Params.comparePrevious(compare);
        boolean csv = Params.isCsv(format);
        Instant now = clock.instant();
        QueryRange range = QueryRange.parse("from", from, "to", to, zone, now, end -> defaultFrom(g, end, zone));
        if (Bucket.count(g, range.from(), range.to(), zone) > MAX_POINTS) {
            throw ApiException.badRequest("granularity", "from " + range.from() + " to " + range.to() + " has more than "
                    + MAX_POINTS + " " + Params.wireName(g) + " points; choose a coarser granularity or a shorter range");
        }
        List<Bucket> buckets = Bucket.covering(g, range.from(), range.to(), zone);
        RollupCoverage coverage = engine.coverage(tenant, now);
        Result result = engine.series(m, buckets, g == Granularity.HOUR, slice, coverage, true);

        Map<String, Double> previous = null;
        QueryRange.Comparison comparison = null;
        if (compared) {
            comparison = range.comparedWith(zone, now);
            QueryRange before = comparison.previous();
            previous = engine.totals(m, Bucket.of("previous", before.from(), before.to(), g, zone), slice, coverage,
                    slice.groupBy() == null ? null : result.topKeys(), result.hasOther());
        }
        if (csv) {
            List<List<Object>> rows = new ArrayList<>();
            rows.add(List.of("key", "period", "value"));
            for (Line line : result.lines()) {
                for (int i = 0; i < buckets.size(); i++) {
                    rows.add(Arrays.asList(line.key(), buckets.get(i).label(), number(m, line.values().get(i))));
                }
            }
            return Csv.response("timeseries.csv", rows);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("metric", m.name());
        out.put("unit", m.unit());
        out.put("granularity", Params.wireName(g));
        out.put("timezone", zone.getId());
        out.put("from", range.from().toString());
        out.put("to", range.to().toString());
        out.put("groupBy", slice.groupBy() == null ? null : slice.groupBy().wireName());
        out.put("channel", slice.channel());
        out.put("botId", slice.botId());
        out.put("sources", result.sources());
        if (comparison != null) {
            QueryRange before = comparison.previous();
            out.put("previous", Map.of("from", before.from().toString(), "to", before.to().toString()));
            out.put("previousFrom", before.from().toString());
            out.put("previousTo", before.to().toString());
            out.put("comparedTo", comparison.current().to().toString());
            out.put("partial", comparison.partial());
        }
        List<Map<String, Object>> series = new ArrayList<>();
        for (Line line : result.lines()) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("key", line.key());
            if (line.folded() > 0) s.put("folded", line.folded());
            s.put("total", number(m, line.total()));
            if (previous != null) {
                Double prev = previous.get(line.key());
                if (prev == null && m.kind() == Metric.Kind.SUM) prev = 0.0;
                s.put("previousTotal", number(m, prev));
                s.put("change", Change.percent(line.total(), prev));
            }
            List<Map<String, Object>> points = new ArrayList<>();
            for (int i = 0; i < buckets.size(); i++) {
                Map<String, Object> point = new LinkedHashMap<>();
                point.put("period", buckets.get(i).label());
                point.put("value", number(m, line.values().get(i)));
                points.add(point);
            }
            s.put("points", points);
            series.add(s);
        }
        out.put("series", series);
        return ResponseEntity.ok(out);
    }

    /** The filters and grouping, each checked against the metric's dimensions. */
    static Slice slice(Metric m, String groupBy, String channel, String botId) {
        Dim dim = null;
        if (groupBy != null && !groupBy.isBlank()) {
            dim = Dim.fromWireName(groupBy).filter(m::has).orElseThrow(() -> ApiException.badRequest("groupBy",
                    "metric " + m.name() + " can be grouped by " + (m.dimensions().isEmpty() ? "nothing"
                            : m.dimensions().stream().map(Dim::wireName).collect(Collectors.joining(", ")))));
        }
        String ch = Params.channel(channel);
        if (ch != null && !m.has(Dim.CHANNEL)) {
            throw ApiException.badRequest("channel", "metric " + m.name() + " has no channel dimension");
        }
        String bot = Params.botId(botId);
        if (bot != null && !m.has(Dim.BOT)) {
            throw ApiException.badRequest("botId", "metric " + m.name() + " has no bot dimension");
        }
        return new Slice(ch, bot, dim);
    }

    /** 24 hours, 30 days, 12 weeks or 12 months, the last being the period that holds the end. */
    static Instant defaultFrom(Granularity g, Instant end, ZoneId zone) {
        int n = switch (g) {
            case HOUR -> 24;
            case DAY -> 30;
            case WEEK, MONTH -> 12;
        };
        Period p = g.periodOf(end.minusNanos(1), zone);
        for (int i = 1; i < n; i++) p = p.previous();
        return p.from();
    }

    /** A value rounded by the API's rule for its unit. */
    static Object number(Metric m, Double value) {
        return ApiNumbers.of(m.unit(), value);
    }
}
