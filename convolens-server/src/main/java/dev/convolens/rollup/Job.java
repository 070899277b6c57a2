package dev.convolens.rollup;

/**
 * One job of the registry: a rollup family's, {@code retention_cleanup} or {@code tenant_stats}. One call of
 * {@link #run} serves the scheduled run, a run on request and a backfill.
 */
interface Job {

    String name();

    /** Unix cron (5 fields, UTC), or {@code "-"} when the job runs only on request. */
    String schedule();

    /** Rejects (with a 400) what this job cannot do with the request, before anything runs. */
    default void check(JobRequest request) {}

    /** Runs the job for the request's tenants and range, logging to {@code job_runs}; never throws for a failed period. */
    JobSummary run(JobRequest request);
}
