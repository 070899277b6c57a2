package dev.convolens.rollup;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Looks for tenants with new data every {@code convolens.stats.debounce} and has their stats rewritten; off when the
 * job schedules are, or when {@code tenant_stats} runs only on request.
 */
final class TenantStatsDaemon implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(TenantStatsDaemon.class);

    private final JobRunner runner;
    private final Duration every;
    private final boolean enabled;
    private volatile ScheduledExecutorService scheduler;

    TenantStatsDaemon(JobRunner runner, Duration every, boolean enabled) {
        this.runner = runner;
        this.every = every;
        this.enabled = enabled;
    }

    @Override
    public void start() {
        if (!enabled) return;
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "tenant-stats-daemon");
            t.setDaemon(true);
            return t;
        });
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.scheduleWithFixedDelay(this::look, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        scheduler = executor;
    }

    private void look() {
        try {
            runner.runStatsOfChangedTenants().ifPresent(s -> {
                if (s.tenants() > 0) log.debug("tenant_stats rewrote {} tenants with new data", s.tenants());
            });
        } catch (RuntimeException e) {
            log.error("tenant_stats could not look for tenants with new data; will look again", e);
        }
    }

    @Override
    public void stop() {
        ScheduledExecutorService s = scheduler;
        scheduler = null;
        if (s == null) return;
        s.shutdown();
        try {
            s.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }
}
