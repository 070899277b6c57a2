package dev.convolens.live;

import java.time.Instant;

/**
 * What one instance tells every instance: new events of a tenant, spanning [from, to], are committed and their facts
 * computed. Each instance builds its pushes from its own reads, so the message stays small enough for NOTIFY.
 */
record TenantChange(String tenantId, Instant from, Instant to) {

    /** {@code tenant \t fromMillis \t toMillis}: tenant ids have no tabs (they are [a-z0-9_-]). */
    String encode() {
        return tenantId + '\t' + from.toEpochMilli() + '\t' + to.toEpochMilli();
    }

    static TenantChange decode(String payload) {
        String[] parts = payload.split("\t");
        if (parts.length != 3) throw new IllegalArgumentException("not a tenant change: " + payload);
        return new TenantChange(parts[0], Instant.ofEpochMilli(Long.parseLong(parts[1])),
                Instant.ofEpochMilli(Long.parseLong(parts[2])));
    }
}
