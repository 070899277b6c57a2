package dev.convolens.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * One scrape of {@code /actuator/prometheus}: the server's own count of what it stored, independent of what the
 * client believes it sent, and the group-commit timer.
 */
final class Prometheus {

    private record Sample(String name, String labels, double value) {}

    private final List<Sample> samples;

    private Prometheus(List<Sample> samples) {
        this.samples = samples;
    }

    static Prometheus scrape(HttpClient client, String base) throws IOException, InterruptedException {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base + "/actuator/prometheus"))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new IllegalStateException("prometheus scrape: HTTP " + r.statusCode());
        List<Sample> samples = new ArrayList<>();
        for (String line : r.body().split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) continue;
            int brace = line.indexOf('{');
            int space = line.lastIndexOf(' ');
            String name = brace >= 0 && brace < space ? line.substring(0, brace) : line.substring(0, space).trim();
            String labels = brace >= 0 && brace < space ? line.substring(brace, line.lastIndexOf('}') + 1) : "";
            samples.add(new Sample(name, labels, Double.parseDouble(line.substring(space + 1))));
        }
        return new Prometheus(samples);
    }

    /** The sum over every series of the metric whose labels contain {@code labelFragment} (e.g. {@code outcome="accepted"}). */
    double value(String name, String labelFragment) {
        double sum = 0;
        for (Sample s : samples) {
            if (s.name.equals(name) && s.labels.contains(labelFragment)) sum += s.value;
        }
        return sum;
    }

    double value(String name) {
        return value(name, "");
    }

    double acceptedEvents() {
        return value("convolens_ingest_events_total", "outcome=\"accepted\"");
    }

    double duplicateEvents() {
        return value("convolens_ingest_events_total", "outcome=\"duplicate\"");
    }

    double rejectedEvents() {
        return value("convolens_ingest_events_total", "outcome=\"rejected\"");
    }

    double commits() {
        return value("convolens_ingest_commit_seconds_count");
    }

    double commitSeconds() {
        return value("convolens_ingest_commit_seconds_sum");
    }

    /** Cumulative histogram of group-commit latency: upper bound in seconds to count. */
    TreeMap<Double, Double> commitBuckets() {
        TreeMap<Double, Double> buckets = new TreeMap<>();
        for (Sample s : samples) {
            if (!s.name.equals("convolens_ingest_commit_seconds_bucket")) continue;
            int le = s.labels.indexOf("le=\"");
            String bound = s.labels.substring(le + 4, s.labels.indexOf('"', le + 4));
            buckets.merge(bound.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(bound), s.value,
                    Double::sum);
        }
        return buckets;
    }

    /** The histogram bucket bound below which {@code quantile} of the commits between two scrapes finished. */
    static double commitQuantileBound(Prometheus from, Prometheus to, double quantile) {
        TreeMap<Double, Double> a = from.commitBuckets(), b = to.commitBuckets();
        double total = to.commits() - from.commits();
        if (total <= 0) return Double.NaN;
        for (var e : b.entrySet()) {
            double delta = e.getValue() - a.getOrDefault(e.getKey(), 0.0);
            if (delta >= quantile * total) return e.getKey();
        }
        return Double.POSITIVE_INFINITY;
    }
}
