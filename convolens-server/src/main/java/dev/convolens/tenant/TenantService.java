package dev.convolens.tenant;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.convolens.storage.StorageProperties;
import dev.convolens.system.ApiException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/** Tenant lifecycle, key issuing and the authentication of a bearer key. */
@Service
public class TenantService {
    private static final Pattern TENANT_ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    private final TenantStore store;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final String adminKey;
    private final Cache<String, ApiKey> keysByHash;
    private final Cache<String, Tenant> tenants;

    TenantService(TenantStore store, Clock clock, ApplicationEventPublisher events, SecurityProperties properties,
            StorageProperties storage) {
        this.store = store;
        this.clock = clock;
        this.events = events;
        this.adminKey = properties.adminKey() == null || properties.adminKey().isBlank()
                ? AdminKeyFile.load(storage.dataDir())
                : properties.adminKey();
        this.keysByHash = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(properties.keyCacheTtl()).build();
        this.tenants = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(properties.keyCacheTtl()).build();
    }

    /** The caller a bearer key stands for, or empty when the key is unknown or revoked. */
    public Optional<Caller> authenticate(String bearer) {
        if (ApiKeys.sameSecret(bearer, adminKey)) return Optional.of(Caller.admin());
        return cached(keysByHash, ApiKeys.hash(bearer), store::findKeyByHash)
                .filter(ApiKey::active)
                .map(k -> new Caller(k.tenantId(), k.scopes(), false));
    }

    public Tenant create(String id, String name, String timezone) {
        String tenantId = id == null ? "t-" + ApiKeys.randomToken(10).toLowerCase() : id;
        if (!TENANT_ID.matcher(tenantId).matches()) {
            throw ApiException.badRequest("id", "id must be 1-64 characters of a-z, 0-9, '_' or '-', starting with a letter or digit");
        }
        Instant now = now();
        Tenant tenant = new Tenant(tenantId, validName(name), zone(timezone == null ? "UTC" : timezone),
                TenantSettings.DEFAULTS, now, now);
        if (!store.create(tenant)) {
            throw new ApiException(HttpStatus.CONFLICT, "conflict", "tenant '" + tenantId + "' exists already");
        }
        tenants.invalidate(tenantId);
        return tenant;
    }

    /** The tenant, or a 404. */
    public Tenant get(String id) {
        return find(id).orElseThrow(() -> ApiException.notFound("no tenant '" + id + "'"));
    }

    /** The tenant, read through a short cache: the ingest and query paths ask for it on every request. */
    public Optional<Tenant> find(String id) {
        return cached(tenants, id, store::find);
    }

    public List<Tenant> list() {
        return store.list();
    }

    public Tenant update(String id, String name, String timezone, TenantSettings settings) {
        Tenant current = get(id);
        Tenant updated = new Tenant(id, name == null ? current.name() : validName(name),
                timezone == null ? current.timezone() : zone(timezone),
                settings == null ? current.settings() : settings, current.createdAt(), now());
        store.update(updated);
        tenants.invalidate(id);
        if (!updated.timezone().equals(current.timezone())) {
            events.publishEvent(new TenantTimezoneChanged(id, current.timezone(), updated.timezone()));
        }
        return updated;
    }

    /** Issues a key; the returned secret is never stored and cannot be shown again. */
    public IssuedKey issueKey(String tenantId, Set<Scope> scopes) {
        get(tenantId);
        if (scopes.isEmpty()) throw ApiException.badRequest("scopes", "at least one scope is required");
        String secret = ApiKeys.newKey();
        ApiKey key = new ApiKey("k-" + ApiKeys.randomToken(12).toLowerCase(), tenantId, ApiKeys.prefix(secret),
                EnumSet.copyOf(scopes), now(), null);
        store.createKey(key, ApiKeys.hash(secret));
        return new IssuedKey(key, secret);
    }

    public List<ApiKey> keys(String tenantId) {
        get(tenantId);
        return store.listKeys(tenantId);
    }

    public void revokeKey(String tenantId, String keyId) {
        get(tenantId);
        if (!store.revokeKey(tenantId, keyId, now())) {
            throw ApiException.notFound("tenant '" + tenantId + "' has no key '" + keyId + "'");
        }
        keysByHash.invalidateAll();
    }

    /** Caches only what exists, so that a tenant or key created on another instance is seen at once. */
    private static <T> Optional<T> cached(Cache<String, T> cache, String key, java.util.function.Function<String, Optional<T>> load) {
        T hit = cache.getIfPresent(key);
        if (hit != null) return Optional.of(hit);
        Optional<T> loaded = load.apply(key);
        loaded.ifPresent(v -> cache.put(key, v));
        return loaded;
    }

    static ZoneId zone(String timezone) {
        if (!ZoneId.getAvailableZoneIds().contains(timezone)) {
            throw ApiException.badRequest("timezone", "'" + timezone + "' is not an IANA time zone such as Europe/Berlin");
        }
        return ZoneId.of(timezone);
    }

    private static String validName(String name) {
        if (name == null || name.isBlank()) throw ApiException.badRequest("name", "name is required");
        if (name.length() > 200) throw ApiException.badRequest("name", "name is longer than 200 characters");
        return name.strip();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /** A newly issued key with its secret. */
    public record IssuedKey(ApiKey key, String secret) {}
}
