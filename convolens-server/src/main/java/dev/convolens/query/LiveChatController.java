package dev.convolens.query;

import dev.convolens.system.ApiNumbers;
import dev.convolens.system.ApiException;
import dev.convolens.system.Csv;
import dev.convolens.tenant.Caller;
import dev.convolens.tenant.Tenant;
import dev.convolens.tenant.TenantService;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Live-chat performance over a range, overall and per agent or group, exact over the range's facts. Each measure
 * counts where it completed (SPEC §4): requests by request time, accepted and waits by accept time, missed by miss
 * time, durations by end time, agent first responses by their time.
 */
@RestController
class LiveChatController {

    private static final String MEASURES = """
            count(*) FILTER (WHERE requested_at >= r.f AND requested_at < r.t) AS requests,
            count(*) FILTER (WHERE accepted_at >= r.f AND accepted_at < r.t) AS accepted,
            count(*) FILTER (WHERE missed_at >= r.f AND missed_at < r.t) AS missed,
            avg(wait_ms) FILTER (WHERE accepted_at >= r.f AND accepted_at < r.t) AS wait_avg,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY wait_ms) FILTER (WHERE accepted_at >= r.f AND accepted_at < r.t) AS wait_p50,
            percentile_cont(0.95) WITHIN GROUP (ORDER BY wait_ms) FILTER (WHERE accepted_at >= r.f AND accepted_at < r.t) AS wait_p95,
            avg(duration_ms) FILTER (WHERE ended_at >= r.f AND ended_at < r.t) AS duration_avg,
            avg(agent_first_response_ms) FILTER (WHERE agent_first_response_at >= r.f AND agent_first_response_at < r.t) AS afr_avg
            """;

    private final JdbcTemplate jdbc;
    private final TenantService tenants;
    private final Clock clock;

    LiveChatController(JdbcTemplate jdbc, TenantService tenants, Clock clock) {
        this.jdbc = jdbc;
        this.tenants = tenants;
        this.clock = clock;
    }

    @GetMapping("/api/analytics/livechat")
    ResponseEntity<?> livechat(Caller caller, @RequestParam(required = false) String tenantId,
            @RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(required = false) String groupBy, @RequestParam(required = false) String format) {
        Tenant tenant = ReadAccess.tenant(caller, tenantId, tenants);
        QueryRange range = QueryRange.parse(from, to, tenant.timezone(), clock.instant(), Duration.ofDays(7));
        String key = groupBy == null ? null : switch (groupBy) {
            case "agent" -> "COALESCE(staff_id, 'unassigned')";
            case "group" -> "COALESCE(group_id, 'none')";
            default -> throw ApiException.badRequest("groupBy", "groupBy must be 'agent' or 'group'");
        };
        String base = "WITH r AS (SELECT CAST(? AS TIMESTAMPTZ) AS f, CAST(? AS TIMESTAMPTZ) AS t) SELECT %s "
                + MEASURES + " FROM livechats, r WHERE tenant_id = ? AND ((requested_at >= r.f AND requested_at < r.t) "
                + "OR (accepted_at >= r.f AND accepted_at < r.t) OR (missed_at >= r.f AND missed_at < r.t) "
                + "OR (ended_at >= r.f AND ended_at < r.t) OR (agent_first_response_at >= r.f AND agent_first_response_at < r.t))";
        Object[] args = {range.from().atOffset(ZoneOffset.UTC), range.to().atOffset(ZoneOffset.UTC), tenant.id()};
        Map<String, Object> totals = jdbc.queryForObject(base.formatted("'all' AS k,"), (rs, i) -> row(rs), args);
        List<Map<String, Object>> rows = key == null ? List.of()
                : jdbc.query(base.formatted(key + " AS k,") + " GROUP BY 1 ORDER BY 2 DESC, 1", (rs, i) -> row(rs), args);
        if (Params.isCsv(format)) {
            List<List<Object>> csv = new ArrayList<>();
            csv.add(new ArrayList<>(totals.keySet()));
            csv.add(new ArrayList<>(totals.values()));
            for (Map<String, Object> row : rows) csv.add(new ArrayList<>(row.values()));
            return Csv.response("livechat.csv", csv);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("from", range.from().toString());
        out.put("to", range.to().toString());
        out.put("timezone", tenant.timezone().getId());
        out.put("groupBy", groupBy);
        out.put("totals", totals);
        out.put("rows", rows);
        return ResponseEntity.ok(out);
    }

    private static Map<String, Object> row(ResultSet rs) throws SQLException {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("key", rs.getString(1));
        long requests = rs.getLong(2);
        long missed = rs.getLong(4);
        row.put("requests", requests);
        row.put("accepted", rs.getLong(3));
        row.put("missed", missed);
        row.put("missedRate", requests == 0 ? null : ApiNumbers.fraction((double) missed / requests));
        row.put("waitAvgMs", rounded(rs.getObject(5)));
        row.put("waitP50Ms", rounded(rs.getObject(6)));
        row.put("waitP95Ms", rounded(rs.getObject(7)));
        row.put("durationAvgMs", rounded(rs.getObject(8)));
        row.put("agentFirstResponseAvgMs", rounded(rs.getObject(9)));
        return row;
    }

    private static Long rounded(Object value) {
        return value == null ? null : Math.round(((Number) value).doubleValue());
    }
}
