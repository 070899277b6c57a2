package dev.convolens.rollup;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.support.CronExpression;

/**
 * Runs a job of the registry: a scheduled run under the job's cluster lock (skipped when another instance holds it),
 * or a run on request at once. A job's failure that escapes it (not a period's: those are retried and logged by the
 * job) is logged to {@code job_runs} too.
 */
final class JobRunner {
    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

    private final JobRegistry registry;
    private final ClusterLock lock;
    private final JobKit kit;
    private final Map<String, Duration> holds = new HashMap<>();

    JobRunner(JobRegistry registry, ClusterLock lock, JobKit kit) {
        this.registry = registry;
        this.lock = lock;
        this.kit = kit;
        for (Job job : registry.all()) holds.put(job.name(), hold(job.schedule(), kit.properties().lockAtLeastFor(), kit.now()));
        // the stats daemon takes this lock every few seconds; a repeated run finds nothing stale or changed to redo
        holds.put(TenantStatsJob.NAME, Duration.ZERO);
    }

    /**
     * How long a scheduled run keeps the job's lock at least: {@code lock-at-least-for}, but never more than half the
     * shortest gap between two fires of the job's cron, or a job firing every minute would find its own lock still
     * held at the next fire.
     */
    static Duration hold(String schedule, Duration configured, Instant now) {
        if (schedule.equals(JobRegistry.ON_REQUEST)) return configured;
        CronExpression cron = JobRegistry.springCron(schedule);
        ZonedDateTime fire = cron.next(now.atZone(ZoneOffset.UTC));
        Duration shortest = null;
        for (int i = 0; i < 8 && fire != null; i++) {
            ZonedDateTime next = cron.next(fire);
            if (next == null) break;
            Duration gap = Duration.between(fire, next);
            if (shortest == null || gap.compareTo(shortest) < 0) shortest = gap;
            fire = next;
        }
        if (shortest == null) return configured;
        Duration half = shortest.dividedBy(2);
        return half.compareTo(configured) < 0 ? half : configured;
    }

    JobRegistry registry() {
        return registry;
    }

    /** What the schedule fires: the run, once per cluster; empty when another instance has the job's lock. */
    Optional<JobSummary> runScheduled(String name) {
        Job job = job(name);
        return lock.runExclusively(name, holds.get(name), () -> run(job, JobRequest.scheduled()));
    }

    /**
     * The stats daemon's look for new data, once per cluster (under {@code tenant_stats}'s lock): rewrites the stats
     * of the tenants whose data changed; empty when another instance holds the lock.
     */
    Optional<JobSummary> runStatsOfChangedTenants() {
        TenantStatsJob job = (TenantStatsJob) job(TenantStatsJob.NAME);
        return lock.runExclusively(TenantStatsJob.NAME, Duration.ZERO, job::refreshChanged);
    }

    /** A run on request, at once and without the lock (a run is idempotent; the watermark only moves forward). */
    JobSummary runNow(String name, JobRequest request) {
        Job job = job(name);
        job.check(request);
        return run(job, request);
    }

    private JobSummary run(Job job, JobRequest request) {
        Instant started = kit.now();
        try {
            JobSummary summary = job.run(request);
            if ((job instanceof FamilyJob || job instanceof TenantStatsJob) && !request.isBackfill()
                    && request.tenantId() == null) {
                kit.state().forgetConsumed(registry.consumers(), kit.dirty());
            }
            log.info("job {} ({}) done: {} tenants, {} periods, {} rows, {} failures in {} ms", job.name(),
                    summary.trigger(), summary.tenants(), summary.periods(), summary.rows(), summary.failures(),
                    summary.durationMs());
            return summary;
        } catch (RuntimeException e) {
            if (e instanceof dev.convolens.system.ApiException) throw e;
            log.error("job {} failed", job.name(), e);
            try {
                kit.runLog().record(new JobRun(JobKit.newRunId(), job.name(), request.tenantId(),
                        request.trigger().wireName(), null, null, 0, 0, 0, started, kit.millisSince(started),
                        JobRun.FAILED, 1, e.toString()));
            } catch (RuntimeException logFailure) {
                log.error("could not log the failed run of job {}", job.name(), logFailure);
            }
            throw e;
        }
    }

    private Job job(String name) {
        return registry.find(name).orElseThrow(() -> new IllegalArgumentException("no job '" + name + "'"));
    }
}
