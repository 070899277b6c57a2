package dev.convolens.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real server in its own JVM, as it is deployed, so that its RSS and CPU are its own and not mixed with the load
 * generator's. It listens on 127.0.0.1 only.
 */
final class ServerProcess implements AutoCloseable {

    private static final HttpClient PROBE = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    final int port;
    final Path log;
    private final Process process;
    private final Thread killOnExit;

    private ServerProcess(int port, Path log, Process process) {
        this.port = port;
        this.log = log;
        this.process = process;
        // a harness killed by Ctrl-C must not leave a server holding the port and the DuckDB file
        this.killOnExit = new Thread(process::destroyForcibly, "bench-server-reaper");
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    static ServerProcess start(Path jar, List<String> jvmArgs, List<String> appArgs, String adminKey, Path workDir)
            throws IOException {
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.add("-jar");
        command.add(jar.toString());
        command.add("--server.address=127.0.0.1");
        command.add("--server.port=" + port);
        command.addAll(appArgs);
        Path log = workDir.resolve("server.log");
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("CONVOLENS_ADMIN_KEY", adminKey);
        return new ServerProcess(port, log, pb.start());
    }

    String base() {
        return "http://127.0.0.1:" + port;
    }

    long pid() {
        return process.pid();
    }

    void awaitHealthy(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the server exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<String> r = PROBE.send(HttpRequest.newBuilder(URI.create(base() + "/actuator/health"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().contains("\"UP\"")) return;
            } catch (IOException notYet) {
                // the port opens only once the context is up
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the server was not healthy within " + timeout + "; see " + log);
    }

    /** Peak resident set size so far, in kB ({@code VmHWM}); the kernel keeps it, so no sampling can miss a peak. */
    long peakRssKb() {
        return statusKb("VmHWM:");
    }

    long rssKb() {
        return statusKb("VmRSS:");
    }

    /** CPU time the server has used, user plus system, in seconds. */
    double cpuSeconds() {
        return ProcStat.cpuSeconds(process.pid());
    }

    /** Asks for a graceful stop (SIGTERM: the writer commits what it accepted), then kills it if it hangs. */
    int stop(Duration grace) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) stop(Duration.ofSeconds(60));
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException alreadyExiting) {
            // the hook runs anyway
        }
    }

    private long statusKb(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith(field)) return Long.parseLong(line.substring(field.length()).replace("kB", "").trim());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the server's /proc status", e);
        }
        throw new IllegalStateException(field + " missing from /proc/" + process.pid() + "/status");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
