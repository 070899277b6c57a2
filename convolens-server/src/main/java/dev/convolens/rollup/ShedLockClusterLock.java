package dev.convolens.rollup;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import net.javacrumbs.shedlock.core.ClockProvider;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import net.javacrumbs.shedlock.support.KeepAliveLockProvider;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.SQLExceptionTranslator;
import org.springframework.jdbc.support.SQLStateSQLExceptionTranslator;

/**
 * The job lock as a ShedLock lease in the {@code shedlock} table: taken by an atomic insert-or-update of the job's
 * row where the previous lease has expired, renewed every half {@code lockAtMostFor} while the job runs (so a
 * crashed instance's lease lapses within {@code lockAtMostFor}), and held at least the given time from its start so
 * that an instance whose trigger fires a little later skips the run another instance just did.
 *
 * <p>Leases are timed by ShedLock's wall clock, not the injected business clock: they coordinate real processes, and
 * ShedLock compares every lease with its own clock.
 */
final class ShedLockClusterLock implements ClusterLock, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ShedLockClusterLock.class);

    private final LockProvider locks;
    private final ScheduledExecutorService keepAlive;
    private final Duration atMostFor;

    /** The lock on the {@code shedlock} table of this database; {@link #close} stops its keep-alive thread. */
    ShedLockClusterLock(DataSource dataSource, Duration atMostFor) {
        JdbcTemplate lockJdbc = new JdbcTemplate(dataSource);
        lockJdbc.setExceptionTranslator(new DuckDbAwareTranslator());
        JdbcTemplateLockProvider provider = new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration
                .builder().withJdbcTemplate(lockJdbc).withTableName("shedlock").forceUtcTimeZone().build());
        this.keepAlive = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "convolens-job-lock");
            t.setDaemon(true);
            return t;
        });
        this.locks = new KeepAliveLockProvider(provider, keepAlive);
        this.atMostFor = atMostFor;
    }

    @Override
    public void close() {
        keepAlive.shutdownNow();
    }

    @Override
    public <T> Optional<T> runExclusively(String job, Duration holdAtLeast, Supplier<T> task) {
        Optional<SimpleLock> lock;
        try {
            lock = locks.lock(new LockConfiguration(ClockProvider.now(), job, atMostFor, holdAtLeast));
        } catch (RuntimeException e) {
            log.warn("could not take the lock of job {}; skipping this run: {}", job, e.toString());
            return Optional.empty();
        }
        if (lock.isEmpty()) {
            log.debug("job {} is locked by another instance (or ran just now); skipping", job);
            return Optional.empty();
        }
        try {
            return Optional.of(task.get());
        } finally {
            lock.get().unlock();
        }
    }

    /**
     * DuckDB's JDBC driver reports no SQL state, so Spring cannot tell a duplicate key (the lock row exists, which
     * ShedLock expects and handles) from a real failure; this reads DuckDB's message instead.
     */
    static final class DuckDbAwareTranslator implements SQLExceptionTranslator {
        private final SQLExceptionTranslator standard = new SQLStateSQLExceptionTranslator();

        @Override
        public DataAccessException translate(String task, String sql, java.sql.SQLException ex) {
            String message = ex.getMessage() == null ? "" : ex.getMessage();
            if (ex.getSQLState() == null) {
                if (message.startsWith("Constraint Error") && message.contains("Duplicate key")) {
                    return new DuplicateKeyException(message, ex);
                }
                if (message.toLowerCase(Locale.ROOT).contains("conflict")) {
                    return new ConcurrencyFailureException(message, ex);
                }
            }
            return standard.translate(task, sql, ex);
        }
    }
}
