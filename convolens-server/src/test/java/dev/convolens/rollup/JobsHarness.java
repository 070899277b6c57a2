package dev.convolens.rollup;

import com.zaxxer.hikari.HikariDataSource;
import dev.convolens.loading.Loading;
import dev.convolens.storage.DuckDbDialect;
import dev.convolens.storage.EventStore;
import dev.convolens.storage.JdbcEventStore;
import dev.convolens.storage.PostgresDialect;
import dev.convolens.storage.RetentionProperties;
import dev.convolens.storage.SqlDialect;
import dev.convolens.support.TestStore;
import dev.convolens.tenant.JdbcTenantStore;
import dev.convolens.tenant.Tenant;
import dev.convolens.tenant.TenantSettings;
import dev.convolens.tenant.TenantStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * One instance of the job framework, wired by hand as {@link JobsConfig} wires it, over a real DuckDB file or
 * PostgreSQL database; retries wait through a recording {@link Pause}, so they take no time. Several harnesses over
 * one database are several instances of a cluster (or one instance before and after a restart).
 */
final class JobsHarness implements AutoCloseable {
    static final RetentionProperties RETENTION = new RetentionProperties(90, 30, 365, 730, 1095);

    final TestStore store;
    final HikariDataSource dataSource;
    final JdbcTemplate jdbc;
    final MutableClock clock;
    final TenantStore tenants;
    final EventStore events;
    final JdbcDirtyRanges dirty;
    final List<Duration> pauses = Collections.synchronizedList(new ArrayList<>());
    final Loading loading = new Loading();
    final JobKit kit;
    final TenantStatsStore stats;
    final JobRegistry registry;
    final ShedLockClusterLock lock;
    final JobRunner runner;

    /** Where the harness's database is. */
    JobsHarness(TestStore store, MutableClock clock, List<RollupFamily> families) {
        this(store, clock, families, properties(Duration.ZERO));
    }

    JobsHarness(TestStore store, MutableClock clock, List<RollupFamily> families, JobsProperties properties) {
        this.store = store;
        this.clock = clock;
        this.dataSource = store.open();
        this.jdbc = new JdbcTemplate(dataSource);
        this.tenants = new JdbcTenantStore(jdbc, JsonMapper.builder().build());
        this.events = new JdbcEventStore(dataSource, store.dialect());
        this.dirty = new JdbcDirtyRanges(jdbc, clock);
        this.kit = new JobKit(clock, tenants, new RunLog(jdbc), new Retrying(properties.retryPolicy(), pauses::add),
                new JobState(jdbc), dirty, RETENTION, properties, loading);
        this.stats = new TenantStatsStore(jdbc);
        this.registry = JobRegistry.of(families, kit, events, stats, jdbc, new StatsProperties(Duration.ofMinutes(15), Duration.ofSeconds(5)));
        this.lock = new ShedLockClusterLock(dataSource, properties.lockAtMostFor());
        this.runner = new JobRunner(registry, lock, kit);
    }

    /**
     * Test settings: schedules off, the default retries (3 attempts, waits of 1 s and 2 s), settle 2 min, and the
     * lock's shortest hold as given (zero lets one instance run a job twice in a row).
     */
    static JobsProperties properties(Duration lockAtLeastFor) {
        return new JobsProperties(false, Map.of(), Duration.ofMinutes(2),
                new JobsProperties.Retry(3, Duration.ofSeconds(1), 2.0, Duration.ofMinutes(1)), Duration.ofMinutes(10),
                lockAtLeastFor, 30);
    }

    Tenant tenant(String id, String zone) {
        Instant now = clock.instant();
        Tenant t = new Tenant(id, "Tenant " + id, ZoneId.of(zone), TenantSettings.DEFAULTS, now, now);
        tenants.create(t);
        return t;
    }

    List<JobRun> runs(String job) {
        return kit.runLog().recent(job, null, 1000);
    }

    long watermark(String job) {
        return kit.state().watermark(job);
    }

    @Override
    public void close() {
        lock.close();
        dataSource.close();
    }
}
