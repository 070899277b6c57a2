package dev.convolens.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convolens.support.Http;
import dev.convolens.support.TestTenant;
import dev.convolens.support.TestTenants;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** The job routes over real HTTP, on the whole service with a recording rollup family and the schedules off. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(JobApiTest.Families.class)
class JobApiTest {
    static final String ADMIN = "jobs-admin-key";
    static final String JOB = "daily_recording_family";

    @TestConfiguration(proxyBeanMethods = false)
    static class Families {
        @Bean
        RecordingFamily recordingFamily() {
            return new RecordingFamily(JOB, Granularity.DAY);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        Path dir;
        try {
            dir = Files.createTempDirectory("convolens-jobs-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        registry.add("convolens.data-dir", dir::toString);
        registry.add("convolens.admin-key", () -> ADMIN);
        registry.add("convolens.jobs.enabled", () -> "false");
        registry.add("convolens.jobs.schedules.retention-cleanup", () -> "15 3 * * *");
        // a family of the test's own beside the real ones, so that its recomputes can be counted
        registry.add("convolens.jobs.schedules.daily-recording-family", () -> "0 1 * * *");
    }

    @LocalServerPort
    int port;

    @Autowired
    RecordingFamily family;

    Http http() {
        return new Http(port);
    }

    TestTenant tenant(String zone, String... scopes) {
        return TestTenants.create(http(), ADMIN, zone, scopes);
    }

    static void assertStatus(Http.Response r, int status) {
        assertThat(r.status()).as("status of %s", r.body()).isEqualTo(status);
    }

    @Test
    void aBackfillRunsNowAndAnswersWhatItDid() {
        TestTenant ny = tenant("America/New_York", "admin");

        Http.Response r = http().post("/api/jobs/" + JOB + "/run?from=2026-03-07&to=2026-03-09&tenantId=" + ny.id(), ADMIN, "");

        assertStatus(r, 200);
        JsonNode summary = r.json();
        assertThat(summary.get("job").asString()).isEqualTo(JOB);
        assertThat(summary.get("trigger").asString()).isEqualTo("backfill");
        assertThat(summary.get("tenants").asInt()).isEqualTo(1);
        assertThat(summary.get("periods").asInt()).isEqualTo(2);
        assertThat(summary.get("rows").asLong()).isEqualTo(20);
        assertThat(summary.get("failures").asInt()).isZero();
        assertThat(family.dates(ny.id())).containsExactly(LocalDate.parse("2026-03-07"), LocalDate.parse("2026-03-08"));
    }

    @Test
    void withoutARangeARunDoesWhatAScheduledRunDoes() {
        TestTenant t = tenant("Asia/Kolkata", "admin");

        Http.Response r = http().post("/api/jobs/" + JOB + "/run?tenantId=" + t.id(), ADMIN, "");

        assertStatus(r, 200);
        assertThat(r.json().get("trigger").asString()).isEqualTo("manual");
        assertThat(r.json().get("periods").asInt()).isEqualTo(2);
        assertThat(family.dates(t.id())).hasSize(2);
    }

    @Test
    void onlyTheServiceAdminRunsJobs() {
        TestTenant t = tenant("UTC", "admin", "read", "ingest");

        assertStatus(http().post("/api/jobs/" + JOB + "/run?tenantId=" + t.id(), t.key(), ""), 403);
        assertStatus(http().post("/api/jobs/" + JOB + "/run", null, ""), 401);
        assertThat(family.dates(t.id())).isEmpty();
    }

    @Test
    void anUnknownJobOrTenantIs404() {
        Http.Response r = http().post("/api/jobs/hourly_nonsense/run", ADMIN, "");

        assertStatus(r, 404);
        assertThat(r.json().get("detail").asString()).contains("hourly_nonsense", JOB, "retention_cleanup", "tenant_stats");
        assertStatus(http().post("/api/jobs/" + JOB + "/run?tenantId=nobody-here", ADMIN, ""), 404);
    }

    @Test
    void aBadRangeIs400NamingTheParameter() {
        String run = "/api/jobs/" + JOB + "/run";
        assertThat(error(http().post(run + "?from=yesterday&to=2026-03-09", ADMIN, ""))).isEqualTo("invalid from");
        assertThat(error(http().post(run + "?from=2026-03-07&to=2026-13-01", ADMIN, ""))).isEqualTo("invalid to");
        assertThat(error(http().post(run + "?from=2026-03-07", ADMIN, ""))).isEqualTo("invalid to");
        assertThat(error(http().post(run + "?to=2026-03-07", ADMIN, ""))).isEqualTo("invalid from");
        assertThat(error(http().post(run + "?from=2026-03-09&to=2026-03-09", ADMIN, ""))).isEqualTo("invalid to");
        assertThat(error(http().post(run + "?from=2026-03-09T10:00:00Z&to=2026-03-09T09:00:00Z", ADMIN, "")))
                .isEqualTo("invalid to");
        assertThat(error(http().post("/api/jobs/tenant_stats/run?from=2026-03-07&to=2026-03-09", ADMIN, "")))
                .isEqualTo("invalid from");
        assertThat(error(http().post("/api/jobs/retention_cleanup/run?tenantId=x", ADMIN, ""))).isEqualTo("invalid tenantId");
    }

    String error(Http.Response r) {
        assertStatus(r, 400);
        return r.json().get("error").asString();
    }

    @Test
    void aTenantAdminSeesOnlyItsOwnTenantsRunsNewestFirst() {
        TestTenant a = tenant("Europe/Berlin", "admin");
        TestTenant b = tenant("Europe/Berlin", "admin");
        String aRead = TestTenants.key(http(), ADMIN, a.id(), "read");
        http().post("/api/jobs/" + JOB + "/run?from=2026-03-01&to=2026-03-02&tenantId=" + a.id(), ADMIN, "");
        http().post("/api/jobs/" + JOB + "/run?tenantId=" + a.id(), ADMIN, "");
        http().post("/api/jobs/" + JOB + "/run?tenantId=" + b.id(), ADMIN, "");
        http().post("/api/jobs/tenant_stats/run?tenantId=" + b.id(), ADMIN, "");

        Http.Response own = http().get("/api/jobs/runs", a.key());
        assertStatus(own, 200);
        assertThat(own.json().findValuesAsString("tenantId")).containsOnly(a.id()).hasSize(2);
        assertThat(own.json().get(0).get("trigger").asString()).isEqualTo("manual");
        assertThat(own.json().get(1).get("trigger").asString()).isEqualTo("backfill");
        JsonNode backfill = own.json().get(1);
        assertThat(backfill.get("job").asString()).isEqualTo(JOB);
        assertThat(backfill.get("from").asString()).isEqualTo("2026-02-28T23:00:00Z");
        assertThat(backfill.get("to").asString()).isEqualTo("2026-03-01T23:00:00Z");
        assertThat(backfill.get("rowsWritten").asLong()).isEqualTo(10);
        assertThat(backfill.get("outcome").asString()).isEqualTo("success");
        assertThat(backfill.get("attempts").asInt()).isEqualTo(1);
        assertThat(backfill.has("durationMs")).isTrue();
        assertThat(backfill.has("startedAt")).isTrue();
        assertThat(backfill.has("error")).isTrue();

        assertThat(http().get("/api/jobs/runs?job=tenant_stats", b.key()).json().findValuesAsString("tenantId"))
                .containsExactly(b.id());
        assertThat(http().get("/api/jobs/runs?job=tenant_stats", a.key()).json()).isEmpty();
        assertStatus(http().get("/api/jobs/runs?tenantId=" + b.id(), a.key()), 403);
        assertStatus(http().get("/api/jobs/runs", aRead), 403);
        assertThat(http().get("/api/jobs/runs?tenantId=" + b.id(), ADMIN).json().findValuesAsString("tenantId"))
                .containsOnly(b.id()).hasSize(2);
        assertThat(http().get("/api/jobs/runs?limit=500", ADMIN).json().findValuesAsString("tenantId"))
                .contains(a.id(), b.id());
    }

    @Test
    void theRunLogAnswersCsvAndChecksItsParameters() {
        TestTenant a = tenant("UTC", "admin");
        http().post("/api/jobs/" + JOB + "/run?tenantId=" + a.id(), ADMIN, "");

        Http.Response csv = http().get("/api/jobs/runs?format=csv&job=" + JOB, a.key());

        assertStatus(csv, 200);
        assertThat(csv.contentType()).startsWith("text/csv");
        String[] lines = csv.body().split("\r\n");
        assertThat(lines[0]).isEqualTo("runId,job,tenantId,trigger,from,to,periods,failedPeriods,rowsWritten,startedAt,"
                + "durationMs,outcome,attempts,error");
        assertThat(lines).hasSize(2);
        assertThat(lines[1]).contains(JOB, a.id(), "manual", "success");
        assertThat(error(http().get("/api/jobs/runs?job=nope", a.key()))).isEqualTo("invalid job");
        assertThat(error(http().get("/api/jobs/runs?limit=0", a.key()))).isEqualTo("invalid limit");
        assertThat(error(http().get("/api/jobs/runs?format=xml", a.key()))).isEqualTo("invalid format");
    }

    @Test
    void theJobListNamesEveryJobWithItsConfiguredSchedule() {
        Http.Response r = http().get("/api/jobs", ADMIN);

        assertStatus(r, 200);
        List<String> names = r.json().findValuesAsString("name");
        assertThat(names).contains(JOB, "hourly_message_counts", "monthly_summary", "tenant_stats", "retention_cleanup")
                .endsWith("tenant_stats", "retention_cleanup");
        JsonNode recording = job(r.json(), JOB);
        assertThat(recording.get("schedule").asString()).isEqualTo("0 1 * * *");
        assertThat(recording.get("granularity").asString()).isEqualTo("day");
        assertThat(job(r.json(), "hourly_message_counts").get("schedule").asString()).isEqualTo("0 * * * *");
        assertThat(job(r.json(), "tenant_stats").get("schedule").asString()).isEqualTo("* * * * *");
        assertThat(job(r.json(), "retention_cleanup").get("schedule").asString()).as("configured").isEqualTo("15 3 * * *");
    }

    @Test
    void aTenantsAdminKeyCannotListTheInstallationsJobs() {
        TestTenant admin = TestTenants.create(http(), ADMIN, "UTC", "read", "admin");
        Http.Response r = http().get("/api/jobs", admin.key());
        assertStatus(r, 403);
        assertThat(r.json().get("detail").asString()).contains("service admin");
    }

    private static JsonNode job(JsonNode jobs, String name) {
        for (JsonNode j : jobs) if (j.get("name").asString().equals(name)) return j;
        throw new AssertionError("no job " + name);
    }
}
