package dev.convolens.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.json.JsonMapper;

/**
 * How many events per second one client sustains to a running service: creates a tenant with the admin key, records
 * events from one thread as fast as {@link OverflowPolicy#BLOCK} lets it, flushes, and prints the rate from the
 * first {@code record} to the end of the flush. A warm-up round of a fifth of the events comes first.
 *
 * <p>Arguments: {@code <endpoint> <admin key> <events> [batchSize=100] [concurrency=2] [gzip=true]
 * [maxBatchSize=default]}.
 */
public final class ThroughputRun {

    public static void main(String[] args) throws Exception {
        URI endpoint = URI.create(args[0]);
        String admin = args[1];
        int events = Integer.parseInt(args[2]);
        int batchSize = args.length > 3 ? Integer.parseInt(args[3]) : 100;
        int concurrency = args.length > 4 ? Integer.parseInt(args[4]) : 2;
        boolean gzip = args.length <= 5 || Boolean.parseBoolean(args[5]);
        int maxBatchSize = args.length > 6 ? Integer.parseInt(args[6]) : 0;
        String key = ingestKey(endpoint, admin);

        run(endpoint, key, events / 5, batchSize, maxBatchSize, concurrency, gzip, "warm-up");
        run(endpoint, key, events, batchSize, maxBatchSize, concurrency, gzip, "measured");
    }

    private static void run(URI endpoint, String key, int events, int batchSize, int maxBatchSize, int concurrency,
            boolean gzip, String label) throws InterruptedException {
        ConvolensClient.Builder builder = ConvolensClient.builder().endpoint(endpoint).apiKey(key).batchSize(batchSize)
                .bufferCapacity(Math.max(10_000, 4 * batchSize)).concurrency(concurrency).gzip(gzip)
                .overflow(OverflowPolicy.BLOCK);
        if (maxBatchSize > 0) builder.maxBatchSize(maxBatchSize);
        try (ConvolensClient client = builder.build()) {
            long start = System.nanoTime();
            for (int i = 0; i < events; i++) {
                client.record(Event.builder("message.received").botId("support-bot").channel("webchat")
                        .conversationId("c-" + (i / 20)).userId("u-" + (i / 20)).intent("order_status")
                        .metadata("text", "where is my order " + i + "?").metadata("language", "en").build());
            }
            FlushResult result = client.flush();
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("%s: %d events, batch %d, max batch %s, concurrency %d, gzip %s: %.1f s, %,.0f events/s;"
                    + " %s%n", label, events, batchSize, maxBatchSize > 0 ? maxBatchSize : "default", concurrency, gzip,
                    seconds, result.stored() / seconds, result);
        }
    }

    private static String ingestKey(URI endpoint, String admin) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        JsonMapper json = JsonMapper.builder().build();
        String id = "bench-" + System.currentTimeMillis();
        post(http, endpoint + "/api/tenants", admin, "{\"id\":\"" + id + "\",\"name\":\"Benchmark\"}");
        String key = post(http, endpoint + "/api/tenants/" + id + "/keys", admin, "{\"scopes\":[\"ingest\"]}");
        return json.readTree(key).get("key").asString();
    }

    private static String post(HttpClient http, String url, String key, String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new IllegalStateException(url + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }
}
