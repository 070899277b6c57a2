package dev.convolens.rollup;

import dev.convolens.loading.Loading;
import dev.convolens.storage.EventStore;
import dev.convolens.storage.RetentionProperties;
import dev.convolens.tenant.TenantStore;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** Wires the job framework: the registry over every {@link RollupFamily} bean, the runner, lock and schedule. */
@Configuration(proxyBeanMethods = false)
class JobsConfig {

    @Bean
    JobKit jobKit(Clock clock, TenantStore tenants, JdbcTemplate jdbc, DirtyRanges dirty, RetentionProperties retention,
            JobsProperties properties, Loading loading) {
        return new JobKit(clock, tenants, new RunLog(jdbc), new Retrying(properties.retryPolicy(), Pause.SLEEP),
                new JobState(jdbc), dirty, retention, properties, loading);
    }

    @Bean(destroyMethod = "close")
    ShedLockClusterLock jobLock(DataSource dataSource, JobsProperties properties) {
        return new ShedLockClusterLock(dataSource, properties.lockAtMostFor());
    }

    @Bean
    JobRegistry jobRegistry(ObjectProvider<RollupFamily> families, JobKit kit, EventStore events, TenantStatsStore stats,
            JdbcTemplate jdbc, StatsProperties statsProperties) {
        return JobRegistry.of(families.orderedStream().toList(), kit, events, stats, jdbc, statsProperties);
    }

    @Bean
    JobRunner jobRunner(JobRegistry registry, ShedLockClusterLock lock, JobKit kit) {
        return new JobRunner(registry, lock, kit);
    }

    @Bean
    TenantStatsDaemon tenantStatsDaemon(JobRunner runner, JobsProperties properties, StatsProperties stats) {
        boolean scheduled = !properties.scheduleOf(TenantStatsJob.NAME).equals(JobRegistry.ON_REQUEST);
        return new TenantStatsDaemon(runner, stats.debounce(), properties.enabled() && scheduled);
    }

    @Bean
    JobScheduler jobScheduler(JobRunner runner, Clock clock, JobsProperties properties) {
        return new JobScheduler(runner, clock, properties.enabled());
    }
}
