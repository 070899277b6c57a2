package dev.convolens.query;

import dev.convolens.system.ApiNumbers;
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
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Seed 002's chart routes over a fixed window ending now: {@code 24h} = the last 24 UTC hours (the current one so
 * far), {@code 7d} / {@code 30d} = the last 7 / 30 days of the tenant's calendar (today so far). Both read the
 * catalog's metrics, so a chart shows exactly what the time-series route and the reports show.
 */
@RestController
class ChartController {

    private final SeriesEngine engine;
    private final MetricCatalog catalog;
    private final TenantService tenants;
    private final Clock clock;

    ChartController(SeriesEngine engine, MetricCatalog catalog, TenantService tenants, Clock clock) {
        this.engine = engine;
        this.catalog = catalog;
        this.tenants = tenants;
        this.clock = clock;
    }

    @Operation(summary = "Response times for a chart: avg, p50 and p95 (exact) and the number of timed replies per "
            + "hour (24h) or per local day (7d, 30d)")
    @GetMapping("/api/analytics/response-times")
    ResponseEntity<?> responseTimes(Caller caller,
            @Parameter(description = "the tenant (admin key only)") @RequestParam(required = false) String tenantId,
            @Parameter(description = "24h (hourly points, default), 7d or 30d (daily points)")
            @RequestParam(required = false) String period,
            @Parameter(description = "only this channel") @RequestParam(required = false) String channel,
            @Parameter(description = "only this bot") @RequestParam(required = false) String botId,
            @Parameter(description = "json (default) or csv") @RequestParam(required = false) String format) {
        Tenant tenant = ReadAccess.tenant(caller, tenantId, tenants);
        Window w = window(period, tenant.timezone());
        Slice slice = new Slice(Params.channel(channel), Params.botId(botId), null);
        boolean csv = Params.isCsv(format);
        RollupCoverage coverage = engine.coverage(tenant, w.now);
        // the average and its samples (the count) from one read
        SeriesEngine.Ratio avg = engine.ratioSeries(catalog.get("response_time.avg"), w.buckets, w.hourly(), slice,
                coverage);
        // both percentiles from one read of the samples where no stored row answers (daily points always)
        List<Result> pcts = engine.percentileSeries(List.of(catalog.get("response_time.p50"),
                catalog.get("response_time.p95")), w.buckets, w.hourly(), slice, coverage);
        Result p50 = pcts.get(0);
        Result p95 = pcts.get(1);
        List<Map<String, Object>> points = new ArrayList<>();
        for (int i = 0; i < w.buckets.size(); i++) {
            Map<String, Object> point = new LinkedHashMap<>();
            point.put("period", w.buckets.get(i).label());
            point.put("avg", ApiNumbers.whole(avg.values().get(i)));
            point.put("p50", ApiNumbers.whole(value(p50, i)));
            point.put("p95", ApiNumbers.whole(value(p95, i)));
            point.put("count", Math.round(avg.denominators().get(i)));
            points.add(point);
        }
        return answer(w, tenant, slice, points, csv, "response-times.csv", "period", "avg", "p50", "p95", "count");
    }

    @Operation(summary = "Message volume for a chart: inbound (message.received) and outbound (message.sent) per "
            + "hour (24h) or per local day (7d, 30d)")
    @GetMapping("/api/analytics/message-volume")
    ResponseEntity<?> messageVolume(Caller caller,
            @Parameter(description = "the tenant (admin key only)") @RequestParam(required = false) String tenantId,
            @Parameter(description = "24h (hourly points, default), 7d or 30d (daily points)")
            @RequestParam(required = false) String period,
            @Parameter(description = "only this channel") @RequestParam(required = false) String channel,
            @Parameter(description = "only this bot") @RequestParam(required = false) String botId,
            @Parameter(description = "json (default) or csv") @RequestParam(required = false) String format) {
        Tenant tenant = ReadAccess.tenant(caller, tenantId, tenants);
        Window w = window(period, tenant.timezone());
        Slice slice = new Slice(Params.channel(channel), Params.botId(botId), null);
        boolean csv = Params.isCsv(format);
        RollupCoverage coverage = engine.coverage(tenant, w.now);
        Result in = engine.series(catalog.get("messages.inbound"), w.buckets, w.hourly(), slice, coverage, false);
        Result out = engine.series(catalog.get("messages.outbound"), w.buckets, w.hourly(), slice, coverage, false);
        List<Map<String, Object>> points = new ArrayList<>();
        for (int i = 0; i < w.buckets.size(); i++) {
            long inbound = Math.round(value(in, i));
            long outbound = Math.round(value(out, i));
            Map<String, Object> point = new LinkedHashMap<>();
            point.put("period", w.buckets.get(i).label());
            point.put("inbound", inbound);
            point.put("outbound", outbound);
            point.put("total", inbound + outbound);
            points.add(point);
        }
        return answer(w, tenant, slice, points, csv, "message-volume.csv", "period", "inbound", "outbound", "total");
    }

    private ResponseEntity<?> answer(Window w, Tenant tenant, Slice slice, List<Map<String, Object>> points,
            boolean csv, String filename, String... columns) {
        if (csv) {
            List<List<Object>> rows = new ArrayList<>();
            rows.add(Arrays.asList((Object[]) columns));
            for (Map<String, Object> point : points) rows.add(new ArrayList<>(point.values()));
            return Csv.response(filename, rows);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("period", w.name);
        body.put("granularity", Params.wireName(w.granularity));
        body.put("timezone", tenant.timezone().getId());
        body.put("from", w.buckets.get(0).from().toString());
        body.put("to", w.now.toString());
        body.put("channel", slice.channel());
        body.put("botId", slice.botId());
        body.put("points", points);
        return ResponseEntity.ok(body);
    }

    private static Double value(Result r, int i) {
        return r.lines().get(0).values().get(i);
    }

    private record Window(String name, Granularity granularity, List<Bucket> buckets, Instant now) {
        boolean hourly() {
            return granularity == Granularity.HOUR;
        }
    }

    /** The window's periods, the last being the one holding now, clipped to now. */
    private Window window(String period, ZoneId zone) {
        String name = period == null || period.isBlank() ? "24h" : period;
        Granularity g;
        int n;
        switch (name) {
            case "24h" -> {
                g = Granularity.HOUR;
                n = 24;
            }
            case "7d" -> {
                g = Granularity.DAY;
                n = 7;
            }
            case "30d" -> {
                g = Granularity.DAY;
                n = 30;
            }
            default -> throw ApiException.badRequest("period", "period must be 24h, 7d or 30d");
        }
        Instant now = clock.instant();
        Period p = g.periodOf(now, zone);
        for (int i = 1; i < n; i++) p = p.previous();
        List<Bucket> buckets = new ArrayList<>();
        for (int i = 0; i < n; i++, p = p.next()) {
            buckets.add(new Bucket(p.label(), p.from(), p.to().isAfter(now) ? now : p.to(), p));
        }
        return new Window(name, g, buckets, now);
    }
}
