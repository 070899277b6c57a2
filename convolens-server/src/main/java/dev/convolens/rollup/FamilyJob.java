package dev.convolens.rollup;

import dev.convolens.loading.Loading;
import dev.convolens.tenant.Tenant;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job of one {@link RollupFamily}: recomputes a set of the family's periods for every tenant (or one), each
 * period on its own with retries, and logs one {@code job_runs} row per tenant.
 *
 * <p>A scheduled run (and a run on request without a range) recomputes, per tenant: the periods touched by the
 * dirty ranges recorded since the job's watermark (those older than the settle time; clipped to the family's
 * retention and to now), the periods that failed in earlier runs, and the current and previous period. A run over
 * every tenant then moves the watermark to the last range it read. A backfill recomputes exactly the periods that
 * overlap {@code [from, to)} and leaves the watermark alone.
 */
final class FamilyJob implements Job {
    private static final Logger log = LoggerFactory.getLogger(FamilyJob.class);
    private static final int ERRORS_NAMED = 3;

    private final RollupFamily family;
    private final String schedule;
    private final JobKit kit;

    FamilyJob(RollupFamily family, String schedule, JobKit kit) {
        this.family = family;
        this.schedule = schedule;
        this.kit = kit;
    }

    @Override
    public String name() {
        return family.jobName();
    }

    @Override
    public String schedule() {
        return schedule;
    }

    RollupFamily family() {
        return family;
    }

    @Override
    public JobSummary run(JobRequest request) {
        Instant started = kit.now();
        String runId = JobKit.newRunId();
        List<Tenant> tenants = kit.tenantsFor(request);
        Map<String, Set<Instant>> failedBefore = kit.state().failedPeriods(name());
        Dirty dirty = request.isBackfill() ? Dirty.NONE : readDirty(started);
        int periods = 0, failures = 0;
        long rows = 0;
        Map<String, List<Period>> todo = new LinkedHashMap<>();
        for (Tenant tenant : tenants) {
            Set<Instant> failed = failedBefore.getOrDefault(tenant.id(), Set.of());
            todo.put(tenant.id(), request.isBackfill() ? backfill(tenant.timezone(), request)
                    : scheduled(tenant.timezone(), started, dirty.byTenant().getOrDefault(tenant.id(), List.of()), failed));
        }
        // a scheduled run only tops up what is there; a backfill rewrites history, and the dashboard says so meanwhile
        try (Loading.Task progress = request.isBackfill() ? kit.loading().begin(request.tenantId(), Loading.ROLLUPS, "periods",
                todo.values().stream().mapToLong(List::size).sum()) : null) {
            for (Tenant tenant : tenants) {
                JobRun run = recompute(runId, request, tenant, todo.get(tenant.id()),
                        failedBefore.getOrDefault(tenant.id(), Set.of()), progress);
                periods += run.periods();
                failures += run.failedPeriods();
                rows += run.rowsWritten();
            }
        }
        if (!request.isBackfill() && request.tenantId() == null && dirty.lastSeq() > 0) {
            kit.state().advance(name(), dirty.lastSeq(), kit.now());
        }
        return new JobSummary(name(), request.trigger().wireName(), tenants.size(), periods, rows, failures, started,
                kit.millisSince(started), Map.of());
    }

    /**
     * The settled dirty ranges since the watermark, by tenant, and how far the watermark may move: through the last
     * range read, but not past a range that has not settled yet (it is read, with those after it, by a later run).
     */
    private Dirty readDirty(Instant now) {
        long watermark = kit.state().watermark(name());
        Instant settled = now.minus(kit.properties().settle());
        List<DirtyRanges.Range> ranges = kit.dirty().since(watermark, settled);
        if (ranges.isEmpty()) return Dirty.NONE;
        long unsettled = kit.state().firstUnsettled(watermark, settled);
        Map<String, List<DirtyRanges.Range>> byTenant = new HashMap<>();
        long last = 0;
        for (DirtyRanges.Range r : ranges) {
            byTenant.computeIfAbsent(r.tenantId(), t -> new ArrayList<>()).add(r);
            if (r.seq() < unsettled) last = Math.max(last, r.seq());
        }
        return new Dirty(byTenant, last);
    }

    List<Period> scheduled(ZoneId zone, Instant now, List<DirtyRanges.Range> ranges, Set<Instant> failed) {
        Granularity g = family.granularity();
        Instant floor = now.minus(kit.retentionDays(g), ChronoUnit.DAYS);
        TreeSet<Period> periods = new TreeSet<>(Comparator.comparing(Period::from));
        for (DirtyRanges.Range r : ranges) {
            Instant from = r.from().isBefore(floor) ? floor : r.from();
            Instant to = r.to().isAfter(now) ? now : r.to();
            if (!from.isAfter(to)) periods.addAll(g.covering(from, to, zone));
        }
        for (Instant f : failed) {
            if (!f.isBefore(floor)) periods.add(g.periodOf(f, zone));
        }
        Period current = g.periodOf(now, zone);
        periods.add(current.previous());
        periods.add(current);
        return List.copyOf(periods);
    }

    List<Period> backfill(ZoneId zone, JobRequest request) {
        Instant from = request.from().in(zone), to = request.to().in(zone);
        if (!to.isAfter(from)) return List.of();
        return family.granularity().covering(from, to, zone).stream().filter(p -> p.from().isBefore(to)).toList();
    }

    private JobRun recompute(String runId, JobRequest request, Tenant tenant, List<Period> periods, Set<Instant> failedBefore,
            Loading.Task progress) {
        Instant started = kit.now();
        long rows = 0;
        int attempts = 0;
        List<String> errors = new ArrayList<>();
        for (Period period : periods) {
            Retrying.Attempted<Integer> a = kit.retrying().call(name() + " " + tenant.id() + " " + period.label(),
                    () -> family.recompute(tenant, period));
            attempts = Math.max(attempts, a.attempts());
            if (a.ok()) {
                rows += a.value();
                if (failedBefore.contains(period.from())) kit.state().periodSucceeded(name(), tenant.id(), period.from());
            } else {
                String error = period.label() + ": " + a.message() + " (after " + a.attempts() + " attempts)";
                errors.add(error);
                log.error("job {} failed for tenant {} period {} after {} attempts", name(), tenant.id(), period.label(),
                        a.attempts(), a.error());
                try {
                    kit.state().periodFailed(name(), tenant.id(), period.from(), error, kit.now());
                } catch (RuntimeException e) {
                    log.error("could not remember the failed period {} of job {} for a later run", period.label(), name(), e);
                }
            }
            if (progress != null) progress.advance(1);
        }
        String error = errors.isEmpty() ? null : String.join("; ", errors.subList(0, Math.min(ERRORS_NAMED, errors.size())))
                + (errors.size() > ERRORS_NAMED ? "; and " + (errors.size() - ERRORS_NAMED) + " more" : "");
        JobRun run = new JobRun(runId, name(), tenant.id(), request.trigger().wireName(),
                periods.isEmpty() ? null : periods.get(0).from(), periods.isEmpty() ? null : periods.get(periods.size() - 1).to(),
                periods.size(), errors.size(), rows, started, kit.millisSince(started),
                errors.isEmpty() ? JobRun.SUCCESS : JobRun.FAILED, attempts, error);
        kit.runLog().record(run);
        return run;
    }

    private record Dirty(Map<String, List<DirtyRanges.Range>> byTenant, long lastSeq) {
        static final Dirty NONE = new Dirty(Map.of(), 0);
    }
}
