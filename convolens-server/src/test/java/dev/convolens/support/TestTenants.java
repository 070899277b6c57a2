package dev.convolens.support;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/** Creates tenants and keys through the public API. */
public final class TestTenants {
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private TestTenants() {}

    public static TestTenant create(Http http, String adminKey, String timezone, String... scopes) {
        String id = "t" + ProcessHandle.current().pid() + "-" + SEQUENCE.incrementAndGet();
        Http.Response tenant = http.post("/api/tenants", adminKey,
                "{\"id\":\"" + id + "\",\"name\":\"Tenant " + id + "\",\"timezone\":\"" + timezone + "\"}");
        if (tenant.status() != 201) throw new IllegalStateException("tenant not created: " + tenant.body());
        return new TestTenant(id, key(http, adminKey, id, scopes));
    }

    public static String key(Http http, String adminKey, String tenantId, String... scopes) {
        String list = Arrays.stream(scopes).map(s -> "\"" + s + "\"").collect(Collectors.joining(","));
        Http.Response key = http.post("/api/tenants/" + tenantId + "/keys", adminKey, "{\"scopes\":[" + list + "]}");
        if (key.status() != 201) throw new IllegalStateException("key not issued: " + key.body());
        return key.json().get("key").asString();
    }
}
