package dev.convolens.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;

/** A client that stops reading must be dropped, and must not hold up anyone else's pushes meanwhile. */
class SlowSocketTest {
    final ExecutorService senders = Executors.newFixedThreadPool(2);
    final SettableClock clock = new SettableClock(Instant.parse("2026-11-21T10:00:00Z"));
    final CountDownLatch stalled = new CountDownLatch(1);

    @AfterEach
    void release() {
        stalled.countDown();
        senders.shutdownNow();
    }

    @Test
    void aStalledClientDoesNotDelayAFastOneAndIsDroppedWhenItsQueueOverflows() throws Exception {
        FakeSession slow = new FakeSession("slow", stalled), fast = new FakeSession("fast", null);
        LiveSocket slowSocket = new LiveSocket(slow.proxy(), senders, clock, 4_096, 5_000);
        LiveSocket fastSocket = new LiveSocket(fast.proxy(), senders, clock, 4_096, 5_000);

        for (int i = 0; i < 40; i++) {
            String push = "{\"type\":\"metrics\",\"n\":" + i + ",\"pad\":\"" + "x".repeat(200) + "\"}";
            long started = System.nanoTime();
            slowSocket.send(push);
            fastSocket.send(push);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).as("queueing never waits")
                    .isLessThan(1_000);
            assertThat(fast.awaitMessages(i + 1)).as("the fast client got push %d meanwhile", i).isTrue();
        }

        assertThat(slow.closedWith.get()).isEqualTo(LiveSocket.TOO_SLOW);
        assertThat(slowSocket.isOpen()).isFalse();
        assertThat(fast.closedWith.get()).isNull();
        assertThat(fast.texts.get(39)).startsWith("{\"type\":\"metrics\",\"n\":39,");
    }

    @Test
    void aClientWhoseWriteHasBeenBlockedTooLongIsDroppedAtTheNextPush() throws Exception {
        FakeSession slow = new FakeSession("slow", stalled);
        LiveSocket socket = new LiveSocket(slow.proxy(), senders, clock, 1_000_000, 5_000);

        socket.send("{\"type\":\"hello\"}");
        assertThat(slow.writing.await(10, TimeUnit.SECONDS)).isTrue();
        socket.send("{\"type\":\"metrics\"}");
        assertThat(slow.closedWith.get()).as("still within the limit").isNull();
        clock.advance(Duration.ofSeconds(6));
        socket.send("{\"type\":\"metrics\"}");

        assertThat(slow.closedWith.get()).isEqualTo(LiveSocket.TOO_SLOW);
    }

    /** A WebSocket session whose writes block until released (a peer that stopped reading), or record at once. */
    static final class FakeSession {
        final String id;
        final CountDownLatch blockUntil;
        final CountDownLatch writing = new CountDownLatch(1);
        final List<String> texts = new CopyOnWriteArrayList<>();
        final AtomicReference<CloseStatus> closedWith = new AtomicReference<>();

        FakeSession(String id, CountDownLatch blockUntil) {
            this.id = id;
            this.blockUntil = blockUntil;
        }

        boolean awaitMessages(int n) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (texts.size() < n && System.nanoTime() < deadline) Thread.sleep(5);
            return texts.size() >= n;
        }

        WebSocketSession proxy() {
            return (WebSocketSession) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {WebSocketSession.class}, (p, method, args) -> switch (method.getName()) {
                        case "getId" -> id;
                        case "isOpen" -> closedWith.get() == null;
                        case "sendMessage" -> {
                            writing.countDown();
                            if (blockUntil != null) blockUntil.await();
                            texts.add(((TextMessage) args[0]).getPayload());
                            yield null;
                        }
                        case "close" -> {
                            closedWith.compareAndSet(null, args == null ? CloseStatus.NORMAL : (CloseStatus) args[0]);
                            yield null;
                        }
                        case "toString" -> "FakeSession " + id;
                        case "hashCode" -> System.identityHashCode(p);
                        case "equals" -> p == args[0];
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }
    }

    /** Time that moves only when the test says so. */
    static final class SettableClock extends Clock {
        private volatile Instant now;

        SettableClock(Instant start) {
            now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
