package dev.convolens.rollup;

import dev.convolens.system.ApiException;
import dev.convolens.system.Csv;
import dev.convolens.tenant.Caller;
import dev.convolens.tenant.Scope;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Jobs over HTTP (SPEC §5): {@code POST /api/jobs/{name}/run} runs a job now (service admin only) and answers when it
 * is done; {@code GET /api/jobs/runs} is the run log, all of it for the service admin, the own tenant's rows for a
 * tenant key with the {@code admin} scope; {@code GET /api/jobs} lists the jobs and their schedules.
 */
@RestController
class JobController {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private final JobRunner runner;
    private final JobKit kit;

    JobController(JobRunner runner, JobKit kit) {
        this.runner = runner;
        this.kit = kit;
    }

    @GetMapping("/api/jobs")
    List<JobView> jobs(Caller caller) {
        // the installation's schedules concern every tenant: a tenant's admin key sees its own runs, not these
        if (!caller.serviceAdmin()) throw ApiException.forbidden("only the service admin key lists the jobs");
        return runner.registry().all().stream().map(j -> new JobView(j.name(), j.schedule(),
                j instanceof FamilyJob f ? f.family().granularity().name().toLowerCase(java.util.Locale.ROOT) : null,
                j instanceof FamilyJob f ? f.family().table() : null)).toList();
    }

    @PostMapping("/api/jobs/{name}/run")
    JobSummary run(Caller caller, @PathVariable String name, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to, @RequestParam(required = false) String tenantId) {
        if (!caller.serviceAdmin()) throw ApiException.forbidden("only the service admin key runs jobs");
        Job job = job(name);
        JobRequest.Bound fromBound = JobRequest.Bound.parse("from", from);
        JobRequest.Bound toBound = JobRequest.Bound.parse("to", to);
        if (fromBound != null && toBound == null) throw ApiException.badRequest("to", "a backfill needs to as well as from");
        if (toBound != null && fromBound == null) throw ApiException.badRequest("from", "a backfill needs from as well as to");
        if (fromBound != null && !after(toBound, fromBound)) {
            throw ApiException.badRequest("to", "to (" + to + ") must be after from (" + from + "); the range is [from, to)");
        }
        String tenant = tenantId == null || tenantId.isBlank() ? null : tenantId;
        JobRequest request = fromBound == null ? JobRequest.now(tenant) : JobRequest.backfill(tenant, fromBound, toBound);
        return runner.runNow(job.name(), request);
    }

    @GetMapping("/api/jobs/runs")
    ResponseEntity<?> runs(Caller caller, @RequestParam(required = false) String job,
            @RequestParam(required = false) String tenantId, @RequestParam(defaultValue = "" + DEFAULT_LIMIT) int limit,
            @RequestParam(required = false) String format) {
        caller.require(Scope.ADMIN);
        String tenant;
        if (caller.serviceAdmin()) {
            tenant = tenantId == null || tenantId.isBlank() ? null : tenantId;
        } else {
            if (tenantId != null && !tenantId.isBlank() && !tenantId.equals(caller.tenantId())) {
                throw ApiException.forbidden("this key belongs to another tenant");
            }
            tenant = caller.tenantId();
        }
        if (job != null && !job.isBlank()) {
            if (runner.registry().find(job).isEmpty()) {
                throw ApiException.badRequest("job", "no job '" + job + "'; valid: " + String.join(", ", runner.registry().names()));
            }
        } else {
            job = null;
        }
        if (limit < 1 || limit > MAX_LIMIT) throw ApiException.badRequest("limit", "limit must be from 1 to " + MAX_LIMIT);
        boolean csv = isCsv(format);
        List<JobRun> runs = kit.runLog().recent(job, tenant, limit);
        if (csv) return Csv.response("job-runs.csv", csv(runs));
        return ResponseEntity.ok(runs);
    }

    private Job job(String name) {
        return runner.registry().find(name).orElseThrow(() -> ApiException.notFound("no job '" + name + "'; valid: "
                + String.join(", ", runner.registry().names())));
    }

    /** Whether {@code to} is after {@code from}; a date against an instant depends on the tenant, so it passes here. */
    private static boolean after(JobRequest.Bound to, JobRequest.Bound from) {
        if (to.date() != null && from.date() != null) return to.date().isAfter(from.date());
        if (to.instant() != null && from.instant() != null) return to.instant().isAfter(from.instant());
        return true;
    }

    private static boolean isCsv(String format) {
        if (format == null || format.equals("json")) return false;
        if (format.equals("csv")) return true;
        throw ApiException.badRequest("format", "format must be 'json' or 'csv'");
    }

    private static List<List<Object>> csv(List<JobRun> runs) {
        List<List<Object>> rows = new ArrayList<>();
        rows.add(List.of("runId", "job", "tenantId", "trigger", "from", "to", "periods", "failedPeriods", "rowsWritten",
                "startedAt", "durationMs", "outcome", "attempts", "error"));
        for (JobRun r : runs) {
            rows.add(Arrays.asList(r.runId(), r.job(), r.tenantId(), r.trigger(), r.from(), r.to(), r.periods(),
                    r.failedPeriods(), r.rowsWritten(), r.startedAt(), r.durationMs(), r.outcome(), r.attempts(),
                    r.error()));
        }
        return rows;
    }

    /** A job as {@code GET /api/jobs} lists it; granularity and table only for rollup families. */
    record JobView(String name, String schedule, String granularity, String table) {}
}
