package dev.convolens.client;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What {@link ConvolensClient#record} costs the calling thread. The event is built once: the builder is the
 * caller's own cost and the same with any client. Nothing answers at the endpoint, so the senders only back off and
 * the numbers are the caller's alone.
 */
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class RecordBenchmark {

    static final Event EVENT = Event.builder("message.received").botId("support-bot").channel("webchat")
            .conversationId("c-42").userId("u-7").intent("order_status").metadata("text", "where is my order?")
            .build();

    /** A client with room for the 100,000 calls of an iteration: the common case, no overflow. */
    @State(Scope.Benchmark)
    public static class Room {
        static final int CALLS = 100_000;
        ConvolensClient client;

        @Setup(Level.Iteration)
        public void open() {
            client = ConvolensClient.builder().endpoint("http://127.0.0.1:" + deadPort()).apiKey("bench")
                    .batchSize(CALLS + 1).bufferCapacity(CALLS + 1).flushInterval(Duration.ofHours(1))
                    .closeTimeout(Duration.ZERO).build();
        }

        @TearDown(Level.Iteration)
        public void close() {
            client.close();
        }
    }

    /** A client whose buffer stays full (the server is gone): every call discards the oldest event. */
    @State(Scope.Benchmark)
    public static class Full {
        ConvolensClient client;

        @Setup(Level.Trial)
        public void open() {
            client = ConvolensClient.builder().endpoint("http://127.0.0.1:" + deadPort()).apiKey("bench")
                    .maxBackoff(Duration.ofSeconds(30)).closeTimeout(Duration.ZERO).build();
        }

        @TearDown(Level.Trial)
        public void close() {
            client.close();
        }
    }

    /** A fresh client per iteration, so every call finds room: JMH reports the time per call. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OperationsPerInvocation(Room.CALLS)
    @Warmup(iterations = 30)
    @Measurement(iterations = 30)
    public void recordWithRoom(Room room) {
        ConvolensClient client = room.client;
        for (int i = 0; i < Room.CALLS; i++) client.record(EVENT);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @Warmup(iterations = 3, time = 2)
    @Measurement(iterations = 5, time = 2)
    public void recordIntoFullBufferDroppingOldest(Full full) {
        full.client.record(EVENT);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @Warmup(iterations = 3, time = 2)
    @Measurement(iterations = 5, time = 2)
    @Threads(2)
    public void recordIntoFullBufferDroppingOldestFromTwoThreads(Full full) {
        full.client.record(EVENT);
    }

    /** A port nobody listens on: connection refused at once, and the senders back off. */
    static int deadPort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
