package dev.convolens.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convolens.storage.DuckDbDialect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/metrics.md is the catalog as {@code GET /api/analytics/metrics} answers it. After changing the catalog,
 * rewrite the page with {@code ./mvnw -pl convolens-server test -Dtest=MetricsDocTest -Dconvolens.docs.write=true}.
 */
class MetricsDocTest {
    static final Path PAGE = Path.of("..", "docs", "metrics.md");

    @Test
    void theMetricsPageIsTheCatalog(@TempDir Path staging) throws Exception {
        MetricCatalog catalog = new MetricCatalog(new DuckDbDialect(staging));
        String expected = render(catalog);
        if (Boolean.getBoolean("convolens.docs.write")) Files.writeString(PAGE, expected);
        assertThat(Files.readString(PAGE))
                .as("docs/metrics.md is out of date: rerun this test with -Dconvolens.docs.write=true")
                .isEqualTo(expected);
        assertThat(expected).contains("| `messages.inbound` | count | sum | Messages received from end users");
        assertThat(expected.lines().filter(l -> l.startsWith("| `")).count()).isEqualTo(catalog.all().size());
    }

    static String render(MetricCatalog catalog) {
        StringBuilder md = new StringBuilder("""
                # Metrics

                Every metric of the catalog, as `GET /api/analytics/metrics` answers it and
                `GET /api/analytics/timeseries?metric=<name>` serves it. This page is generated from the catalog by
                the test `MetricsDocTest`, which fails when the two differ.

                - **unit**: `count`, `ms` (milliseconds), `ratio` (a fraction 0..1), `percent` (0..100), `rating`
                  (1..5), `score` (NPS, -100..100), `tokens`, `usd`.
                - **kind**: `sum` adds up over a period (an empty period is 0); `average` is a sum of values over a
                  count of samples, combined exactly across periods and rollups (an empty period is `null`);
                  `percentile` is computed exactly (`percentile_cont`) over the period's samples, never averaged.
                - **When a measure counts**: in the period of the instant it completed (a first response at its
                  response, a resolution at its resolution, a wait at its acceptance). Days, weeks and months are the
                  tenant's local calendar; hours are UTC hours.
                - **dimensions**: what `groupBy`, `channel` and `botId` may use. An event without a channel or bot
                  takes its conversation's (channel finally `other`).
                - **source**: `events` (raw events), `conversations` or `livechats` (the facts recomputed from each
                  conversation's events); **rollups**: the tables that hold the same numbers for closed periods.
                  How each event type feeds them: [events.md](events.md).

                | metric | unit | kind | definition | dimensions | source | rollups |
                |---|---|---|---|---|---|---|
                """);
        for (Metric m : catalog.all()) {
            Map<String, Object> d = TimeseriesController.describe(m);
            md.append("| `").append(d.get("name")).append("` | ").append(d.get("unit")).append(" | ").append(d.get("kind"))
                    .append(" | ").append(String.valueOf(d.get("description")).replace("|", "\\|")).append(" | ")
                    .append(join(d.get("dimensions"))).append(" | ").append(d.get("source")).append(" | ")
                    .append(join(d.get("rollups"))).append(" |\n");
        }
        return md.toString();
    }

    private static String join(Object list) {
        String s = ((List<?>) list).stream().map(String::valueOf).collect(Collectors.joining(", "));
        return s.isEmpty() ? "–" : s;
    }
}
