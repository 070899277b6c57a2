package dev.convolens.tenant;

import dev.convolens.system.ApiException;
import java.util.EnumSet;
import java.util.Set;

/** Who is calling: the service admin (admin key) or one tenant's key with its scopes. */
public record Caller(String tenantId, Set<Scope> scopes, boolean serviceAdmin) {

    public static Caller admin() {
        return new Caller(null, EnumSet.allOf(Scope.class), true);
    }

    /** Fails with 403 unless the caller has the scope; the answer names the scope and how to get a key with it. */
    public void require(Scope scope) {
        if (!serviceAdmin && !scopes.contains(scope)) {
            String wanted = scope == Scope.READ ? "[\"read\"]" : "[\"read\",\"" + scope.wireName() + "\"]";
            throw ApiException.forbidden("this key lacks the '" + scope.wireName() + "' scope; a tenant admin (a key "
                    + "with the 'admin' scope, or the service admin key) issues one that has it: POST /api/tenants/"
                    + tenantId + "/keys {\"scopes\":" + wanted + "}");
        }
    }

    /**
     * The tenant a request acts on: a tenant key's own tenant (naming another is a 403); the admin key must name one.
     */
    public String tenantFor(String requested) {
        if (serviceAdmin) {
            if (requested == null || requested.isBlank()) {
                throw ApiException.badRequest("tenantId", "tenantId is required when calling with the admin key");
            }
            return requested;
        }
        if (requested != null && !requested.isBlank() && !requested.equals(tenantId)) {
            throw ApiException.forbidden("this key belongs to another tenant");
        }
        return tenantId;
    }

    /** Fails with 403 unless the caller may act on this tenant with this scope. */
    public void requireTenant(String tenant, Scope scope) {
        require(scope);
        tenantFor(tenant);
    }
}
