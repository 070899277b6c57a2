package dev.convolens.tenant;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

/** Tenants and keys in plain SQL both stores accept. */
public final class JdbcTenantStore implements TenantStore {

    private static final String TENANT_COLUMNS = "id, name, timezone, settings, created_at, updated_at";
    private static final String KEY_COLUMNS = "id, tenant_id, prefix, scopes, created_at, revoked_at";

    private final JdbcTemplate jdbc;
    private final JsonMapper json;

    public JdbcTenantStore(JdbcTemplate jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @Override
    public boolean create(Tenant t) {
        try {
            jdbc.update("INSERT INTO tenants (" + TENANT_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)", t.id(), t.name(),
                    t.timezone().getId(), json.writeValueAsString(t.settings()), utc(t.createdAt()),
                    utc(t.updatedAt()));
            return true;
        } catch (DuplicateKeyException e) {
            return false;
        } catch (org.springframework.dao.DataAccessException e) {
            // DuckDB reports a primary-key violation as a generic constraint error
            if (find(t.id()).isPresent()) return false;
            throw e;
        }
    }

    @Override
    public Optional<Tenant> find(String id) {
        return jdbc.query("SELECT " + TENANT_COLUMNS + " FROM tenants WHERE id = ?", this::tenant, id).stream()
                .findFirst();
    }

    @Override
    public List<Tenant> list() {
        return jdbc.query("SELECT " + TENANT_COLUMNS + " FROM tenants ORDER BY id", this::tenant);
    }

    @Override
    public void update(Tenant t) {
        jdbc.update("UPDATE tenants SET name = ?, timezone = ?, settings = ?, updated_at = ? WHERE id = ?", t.name(),
                t.timezone().getId(), json.writeValueAsString(t.settings()), utc(t.updatedAt()), t.id());
    }

    @Override
    public void createKey(ApiKey k, String keyHash) {
        jdbc.update("INSERT INTO api_keys (id, tenant_id, key_hash, prefix, scopes, created_at, revoked_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?)", k.id(), k.tenantId(), keyHash, k.prefix(),
                TenantStore.joinScopes(k.scopes()), utc(k.createdAt()), k.revokedAt() == null ? null : utc(k.revokedAt()));
    }

    @Override
    public Optional<ApiKey> findKeyByHash(String keyHash) {
        return jdbc.query("SELECT " + KEY_COLUMNS + " FROM api_keys WHERE key_hash = ?", JdbcTenantStore::key, keyHash)
                .stream().findFirst();
    }

    @Override
    public List<ApiKey> listKeys(String tenantId) {
        return jdbc.query("SELECT " + KEY_COLUMNS + " FROM api_keys WHERE tenant_id = ? ORDER BY created_at, id",
                JdbcTenantStore::key, tenantId);
    }

    @Override
    public boolean revokeKey(String tenantId, String keyId, Instant at) {
        int changed = jdbc.update("UPDATE api_keys SET revoked_at = ? WHERE tenant_id = ? AND id = ? AND revoked_at IS NULL",
                utc(at), tenantId, keyId);
        if (changed > 0) return true;
        return !jdbc.queryForList("SELECT id FROM api_keys WHERE tenant_id = ? AND id = ?", String.class, tenantId, keyId)
                .isEmpty();
    }

    private Tenant tenant(ResultSet rs, int row) throws SQLException {
        return new Tenant(rs.getString(1), rs.getString(2), ZoneId.of(rs.getString(3)),
                json.readValue(rs.getString(4), TenantSettings.class), instant(rs, 5), instant(rs, 6));
    }

    private static ApiKey key(ResultSet rs, int row) throws SQLException {
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        Arrays.stream(rs.getString(4).split(",")).map(Scope::fromWireName).flatMap(Optional::stream).forEach(scopes::add);
        return new ApiKey(rs.getString(1), rs.getString(2), rs.getString(3), scopes, instant(rs, 5), instant(rs, 6));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
