package dev.convolens.live;

import dev.convolens.support.Http;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;

/** A {@code /ws/live} client as another program would use it: the JDK's WebSocket, every message kept with its arrival. */
final class LiveClient implements WebSocket.Listener, AutoCloseable {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    record Received(long nanos, JsonNode message) {}

    private final List<Received> received = new ArrayList<>();
    private final StringBuilder partial = new StringBuilder();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private WebSocket socket;

    /** Connects to {@code ws://127.0.0.1:port/ws/live?query}. */
    static LiveClient connect(int port, String query) {
        LiveClient client = new LiveClient();
        String uri = "ws://127.0.0.1:" + port + "/ws/live" + (query == null || query.isEmpty() ? "" : "?" + query);
        client.socket = CLIENT.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(URI.create(uri), client).orTimeout(20, TimeUnit.SECONDS).join();
        return client;
    }

    /** Connects and authenticates with a first message. */
    static LiveClient signIn(int port, String key) {
        LiveClient client = connect(port, null);
        client.send("{\"type\":\"auth\",\"token\":\"" + key + "\"}");
        return client;
    }

    void send(String json) {
        socket.sendText(json, true).orTimeout(10, TimeUnit.SECONDS).join();
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            JsonNode message = Http.JSON.readTree(partial.toString());
            partial.setLength(0);
            synchronized (received) {
                received.add(new Received(System.nanoTime(), message));
                received.notifyAll();
            }
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode);
        synchronized (received) {
            received.notifyAll();
        }
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete(-1);
    }

    /** Every message so far. */
    List<Received> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    List<JsonNode> messages() {
        return received().stream().map(Received::message).toList();
    }

    /** The first message (received so far or within the timeout) that matches; fails the test if none comes. */
    Received await(String what, Predicate<JsonNode> matches, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (received) {
            while (true) {
                for (Received r : received) if (matches.test(r.message())) return r;
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no " + what + " within " + timeout + "; received: "
                            + received.stream().map(r -> r.message().toString()).toList());
                }
                TimeUnit.NANOSECONDS.timedWait(received, left);
            }
        }
    }

    JsonNode awaitType(String type, Duration timeout) throws InterruptedException {
        return await(type, m -> m.path("type").asString("").equals(type), timeout).message();
    }

    /** The close code the server sent, waiting for it. */
    int awaitClose(Duration timeout) {
        return closed.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).join();
    }

    boolean isClosed() {
        return closed.isDone();
    }

    static Predicate<JsonNode> type(String type) {
        return m -> m.path("type").asString("").equals(type);
    }

    static Predicate<JsonNode> conversation(String id) {
        return m -> type("conversation").test(m) && m.path("data").path("id").asString("").equals(id);
    }

    static Predicate<JsonNode> livechat(String event, String requestId) {
        return m -> type("livechat").test(m) && m.path("event").asString("").equals(event)
                && m.path("data").path("requestId").asString("").equals(requestId);
    }

    @Override
    public void close() {
        if (!closed.isDone()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
            socket.abort();
        }
    }
}
