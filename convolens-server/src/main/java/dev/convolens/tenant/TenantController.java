package dev.convolens.tenant;

import dev.convolens.system.ApiException;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Tenants and keys (SPEC §11). Creating and listing tenants takes the admin key; a tenant key with the {@code admin}
 * scope manages its own tenant and keys, one with {@code read} may read its own tenant.
 */
@RestController
@RequestMapping("/api/tenants")
class TenantController {

    private final TenantService tenants;

    TenantController(TenantService tenants) {
        this.tenants = tenants;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    TenantView create(Caller caller, @RequestBody JsonNode body) {
        requireServiceAdmin(caller);
        requireObject(body);
        rejectUnknown(body, Set.of("id", "name", "timezone"));
        return TenantView.of(tenants.create(text(body, "id"), text(body, "name"), text(body, "timezone")));
    }

    @GetMapping
    List<TenantView> list(Caller caller) {
        requireServiceAdmin(caller);
        return tenants.list().stream().map(TenantView::of).toList();
    }

    @GetMapping("/{id}")
    TenantView get(Caller caller, @PathVariable String id) {
        caller.requireTenant(id, Scope.READ);
        return TenantView.of(tenants.get(id));
    }

    @PatchMapping("/{id}")
    TenantView update(Caller caller, @PathVariable String id, @RequestBody JsonNode body) {
        caller.requireTenant(id, Scope.ADMIN);
        requireObject(body);
        rejectUnknown(body, Set.of("name", "timezone", "settings"));
        TenantSettings settings = null;
        if (body.has("settings")) settings = mergeSettings(tenants.get(id).settings(), body.get("settings"));
        return TenantView.of(tenants.update(id, text(body, "name"), text(body, "timezone"), settings));
    }

    @PostMapping("/{id}/keys")
    @ResponseStatus(HttpStatus.CREATED)
    Map<String, Object> issueKey(Caller caller, @PathVariable String id, @RequestBody JsonNode body) {
        caller.requireTenant(id, Scope.ADMIN);
        requireObject(body);
        rejectUnknown(body, Set.of("scopes"));
        JsonNode scopes = body.get("scopes");
        if (scopes == null || !scopes.isArray()) {
            throw ApiException.badRequest("scopes", "scopes must be an array of 'ingest', 'read', 'admin'");
        }
        Set<Scope> wanted = EnumSet.noneOf(Scope.class);
        for (JsonNode s : scopes) {
            wanted.add(Scope.fromWireName(s.asString()).orElseThrow(() -> ApiException.badRequest("scopes",
                    "unknown scope '" + s.asString() + "'; valid: ingest, read, admin")));
        }
        TenantService.IssuedKey issued = tenants.issueKey(id, wanted);
        return Map.of("id", issued.key().id(), "key", issued.secret(), "prefix", issued.key().prefix(),
                "scopes", scopeNames(issued.key().scopes()), "createdAt", issued.key().createdAt().toString());
    }

    @GetMapping("/{id}/keys")
    List<KeyView> keys(Caller caller, @PathVariable String id) {
        caller.requireTenant(id, Scope.ADMIN);
        return tenants.keys(id).stream().map(KeyView::of).toList();
    }

    @DeleteMapping("/{id}/keys/{keyId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void revoke(Caller caller, @PathVariable String id, @PathVariable String keyId) {
        caller.requireTenant(id, Scope.ADMIN);
        tenants.revokeKey(id, keyId);
    }

    private static TenantSettings mergeSettings(TenantSettings current, JsonNode node) {
        if (!node.isObject()) throw ApiException.badRequest("settings", "settings must be an object");
        rejectUnknown(node, Set.of("sessionTimeoutMinutes", "livechatExpirySeconds"), "settings.");
        int timeout = current.sessionTimeoutMinutes();
        Integer expiry = current.livechatExpirySeconds();
        if (node.has("sessionTimeoutMinutes")) {
            timeout = intIn(node.get("sessionTimeoutMinutes"), "settings.sessionTimeoutMinutes", 1, 1440);
        }
        if (node.has("livechatExpirySeconds")) {
            JsonNode v = node.get("livechatExpirySeconds");
            expiry = v.isNull() ? null : intIn(v, "settings.livechatExpirySeconds", 10, 86_400);
        }
        return new TenantSettings(timeout, expiry);
    }

    private static int intIn(JsonNode v, String field, int min, int max) {
        if (!v.isIntegralNumber() || v.asLong() < min || v.asLong() > max) {
            throw ApiException.badRequest(field, field + " must be an integer from " + min + " to " + max);
        }
        return v.asInt();
    }

    private static void requireServiceAdmin(Caller caller) {
        if (!caller.serviceAdmin()) throw ApiException.forbidden("only the service admin key manages tenants");
    }

    private static void requireObject(JsonNode body) {
        if (body == null || !body.isObject()) throw ApiException.badRequest("body", "the body must be a JSON object");
    }

    private static void rejectUnknown(JsonNode body, Set<String> allowed) {
        rejectUnknown(body, allowed, "");
    }

    private static void rejectUnknown(JsonNode body, Set<String> allowed, String prefix) {
        for (String name : body.propertyNames()) {
            if (!allowed.contains(name)) {
                throw ApiException.badRequest(prefix + name, "unknown field '" + prefix + name + "'; known: " + allowed);
            }
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isString()) throw ApiException.badRequest(field, field + " must be a string");
        return v.asString();
    }

    private static List<String> scopeNames(Set<Scope> scopes) {
        return scopes.stream().map(Scope::wireName).toList();
    }

    record TenantView(String id, String name, String timezone, TenantSettings settings, Instant createdAt,
            Instant updatedAt) {
        static TenantView of(Tenant t) {
            return new TenantView(t.id(), t.name(), t.timezone().getId(), t.settings(), t.createdAt(), t.updatedAt());
        }
    }

    record KeyView(String id, String prefix, List<String> scopes, Instant createdAt, Instant revokedAt) {
        static KeyView of(ApiKey k) {
            return new KeyView(k.id(), k.prefix(), scopeNames(k.scopes()), k.createdAt(), k.revokedAt());
        }
    }
}
