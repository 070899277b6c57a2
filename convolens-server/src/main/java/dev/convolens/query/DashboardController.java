package dev.convolens.query;

import dev.convolens.query.Dashboard.DashboardMetrics;
import dev.convolens.tenant.Caller;
import dev.convolens.tenant.TenantService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Seed 001's dashboard numbers (SPEC §7). */
@RestController
class DashboardController {
    private final Dashboard dashboard;
    private final TenantService tenants;

    DashboardController(Dashboard dashboard, TenantService tenants) {
        this.dashboard = dashboard;
        this.tenants = tenants;
    }

    @Operation(summary = "Today's key numbers: today (the tenant's local day so far) and its % change against "
            + "the same part of yesterday (local midnight to the same local time), live counts; cached up to 60 s")
    @GetMapping("/api/analytics/dashboard")
    DashboardMetrics dashboard(Caller caller,
            @Parameter(description = "the tenant (admin key only)") @RequestParam(required = false) String tenantId) {
        return dashboard.metrics(ReadAccess.tenant(caller, tenantId, tenants));
    }
}
