package dev.convolens.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real HTTP server standing in for {@code POST /api/events}: it records every request and, unless told otherwise,
 * stores events by id and answers as the service does ({@code accepted}, {@code duplicates}, {@code rejected}).
 */
final class FakeIngest implements AutoCloseable {
    static final JsonMapper JSON = JsonMapper.builder().build();

    /** One request as received. */
    record Request(int number, List<JsonNode> events, Map<String, List<String>> headers, boolean gzipped,
            long receivedNanos) {
        List<String> ids() {
            return events.stream().map(e -> e.path("id").asString(null)).toList();
        }
    }

    /** An answer: status, body and extra headers. */
    record Reply(int status, String body, Map<String, String> headers) {
        static Reply status(int status, String detail) {
            return new Reply(status, "{\"error\":\"e\",\"detail\":\"" + detail + "\"}", Map.of());
        }

        static Reply retryAfter(int status, String seconds) {
            return new Reply(status, "{\"error\":\"overloaded\",\"detail\":\"busy\"}", Map.of("Retry-After", seconds));
        }
    }

    /** Decides the answer to a request; null means the default (store and count). */
    interface Responder {
        Reply reply(Request request, FakeIngest ingest) throws Exception;
    }

    private final HttpServer server;
    private final List<Request> requests = new ArrayList<>();
    private final Set<String> stored = new HashSet<>();
    private volatile Responder responder = (r, i) -> null;

    FakeIngest() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-ingest");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/api/events", this::handle);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    void respond(Responder responder) {
        this.responder = responder;
    }

    synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    synchronized Set<String> stored() {
        return Set.copyOf(stored);
    }

    /** Stores the events by id and answers the counts, as the service does. */
    synchronized Reply store(List<JsonNode> events) {
        int accepted = 0, duplicates = 0;
        for (JsonNode e : events) {
            if (stored.add(e.path("id").asString())) accepted++;
            else duplicates++;
        }
        return new Reply(200, "{\"accepted\":" + accepted + ",\"duplicates\":" + duplicates + ",\"rejected\":[]}",
                Map.of());
    }

    /** Waits (bounded) until at least {@code n} requests have arrived. */
    List<Request> awaitRequests(int n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<Request> now = requests();
            if (now.size() >= n) return now;
            if (System.nanoTime() > deadline) {
                throw new AssertionError(n + " requests expected within " + timeout + ", got " + now.size());
            }
            Thread.sleep(5);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            boolean gzipped = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"));
            byte[] body;
            InputStream raw = exchange.getRequestBody();
            try (InputStream in = gzipped ? new GZIPInputStream(raw) : raw) {
                body = in.readAllBytes();
            }
            List<JsonNode> events = new ArrayList<>();
            JSON.readTree(body).forEach(events::add);
            Request request;
            synchronized (this) {
                request = new Request(requests.size() + 1, events, Map.copyOf(exchange.getRequestHeaders()), gzipped,
                        System.nanoTime());
                requests.add(request);
            }
            Reply reply;
            try {
                reply = responder.reply(request, this);
            } catch (Exception e) {
                reply = Reply.status(500, e.toString());
            }
            if (reply == null) reply = store(events);
            reply.headers().forEach(exchange.getResponseHeaders()::add);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            byte[] out = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(reply.status(), out.length);
            exchange.getResponseBody().write(out);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
