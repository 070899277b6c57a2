package dev.convolens.schedule;

import dev.convolens.report.ReportsProperties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Calls {@link ScheduleRunner#runDue} every {@code convolens.reports.check-interval} while
 * {@code convolens.jobs.enabled} (the switch of every job schedule; tests turn it off and call the runner
 * themselves). One thread: a run that takes longer than the interval delays the next instead of overlapping it.
 */
@Component
class ScheduleTicker implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(ScheduleTicker.class);

    private final ScheduleRunner runner;
    private final ReportsProperties properties;
    private final boolean enabled;
    private volatile ScheduledExecutorService executor;

    ScheduleTicker(ScheduleRunner runner, ReportsProperties properties, @Value("${convolens.jobs.enabled:true}") boolean enabled) {
        this.runner = runner;
        this.properties = properties;
        this.enabled = enabled;
    }

    @Override
    public void start() {
        if (!enabled) {
            log.info("report schedules are not checked (convolens.jobs.enabled=false)");
            return;
        }
        ScheduledExecutorService e = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "convolens-report-schedules");
            t.setDaemon(true);
            return t;
        });
        long interval = properties.checkInterval().toMillis();
        e.scheduleWithFixedDelay(this::tick, interval, interval, TimeUnit.MILLISECONDS);
        executor = e;
        log.info("report schedules checked every {}", properties.checkInterval());
    }

    private void tick() {
        try {
            runner.runDue();
        } catch (RuntimeException e) {
            log.error("report schedule run failed; the next check tries again", e);
        }
    }

    @Override
    public void stop() {
        ScheduledExecutorService e = executor;
        executor = null;
        if (e != null) {
            e.shutdown();
            try {
                // a delivery in flight finishes (or its lease lets another instance resume it)
                if (!e.awaitTermination(30, TimeUnit.SECONDS)) e.shutdownNow();
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                e.shutdownNow();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }
}
