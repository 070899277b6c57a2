package dev.convolens.client;

import dev.convolens.support.Http;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The service as a separate process on a port chosen by the test, so that a restart comes back where a client is
 * pointed ({@link dev.convolens.support.ServerProcess} picks a new port at every start).
 */
final class ServiceOnPort implements AutoCloseable {
    private final Process process;
    private final int port;

    private ServiceOnPort(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static ServiceOnPort start(Path dataDir, String adminKey, Path log, int port) {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), "dev.convolens.ConvolensApplication",
                "--server.port=" + port, "--convolens.data-dir=" + dataDir, "--convolens.admin-key=" + adminKey);
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            ServiceOnPort service = new ServiceOnPort(p, port);
            service.awaitHealthy(Duration.ofSeconds(120));
            return service;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Http http() {
        return new Http(port);
    }

    /** SIGKILL: no shutdown hook, no answer to requests in flight, as a crash would. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM: the graceful path. */
    int terminate() throws InterruptedException {
        process.destroy();
        return process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) kill();
    }

    private void awaitHealthy(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) throw new IllegalStateException("service exited with " + process.exitValue());
            try {
                if (http().get("/actuator/health", null).body().contains("UP")) return;
            } catch (UncheckedIOException notYet) {
                // not listening yet
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("service not healthy within " + timeout);
    }
}
