package dev.convolens.rollup;

import java.time.Clock;
import java.time.ZoneOffset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.scheduling.support.CronTrigger;

/**
 * Fires every job on its cron (UTC) when {@code convolens.jobs.enabled}; two threads, so a long daily run does not
 * hold back the hourly ones. Stops before the database does, letting running jobs finish.
 */
final class JobScheduler implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(JobScheduler.class);

    private final JobRunner runner;
    private final Clock clock;
    private final boolean enabled;
    private volatile ThreadPoolTaskScheduler scheduler;

    JobScheduler(JobRunner runner, Clock clock, boolean enabled) {
        this.runner = runner;
        this.clock = clock;
        this.enabled = enabled;
    }

    @Override
    public void start() {
        if (!enabled) {
            log.info("job schedules are off (convolens.jobs.enabled=false); jobs run only on request");
            return;
        }
        ThreadPoolTaskScheduler s = new ThreadPoolTaskScheduler();
        s.setPoolSize(2);
        s.setThreadNamePrefix("convolens-job-");
        s.setClock(clock);
        s.setWaitForTasksToCompleteOnShutdown(true);
        // at shutdown a running job may finish, but the next cron fires are dropped rather than waited for
        s.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        s.setAwaitTerminationSeconds(30);
        s.initialize();
        for (Job job : runner.registry().all()) {
            if (job.schedule().equals(JobRegistry.ON_REQUEST)) continue;
            String name = job.name();
            s.schedule(() -> fire(name), new CronTrigger(JobRegistry.springCronText(job.schedule()), ZoneOffset.UTC));
            log.info("job {} scheduled at '{}' UTC", name, job.schedule());
        }
        scheduler = s;
    }

    private void fire(String job) {
        try {
            if (runner.runScheduled(job).isEmpty()) log.debug("job {} ran elsewhere in the cluster", job);
        } catch (RuntimeException e) {
            // already logged and recorded by the runner; the next fire tries again
        }
    }

    @Override
    public void stop() {
        ThreadPoolTaskScheduler s = scheduler;
        scheduler = null;
        if (s != null) {
            s.shutdown(); // waits up to 30 s for running jobs
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }
}
