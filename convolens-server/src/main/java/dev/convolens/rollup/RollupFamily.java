package dev.convolens.rollup;

import dev.convolens.tenant.Tenant;

/**
 * One rollup table: replaces every row of one tenant and period from facts and raw events; safe to re-run.
 *
 * <p>The contract with the job framework (a {@code RollupFamily} bean is all it takes to get a job):
 * <ul>
 * <li>The bean becomes the job {@link #jobName()}, fired on {@code convolens.jobs.schedules.<job-name>} (UTC cron),
 * also run by {@code POST /api/jobs/{name}/run}, for every tenant or one, and logged in {@code job_runs}.</li>
 * <li>{@link #recompute} is called once per (tenant, period) that needs it: the periods touched by the dirty ranges
 * recorded since the job's last run, earlier failed periods, the current and the previous period, or the periods of a
 * backfill. The periods are of {@link #granularity()} in the tenant's timezone (hours are UTC hours).</li>
 * <li>It must be idempotent: it replaces the tenant's rows of that period (delete + insert in one transaction), so a
 * re-run, a retry and a backfill all give the same rows. It must throw when it fails: the framework retries the period
 * with exponential backoff, logs it failed after the last attempt and tries it again in the next scheduled run. It is
 * never called for two periods of one job at once on one instance, but a run on request may overlap a scheduled run.</li>
 * <li>{@link #table()} has a column {@code period_start TIMESTAMPTZ} holding {@link Period#from()} of the row's
 * period: {@code retention_cleanup} deletes rows whose {@code period_start} is older than the retention of the
 * family's calendar ({@code convolens.retention.hourly}, {@code .daily}, {@code .weekly}, {@code .monthly} days).</li>
 * </ul>
 */
public interface RollupFamily {

    /** The job that keeps this family current (SPEC §5's names, e.g. {@code daily_conversation_metrics}). */
    String jobName();

    /** The calendar of the family's rows. */
    Granularity granularity();

    /** The table the family writes, for retention; it has a {@code period_start TIMESTAMPTZ} column. */
    String table();

    /** Recomputes the tenant's rows of this period; answers the rows written. Throws when it fails. */
    int recompute(Tenant tenant, Period period);
}
