package dev.convolens.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convolens.facts.FactsUpdater;
import dev.convolens.rollup.Granularity;
import dev.convolens.rollup.Period;
import dev.convolens.rollup.RollupFamily;
import dev.convolens.support.Http;
import dev.convolens.support.ServerTest;
import dev.convolens.support.TestTenant;
import dev.convolens.tenant.Tenant;
import dev.convolens.tenant.TenantService;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;

/**
 * The running service on a settable clock (starting at {@link SettableClock#START}), with helpers to send
 * hand-built events, bring facts up to date and compute rollup rows the way the jobs will.
 */
@Import(SettableClock.Config.class)
abstract class AnalyticsServerTest extends ServerTest {
    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    @Autowired
    SettableClock clock;
    @Autowired
    FactsUpdater facts;
    @Autowired
    List<RollupFamily> families;
    @Autowired
    TenantService tenantService;
    @Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;

    @BeforeEach
    void startOfTest() {
        clock.set(SettableClock.START);
    }

    /** Stores the events (all must be accepted) and brings the conversation and live-chat facts up to date. */
    void send(TestTenant tenant, Events... events) {
        send(tenant, List.of(events));
    }

    void send(TestTenant tenant, List<Events> events) {
        Http.Response r = http().post("/api/events", tenant.key(), Events.array(events));
        assertStatus(r, 200);
        assertThat(r.json().get("accepted").asInt()).as(r.body()).isEqualTo(events.size());
        facts.flush();
    }

    /**
     * Recomputes the family's rows for every period of its calendar that overlaps [from, to), and moves the family's
     * job past every change recorded so far, as a job run does: the query layer then trusts the table.
     */
    void rollUp(TestTenant t, String table, String from, String to) {
        RollupFamily family = families.stream().filter(f -> f.table().equals(table)).findFirst().orElseThrow();
        Tenant tenant = tenantService.get(t.id());
        ZoneId zone = family.granularity() == Granularity.HOUR ? ZoneOffset.UTC : tenant.timezone();
        for (Period p : family.granularity().covering(Instant.parse(from), Instant.parse(to).minusNanos(1), zone)) {
            family.recompute(tenant, p);
        }
        jdbc.update("DELETE FROM job_watermarks WHERE job = ?", family.jobName());
        jdbc.update("INSERT INTO job_watermarks (job, seq, updated_at) SELECT ?, COALESCE(MAX(seq), 0), ? FROM dirty_ranges",
                family.jobName(), clock.instant().atOffset(ZoneOffset.UTC));
    }

    JsonNode get(TestTenant t, String path) {
        Http.Response r = http().get(path, t.key());
        assertStatus(r, 200);
        return r.json();
    }

    /** The values of a series' points, numbers as doubles and null as null. */
    static List<Double> values(JsonNode series) {
        List<Double> out = new ArrayList<>();
        for (JsonNode p : series.get("points")) out.add(p.get("value").isNull() ? null : p.get("value").asDouble());
        return out;
    }

    static List<String> periods(JsonNode series) {
        List<String> out = new ArrayList<>();
        for (JsonNode p : series.get("points")) out.add(p.get("period").asString());
        return out;
    }

    static List<Double> field(JsonNode points, String name) {
        List<Double> out = new ArrayList<>();
        for (JsonNode p : points) out.add(p.get(name).isNull() ? null : p.get(name).asDouble());
        return out;
    }
}
