package dev.convolens.rollup;

import dev.convolens.storage.EventStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.support.CronExpression;

/**
 * Every job by name: one per {@link RollupFamily} bean (named {@link RollupFamily#jobName()}), plus
 * {@code retention_cleanup} and {@code tenant_stats}. Each has its cron from {@code convolens.jobs.schedules}.
 */
final class JobRegistry {
    /** The spelling of a cron that means "only on request". */
    static final String ON_REQUEST = "-";

    private final Map<String, Job> jobs;
    private final List<String> consumers;

    private JobRegistry(Map<String, Job> jobs, List<String> consumers) {
        this.jobs = jobs;
        this.consumers = consumers;
    }

    static JobRegistry of(List<RollupFamily> families, JobKit kit, EventStore events, TenantStatsStore stats,
            JdbcTemplate jdbc, StatsProperties statsProperties) {
        Map<String, Job> jobs = new LinkedHashMap<>();
        List<String> consumers = new ArrayList<>();
        JobsProperties p = kit.properties();
        for (RollupFamily family : families) {
            FamilyJob job = new FamilyJob(family, checkedCron(family.jobName(), p), kit);
            add(jobs, job);
            if (!job.schedule().equals(ON_REQUEST)) consumers.add(job.name());
        }
        TenantStatsJob statsJob = new TenantStatsJob(checkedCron(TenantStatsJob.NAME, p), kit, stats, jdbc, statsProperties);
        if (!statsJob.schedule().equals(ON_REQUEST)) consumers.add(statsJob.name());
        List<String> consumerView = List.copyOf(consumers);
        add(jobs, statsJob);
        add(jobs, new RetentionCleanupJob(checkedCron(RetentionCleanupJob.NAME, p), kit, events, jdbc, families,
                () -> consumerView));
        return new JobRegistry(jobs, consumerView);
    }

    private static void add(Map<String, Job> jobs, Job job) {
        if (jobs.putIfAbsent(job.name(), job) != null) {
            throw new IllegalStateException("two jobs are named '" + job.name() + "'");
        }
    }

    private static String checkedCron(String job, JobsProperties properties) {
        String cron = properties.scheduleOf(job);
        if (cron.equals(ON_REQUEST)) return cron;
        try {
            springCron(cron);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("convolens.jobs.schedules." + job.replace('_', '-') + " = '" + cron
                    + "' is not a cron (minute hour day-of-month month day-of-week): " + e.getMessage(), e);
        }
        return cron;
    }

    /** Spring's cron has a leading seconds field; the configured (Unix) one starts at minutes. */
    static String springCronText(String cron) {
        String[] fields = cron.trim().split("\\s+");
        if (fields.length != 5) throw new IllegalArgumentException("expected 5 fields, found " + fields.length);
        return "0 " + String.join(" ", fields);
    }

    static CronExpression springCron(String cron) {
        return CronExpression.parse(springCronText(cron));
    }

    Optional<Job> find(String name) {
        return Optional.ofNullable(jobs.get(name));
    }

    Collection<Job> all() {
        return jobs.values();
    }

    List<String> names() {
        return List.copyOf(jobs.keySet());
    }

    /** The jobs that consume dirty ranges: the family jobs and {@code tenant_stats}, those with a schedule. */
    List<String> consumers() {
        return consumers;
    }
}
