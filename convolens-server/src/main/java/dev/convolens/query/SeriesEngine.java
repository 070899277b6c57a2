package dev.convolens.query;

import dev.convolens.query.Metric.Kind;
import dev.convolens.query.Metric.Read;
import dev.convolens.tenant.Tenant;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Reads one metric of the catalog over a list of buckets, exactly, from whichever store holds each part:
 *
 * <ul>
 *   <li>SUM and RATIO metrics combine: each bucket is split into a prefix read from rollup rows (coarsest table
 *       first; a table is used only from one of its period boundaries and only up to what it covers, see
 *       {@link RollupCoverage}) and a remainder read from facts or raw events, and the numerators and denominators
 *       of both are added.</li>
 *   <li>PERCENTILE metrics never combine: a bucket is read from a stored percentile only when it is exactly one
 *       period of that table's calendar for exactly the requested slice; any other bucket is computed with
 *       {@code percentile_cont} over its samples.</li>
 * </ul>
 *
 * Bucket boundaries are computed in Java and passed as bound parameters (a VALUES list, or for UTC hours an
 * arithmetic on epoch seconds), so no SQL ever truncates a timestamp in a session time zone. With {@code groupBy},
 * the ten keys with the largest total (for averages, rates and percentiles: the most samples) get their own series
 * and the rest are folded into {@code other}.
 */
@Component
class SeriesEngine {
    static final int TOP = 10;
    static final String ALL = "all";
    static final String OTHER = "other";

    private final NamedParameterJdbcTemplate jdbc;
    private final MetricCatalog catalog;

    SeriesEngine(DataSource dataSource, MetricCatalog catalog) {
        this.jdbc = new NamedParameterJdbcTemplate(dataSource);
        this.catalog = catalog;
    }

    RollupCoverage coverage(Tenant tenant, Instant now) {
        return new RollupCoverage(jdbc, tenant, now);
    }

    /** One series: a value per bucket (null where a ratio or percentile has no samples), and over all buckets. */
    record Line(String key, List<Double> values, Double total, int folded) {}

    /** The series of a metric in display order, and the tables they were read from. */
    record Result(List<Bucket> buckets, List<Line> lines, Set<String> sources, List<String> topKeys, boolean hasOther) {}

    /**
     * The metric over the buckets. {@code hourly} says the buckets are consecutive UTC hours (clipped at the ends);
     * {@code percentileTotals} asks for the exact percentile over all buckets as each line's total (one more query).
     */
    Result series(Metric metric, List<Bucket> buckets, boolean hourly, Slice slice, RollupCoverage coverage,
            boolean percentileTotals) {
        if (metric.kind() != Kind.PERCENTILE) {
            Partials p = additive(metric, buckets, hourly, slice, coverage);
            List<String> ranked = slice.groupBy() == null ? List.of(ALL) : ranked(p, metric.kind());
            List<String> top = ranked.subList(0, Math.min(TOP, ranked.size()));
            List<String> rest = ranked.subList(top.size(), ranked.size());
            List<Line> lines = new ArrayList<>();
            for (String key : top) lines.add(line(metric, key, p.accs(key), p.size, 0));
            if (!rest.isEmpty()) lines.add(line(metric, OTHER, p.fold(rest), p.size, rest.size()));
            return new Result(buckets, lines, p.sources, List.copyOf(top), !rest.isEmpty());
        }
        List<String> top = null;
        boolean hasOther = false;
        int folded = 0;
        Set<String> sources = new LinkedHashSet<>();
        if (slice.groupBy() != null) {
            Metric companion = catalog.get(metric.companion());
            Bucket range = new Bucket("range", buckets.get(0).from(), buckets.get(buckets.size() - 1).to(), null);
            Partials weights = additive(companion, List.of(range), false, slice, coverage);
            List<String> ranked = ranked(weights, companion.kind());
            top = List.copyOf(ranked.subList(0, Math.min(TOP, ranked.size())));
            hasOther = ranked.size() > TOP;
            folded = Math.max(0, ranked.size() - TOP);
        }
        Partials p = percentiles(metric, buckets, hourly, slice, coverage, top, hasOther);
        sources.addAll(p.sources);
        Map<String, Double> totals = Map.of();
        if (percentileTotals) {
            Bucket range = new Bucket("range", buckets.get(0).from(), buckets.get(buckets.size() - 1).to(),
                    buckets.size() == 1 ? buckets.get(0).period() : null);
            totals = totals(metric, range, slice, coverage, top, hasOther);
        }
        List<String> keys = new ArrayList<>(top == null ? List.of(ALL) : top);
        if (hasOther) keys.add(OTHER);
        List<Line> lines = new ArrayList<>();
        for (String key : keys) {
            Acc[] accs = p.accs(key);
            List<Double> values = new ArrayList<>();
            for (int i = 0; i < buckets.size(); i++) values.add(accs == null || accs[i] == null ? null : accs[i].pct);
            lines.add(new Line(key, values, totals.get(key), key.equals(OTHER) && hasOther ? folded : 0));
        }
        return new Result(buckets, lines, sources, top == null ? List.of(ALL) : top, hasOther);
    }

    /**
     * The metric over one free range per key: the given top keys, the rest folded into {@code other} when
     * {@code hasOther} (for comparing a period with the previous one on the same keys).
     */
    Map<String, Double> totals(Metric metric, Bucket range, Slice slice, RollupCoverage coverage, List<String> top,
            boolean hasOther) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (metric.kind() == Kind.PERCENTILE) {
            Partials p = percentiles(metric, List.of(range), false, slice, coverage, top, hasOther);
            p.byKey.forEach((key, accs) -> out.put(key, accs[0] == null ? null : accs[0].pct));
            return out;
        }
        Partials p = additive(metric, List.of(range), false, slice, coverage);
        Set<String> keep = top == null ? null : new HashSet<>(top);
        List<String> rest = new ArrayList<>();
        for (String key : p.byKey.keySet()) {
            if (keep == null || keep.contains(key)) out.put(key, line(metric, key, p.accs(key), p.size, 0).total());
            else rest.add(key);
        }
        if (!rest.isEmpty()) out.put(OTHER, line(metric, OTHER, p.fold(rest), p.size, rest.size()).total());
        return out;
    }

    // ---- combining ----

    /** Numerator, denominator and percentile of one key in one bucket. */
    static final class Acc {
        double num;
        double den;
        Double pct;
    }

    private static final class Partials {
        final int size;
        final Map<String, Acc[]> byKey = new LinkedHashMap<>();
        final Set<String> sources = new LinkedHashSet<>();

        Partials(int size) {
            this.size = size;
        }

        Acc at(String key, int bucket) {
            Acc[] accs = byKey.computeIfAbsent(key, k -> new Acc[size]);
            if (accs[bucket] == null) accs[bucket] = new Acc();
            return accs[bucket];
        }

        Acc[] accs(String key) {
            return byKey.get(key);
        }

        Acc[] fold(List<String> keys) {
            Acc[] out = new Acc[size];
            for (String key : keys) {
                Acc[] accs = byKey.get(key);
                for (int i = 0; i < size; i++) {
                    if (accs[i] == null) continue;
                    if (out[i] == null) out[i] = new Acc();
                    out[i].num += accs[i].num;
                    out[i].den += accs[i].den;
                }
            }
            return out;
        }
    }

    /** Keys by their weight (SUM: total; RATIO: samples), largest first, ties by name. */
    private static List<String> ranked(Partials p, Kind kind) {
        Map<String, Double> weight = new HashMap<>();
        p.byKey.forEach((key, accs) -> {
            double w = 0;
            for (Acc a : accs) if (a != null) w += kind == Kind.SUM ? a.num : a.den;
            weight.put(key, w);
        });
        List<String> keys = new ArrayList<>(weight.keySet());
        keys.sort(Comparator.<String>comparingDouble(weight::get).reversed().thenComparing(Comparator.naturalOrder()));
        return keys;
    }

    private static Line line(Metric metric, String key, Acc[] accs, int size, int folded) {
        List<Double> values = new ArrayList<>();
        double num = 0;
        double den = 0;
        for (int i = 0; i < size; i++) {
            Acc a = accs == null ? null : accs[i];
            values.add(value(metric, a == null ? 0 : a.num, a == null ? 0 : a.den));
            if (a != null) {
                num += a.num;
                den += a.den;
            }
        }
        return new Line(key, values, value(metric, num, den), folded);
    }

    private static Double value(Metric metric, double num, double den) {
        if (metric.kind() == Kind.SUM) return num;
        return den == 0 ? null : metric.scale() * num / den;
    }

    // ---- SUM and RATIO ----

    private Partials additive(Metric metric, List<Bucket> buckets, boolean hourly, Slice slice, RollupCoverage coverage) {
        Partials out = new Partials(buckets.size());
        if (slice.groupBy() == null) {
            for (int i = 0; i < buckets.size(); i++) out.at(ALL, i); // the one series exists even without samples
        }
        Instant[] cursor = buckets.stream().map(Bucket::from).toArray(Instant[]::new);
        List<Read> reads = new ArrayList<>(metric.rollups());
        reads.sort(Comparator.comparing((Read r) -> r.table().grain().ordinal()).reversed());
        for (Read read : reads) {
            if (read.num() == null || !read.table().supports(slice)) continue;
            Instant until = coverage.until(read.table());
            if (until == null) continue;
            List<Part> parts = new ArrayList<>();
            for (int i = 0; i < buckets.size(); i++) {
                Bucket b = buckets.get(i);
                Instant cur = cursor[i];
                if (!cur.isBefore(b.to()) || !coverage.isBoundary(cur, read.table().grain())) continue;
                Instant end = coverage.floor(b.to().isBefore(until) ? b.to() : until, read.table().grain());
                if (end.isAfter(cur)) {
                    parts.add(new Part(i, cur, end, end));
                    cursor[i] = end;
                }
            }
            if (!parts.isEmpty()) {
                readRollup(read, metric.kind(), parts, slice, coverage.tenant(), null, out);
                out.sources.add(read.table().name());
            }
        }
        List<Part> raw = new ArrayList<>();
        for (int i = 0; i < buckets.size(); i++) {
            Bucket b = buckets.get(i);
            if (cursor[i].isBefore(b.to())) raw.add(new Part(i, b.from(), b.to(), cursor[i]));
        }
        if (!raw.isEmpty()) {
            readRaw(metric, raw, hourly ? buckets : null, slice, coverage.tenant(), null, false, out);
            out.sources.add(metric.samples().source());
        }
        return out;
    }

    // ---- PERCENTILE ----

    private Partials percentiles(Metric metric, List<Bucket> buckets, boolean hourly, Slice slice,
            RollupCoverage coverage, List<String> top, boolean hasOther) {
        return percentiles(List.of(metric), buckets, hourly, slice, coverage, top, hasOther).get(0);
    }

    /**
     * Percentile metrics sharing their samples, each from its stored percentiles where a bucket is exactly a stored
     * period, and the remaining buckets of all of them from the samples in one pass (one percentile_cont per metric).
     * A bucket read from the samples is taken only by the metrics no stored row answers.
     */
    private List<Partials> percentiles(List<Metric> metrics, List<Bucket> buckets, boolean hourly, Slice slice,
            RollupCoverage coverage, List<String> top, boolean hasOther) {
        List<Partials> outs = new ArrayList<>();
        boolean[][] uncovered = new boolean[metrics.size()][buckets.size()];
        Set<String> keep = top == null ? null : new HashSet<>(top);
        for (int k = 0; k < metrics.size(); k++) {
            Metric metric = metrics.get(k);
            Partials out = new Partials(buckets.size());
            outs.add(out);
            Map<Read, List<Part>> stored = new LinkedHashMap<>();
            for (int i = 0; i < buckets.size(); i++) {
                uncovered[k][i] = true;
                Bucket b = buckets.get(i);
                if (!b.whole()) continue;
                for (Read read : metric.rollups()) {
                    RollupTable table = read.table();
                    if (read.percentile() == null || table.grain() != b.period().granularity() || !table.supports(slice)
                            || !table.exact(slice)) continue;
                    Instant until = coverage.until(table);
                    if (until == null || b.to().isAfter(until)) continue;
                    stored.computeIfAbsent(read, r -> new ArrayList<>()).add(new Part(i, b.from(), b.to(), b.to()));
                    uncovered[k][i] = false;
                    break;
                }
            }
            stored.forEach((read, parts) -> {
                readRollup(read, Kind.PERCENTILE, parts, slice, coverage.tenant(), keep, out);
                out.sources.add(read.table().name());
            });
        }
        boolean otherEverywhere = top != null && hasOther;
        List<Part> raw = new ArrayList<>();
        boolean anyRaw = false;
        for (int i = 0; i < buckets.size(); i++) {
            Bucket b = buckets.get(i);
            boolean any = false;
            for (boolean[] u : uncovered) any |= u[i];
            if (any) {
                raw.add(new Part(i, b.from(), b.to(), b.from()));
                anyRaw = true;
            } else if (otherEverywhere) {
                raw.add(new Part(i, b.from(), b.to(), b.to()));
            }
        }
        if (anyRaw || otherEverywhere) {
            readRaw(metrics, raw, hourly ? buckets : null, slice, coverage.tenant(), top, otherEverywhere, outs,
                    metrics.size() == 1 ? null : uncovered);
            for (int k = 0; k < metrics.size(); k++) {
                for (boolean u : uncovered[k]) {
                    if (u || otherEverywhere) {
                        outs.get(k).sources.add(metrics.get(k).samples().source());
                        break;
                    }
                }
            }
        }
        return outs;
    }

    /**
     * A ratio metric, ungrouped, with its denominator per bucket (e.g. an average and the samples behind it), from
     * one read: the same values as {@link #series} for the metric and for a SUM metric of its denominator.
     */
    Ratio ratioSeries(Metric metric, List<Bucket> buckets, boolean hourly, Slice slice, RollupCoverage coverage) {
        if (metric.kind() != Kind.RATIO || slice.groupBy() != null) {
            throw new IllegalArgumentException(metric.name() + " ungrouped ratio only");
        }
        Partials p = additive(metric, buckets, hourly, slice, coverage);
        Acc[] accs = p.accs(ALL);
        List<Double> values = new ArrayList<>();
        List<Double> denominators = new ArrayList<>();
        for (int i = 0; i < buckets.size(); i++) {
            Acc a = accs[i];
            values.add(value(metric, a == null ? 0 : a.num, a == null ? 0 : a.den));
            denominators.add(a == null ? 0 : a.den);
        }
        return new Ratio(values, denominators);
    }

    record Ratio(List<Double> values, List<Double> denominators) {}

    /**
     * Several percentile metrics of the same samples (e.g. response_time.p50 and .p95) over the same buckets,
     * ungrouped, one result per metric: the same values as {@link #series} for each, with the samples read once.
     */
    List<Result> percentileSeries(List<Metric> metrics, List<Bucket> buckets, boolean hourly, Slice slice,
            RollupCoverage coverage) {
        Samples samples = metrics.get(0).samples();
        if (slice.groupBy() != null || metrics.stream().anyMatch(m -> m.kind() != Kind.PERCENTILE || m.samples() != samples)) {
            return metrics.stream().map(m -> series(m, buckets, hourly, slice, coverage, false)).toList();
        }
        List<Partials> outs = percentiles(metrics, buckets, hourly, slice, coverage, null, false);
        List<Result> results = new ArrayList<>();
        for (Partials p : outs) {
            Acc[] accs = p.accs(ALL);
            List<Double> values = new ArrayList<>();
            for (int i = 0; i < buckets.size(); i++) values.add(accs == null || accs[i] == null ? null : accs[i].pct);
            results.add(new Result(buckets, List.of(new Line(ALL, values, null, 0)), p.sources, List.of(ALL), false));
        }
        return results;
    }

    // ---- SQL ----

    /** Up to this many raw parts are told apart by a CASE rather than joined to a list of bounds. */
    private static final int FEW_PARTS = 4;

    /** Bucket {@code i} = [from, to); the rollup or raw read covers [from, rawFrom) resp. [rawFrom, to) of it. */
    private record Part(int i, Instant from, Instant to, Instant rawFrom) {}

    private void readRollup(Read read, Kind kind, List<Part> parts, Slice slice, Tenant tenant, Set<String> keep,
            Partials out) {
        RollupTable table = read.table();
        MapSqlParameterSource params = params(tenant, slice);
        // rows are summed per stored period in SQL and put into buckets here: a range join on the bucket bounds costs
        // DuckDB more than the scan itself
        TreeMap<Instant, Part> byStart = new TreeMap<>();
        for (Part part : parts) byStart.put(part.from(), part);
        params.addValue("lo", utc(byStart.firstKey()))
                .addValue("hi", utc(parts.stream().map(Part::to).max(Comparator.naturalOrder()).orElseThrow()));
        String aggregates = switch (kind) {
            case SUM -> "SUM(CAST(" + read.num() + " AS DOUBLE PRECISION)), 0";
            case RATIO -> "SUM(CAST(" + read.num() + " AS DOUBLE PRECISION)), SUM(CAST(" + read.den()
                    + " AS DOUBLE PRECISION))";
            case PERCENTILE -> "MAX(CAST(" + read.percentile() + " AS DOUBLE PRECISION)), 0";
        };
        String sql = "SELECT r.period_start, " + table.key(slice) + " AS k, " + aggregates + " FROM " + table.name()
                + " r WHERE r.tenant_id = :tenant AND r.period_start >= :lo AND r.period_start < :hi AND "
                + table.where(slice) + (read.where() == null ? "" : " AND " + read.where()) + " GROUP BY 1, 2";
        jdbc.query(sql, params, rs -> {
            String key = rs.getString(2);
            if (keep != null && !keep.contains(key)) return;
            Instant start = rs.getObject(1, OffsetDateTime.class).toInstant();
            Map.Entry<Instant, Part> floor = byStart.floorEntry(start);
            if (floor == null || !start.isBefore(floor.getValue().to())) return;
            Acc acc = out.at(key, floor.getValue().i());
            if (kind == Kind.PERCENTILE) {
                acc.pct = number(rs, 3);
            } else {
                acc.num += orZero(number(rs, 3));
                acc.den += orZero(number(rs, 4));
            }
        });
    }

    /**
     * Reads the raw remainders [rawFrom, to) of the parts (and, when {@code otherEverywhere}, the folded
     * {@code other} key over the whole of every part). {@code hourBuckets}, when given, are consecutive UTC hours:
     * the bucket of a sample is then its hour's offset from the first.
     */
    private void readRaw(Metric metric, List<Part> parts, List<Bucket> hourBuckets, Slice slice, Tenant tenant,
            List<String> top, boolean otherEverywhere, Partials out) {
        readRaw(List.of(metric), parts, hourBuckets, slice, tenant, top, otherEverywhere, List.of(out), null);
    }

    /**
     * As above for several metrics of the same samples at once, one percentile column per metric; a bucket's value goes
     * to metric k only where {@code take[k][bucket]} (null: everywhere).
     */
    private void readRaw(List<Metric> metrics, List<Part> parts, List<Bucket> hourBuckets, Slice slice, Tenant tenant,
            List<String> top, boolean otherEverywhere, List<Partials> outs, boolean[][] take) {
        Metric metric = metrics.get(0);
        MapSqlParameterSource params = params(tenant, slice);
        Instant from = parts.stream().map(Part::from).min(Comparator.naturalOrder()).orElseThrow();
        Instant to = parts.stream().map(Part::to).max(Comparator.naturalOrder()).orElseThrow();
        params.addValue("from", utc(from)).addValue("to", utc(to));
        String key = "'" + ALL + "'";
        if (slice.groupBy() != null) {
            String base = "COALESCE(s." + slice.groupBy().sampleColumn() + ", '" + Dim.NONE + "')";
            if (top == null) {
                key = base;
            } else if (top.isEmpty()) {
                key = "'" + OTHER + "'";
            } else {
                key = "CASE WHEN " + base + " IN (:keep) THEN " + base + " ELSE '" + OTHER + "' END";
                params.addValue("keep", top);
            }
        }
        String other = otherEverywhere ? " OR " + key + " = '" + OTHER + "'" : "";
        String filters = (slice.channel() == null ? "" : " AND s.channel = :channel")
                + (slice.botId() == null ? "" : " AND s.bot = :bot");
        StringBuilder aggregates = new StringBuilder("SUM(s.num), SUM(s.den)");
        if (metric.kind() == Kind.PERCENTILE) {
            for (Metric m : metrics) {
                aggregates.append(", percentile_cont(").append(m.quantile()).append(") WITHIN GROUP (ORDER BY s.num)");
            }
        }
        String samples = metric.samples().sql(slice.needsConversationDims());
        String sql;
        if (hourBuckets != null) {
            List<Instant[]> runs = new ArrayList<>();
            for (Part part : parts) {
                if (!part.rawFrom().isBefore(part.to())) continue;
                Instant[] last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
                if (last != null && last[1].equals(part.rawFrom())) last[1] = part.to();
                else runs.add(new Instant[] {part.rawFrom(), part.to()});
            }
            List<String> ranges = new ArrayList<>();
            for (int n = 0; n < runs.size(); n++) {
                ranges.add("(s.ts >= :rf" + n + " AND s.ts < :rt" + n + ")");
                params.addValue("rf" + n, utc(runs.get(n)[0])).addValue("rt" + n, utc(runs.get(n)[1]));
            }
            params.addValue("epoch0", hourBuckets.get(0).period().from().getEpochSecond());
            sql = "SELECT CAST(FLOOR((CAST(EXTRACT(EPOCH FROM s.ts) AS DOUBLE PRECISION) - CAST(:epoch0 AS BIGINT)) / 3600) "
                    + "AS INTEGER) AS i, " + key + " AS k, " + aggregates + " FROM (" + samples + ") s WHERE ("
                    + (ranges.isEmpty() ? "FALSE" : String.join(" OR ", ranges)) + other + ")" + filters
                    + " GROUP BY 1, 2";
        } else {
            List<Part> read = parts.stream().filter(p -> otherEverywhere || p.rawFrom().isBefore(p.to())).toList();
            if (read.isEmpty()) return;
            List<String> rows = new ArrayList<>();
            List<String> conditions = new ArrayList<>();
            StringBuilder cases = new StringBuilder("CASE");
            for (int n = 0; n < read.size(); n++) {
                Part part = read.get(n);
                params.addValue("f" + n, utc(part.from())).addValue("t" + n, utc(part.to()))
                        .addValue("r" + n, utc(part.rawFrom()));
                rows.add("(" + part.i() + ", CAST(:f" + n + " AS TIMESTAMPTZ), CAST(:t" + n + " AS TIMESTAMPTZ), CAST(:r"
                        + n + " AS TIMESTAMPTZ))");
                String condition = "(s.ts >= :f" + n + " AND s.ts < :t" + n + " AND (s.ts >= :r" + n + other + "))";
                conditions.add(condition);
                cases.append(" WHEN ").append(condition).append(" THEN ").append(part.i());
            }
            if (read.size() <= FEW_PARTS) {
                // a join costs DuckDB more to plan than a few comparisons cost to run (the dashboard's reads)
                sql = "SELECT " + cases + " END AS i, " + key + " AS k, " + aggregates + " FROM (" + samples
                        + ") s WHERE (" + String.join(" OR ", conditions) + ")" + filters + " GROUP BY 1, 2";
            } else {
                sql = "WITH b(i, f, t, r) AS (VALUES " + String.join(", ", rows) + ") SELECT b.i, " + key + " AS k, "
                        + aggregates + " FROM (" + samples + ") s JOIN b ON s.ts >= b.f AND s.ts < b.t WHERE (s.ts >= b.r"
                        + other + ")" + filters + " GROUP BY 1, 2";
            }
        }
        jdbc.query(sql, params, rs -> {
            int i = rs.getInt(1);
            if (i < 0 || i >= outs.get(0).size) return;
            for (int k = 0; k < outs.size(); k++) {
                if (take != null && !take[k][i]) continue;
                Acc acc = outs.get(k).at(rs.getString(2), i);
                acc.num += orZero(number(rs, 3));
                acc.den += orZero(number(rs, 4));
                if (metric.kind() == Kind.PERCENTILE) acc.pct = number(rs, 5 + k);
            }
        });
    }

    private static MapSqlParameterSource params(Tenant tenant, Slice slice) {
        MapSqlParameterSource params = new MapSqlParameterSource("tenant", tenant.id());
        if (slice.channel() != null) params.addValue("channel", slice.channel());
        if (slice.botId() != null) params.addValue("bot", slice.botId());
        return params;
    }

    private static Double number(ResultSet rs, int column) throws SQLException {
        Object v = rs.getObject(column);
        return v == null ? null : ((Number) v).doubleValue();
    }

    private static double orZero(Double v) {
        return v == null ? 0 : v;
    }

    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
