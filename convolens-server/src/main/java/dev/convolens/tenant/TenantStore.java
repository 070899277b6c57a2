package dev.convolens.tenant;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Tenants and their hashed API keys. */
public interface TenantStore {

    /** Creates the tenant; false when the id is taken. */
    boolean create(Tenant tenant);

    Optional<Tenant> find(String id);

    List<Tenant> list();

    void update(Tenant tenant);

    void createKey(ApiKey key, String keyHash);

    /** The active or revoked key with this hash. */
    Optional<ApiKey> findKeyByHash(String keyHash);

    List<ApiKey> listKeys(String tenantId);

    /** Marks the key revoked; false when the tenant has no such key. */
    boolean revokeKey(String tenantId, String keyId, Instant at);

    static String joinScopes(Set<Scope> scopes) {
        return String.join(",", scopes.stream().map(Scope::wireName).sorted().toList());
    }
}
