package dev.convolens.query;

import dev.convolens.tenant.Caller;
import dev.convolens.tenant.Scope;
import dev.convolens.tenant.Tenant;
import dev.convolens.tenant.TenantService;

/** Every analytics read: a read-scope key acts on its own tenant; the admin key names one with {@code tenantId}. */
final class ReadAccess {
    private ReadAccess() {}

    static Tenant tenant(Caller caller, String tenantId, TenantService tenants) {
        caller.require(Scope.READ);
        return tenants.get(caller.tenantFor(tenantId));
    }
}
