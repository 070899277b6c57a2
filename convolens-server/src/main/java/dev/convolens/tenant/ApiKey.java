package dev.convolens.tenant;

import java.time.Instant;
import java.util.Set;

/** A stored key: only its hash and a short prefix (to recognise it in listings) are kept. */
public record ApiKey(String id, String tenantId, String prefix, Set<Scope> scopes, Instant createdAt,
        Instant revokedAt) {

    public boolean active() {
        return revokedAt == null;
    }
}
