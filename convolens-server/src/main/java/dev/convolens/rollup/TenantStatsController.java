package dev.convolens.rollup;

import dev.convolens.tenant.Caller;
import dev.convolens.tenant.Scope;
import dev.convolens.tenant.TenantService;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/tenants/{id}/stats} (SPEC §7): the stats the tenant_stats daemon keeps; a tenant the daemon has not
 * reached yet gets them computed on the spot.
 */
@RestController
class TenantStatsController {
    private final TenantStatsStore store;
    private final JobRunner jobs;
    private final TenantService tenants;

    TenantStatsController(TenantStatsStore store, JobRunner jobs, TenantService tenants) {
        this.store = store;
        this.jobs = jobs;
        this.tenants = tenants;
    }

    @GetMapping("/api/tenants/{id}/stats")
    TenantStats stats(Caller caller, @PathVariable String id) {
        caller.requireTenant(id, Scope.READ);
        tenants.get(id);
        return store.find(id).orElseGet(() -> {
            jobs.runNow(TenantStatsJob.NAME, JobRequest.now(id));
            return store.find(id).orElseThrow(() -> new IllegalStateException("tenant_stats wrote nothing for " + id));
        });
    }
}
