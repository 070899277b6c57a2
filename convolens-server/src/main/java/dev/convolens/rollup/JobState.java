package dev.convolens.rollup;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What the jobs remember between runs and across instances: each family job's watermark in {@link DirtyRanges}
 * ({@code job_watermarks}) and the periods whose recompute failed after every retry ({@code job_failed_periods}).
 */
final class JobState {
    private final JdbcTemplate jdbc;

    JobState(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The last dirty-range seq the job has consumed; 0 when it never ran. */
    long watermark(String job) {
        return jdbc.queryForList("SELECT seq FROM job_watermarks WHERE job = ?", Long.class, job).stream()
                .findFirst().orElse(0L);
    }

    /** Moves the watermark forward to {@code seq}; never back, so concurrent runs of one job cannot lose ranges. */
    void advance(String job, long seq, Instant at) {
        jdbc.update("INSERT INTO job_watermarks (job, seq, updated_at) VALUES (?, ?, ?) ON CONFLICT (job) DO UPDATE "
                + "SET seq = GREATEST(job_watermarks.seq, excluded.seq), updated_at = excluded.updated_at",
                job, seq, RunLog.utc(at));
    }

    /**
     * The lowest seq after {@code afterSeq} of a range recorded at or after {@code settledBefore} (not read yet by a
     * scheduled run), or {@link Long#MAX_VALUE}. Instances' clocks and commits do not follow the sequence exactly, so a
     * settled range can have a higher seq than an unsettled one; a watermark must stay below the unsettled one.
     */
    long firstUnsettled(long afterSeq, Instant settledBefore) {
        Long seq = jdbc.queryForObject("SELECT min(seq) FROM dirty_ranges WHERE seq > ? AND created_at >= ?", Long.class,
                afterSeq, RunLog.utc(settledBefore));
        return seq == null ? Long.MAX_VALUE : seq;
    }

    /**
     * Forgets the dirty ranges every consumer has read (a consumer that never ran has read none); with no consumer
     * at all, nothing will ever read them, so all are forgotten. Answers the seq forgotten through (0: none).
     */
    long forgetConsumed(Collection<String> consumers, DirtyRanges dirty) {
        long through;
        if (consumers.isEmpty()) {
            Long max = jdbc.queryForObject("SELECT max(seq) FROM dirty_ranges", Long.class);
            through = max == null ? 0 : max;
        } else {
            Map<String, Long> marks = new HashMap<>();
            jdbc.query("SELECT job, seq FROM job_watermarks", rs -> {
                marks.put(rs.getString(1), rs.getLong(2));
            });
            through = consumers.stream().mapToLong(job -> marks.getOrDefault(job, 0L)).min().orElse(0);
        }
        if (through > 0) dirty.forgetThrough(through);
        return through;
    }

    /** The job's failed periods by tenant, as the start instants of the periods. */
    Map<String, Set<Instant>> failedPeriods(String job) {
        Map<String, Set<Instant>> byTenant = new HashMap<>();
        jdbc.query("SELECT tenant_id, period_from FROM job_failed_periods WHERE job = ?", rs -> {
            byTenant.computeIfAbsent(rs.getString(1), t -> new HashSet<>()).add(RunLog.instant(rs, 2));
        }, job);
        return byTenant;
    }

    void periodFailed(String job, String tenantId, Instant periodFrom, String error, Instant at) {
        jdbc.update("INSERT INTO job_failed_periods (job, tenant_id, period_from, failed_at, error) "
                + "VALUES (?, ?, ?, ?, ?) ON CONFLICT (job, tenant_id, period_from) DO UPDATE "
                + "SET failed_at = excluded.failed_at, error = excluded.error",
                job, tenantId, RunLog.utc(periodFrom), RunLog.utc(at), error);
    }

    void periodSucceeded(String job, String tenantId, Instant periodFrom) {
        jdbc.update("DELETE FROM job_failed_periods WHERE job = ? AND tenant_id = ? AND period_from = ?", job, tenantId,
                RunLog.utc(periodFrom));
    }

    /** Gives up on failed periods that retention would delete anyway. */
    long forgetFailedBefore(String job, Instant cutoff) {
        return jdbc.update("DELETE FROM job_failed_periods WHERE job = ? AND period_from < ?", job, RunLog.utc(cutoff));
    }
}
