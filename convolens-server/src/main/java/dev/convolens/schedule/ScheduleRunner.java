package dev.convolens.schedule;

import dev.convolens.delivery.Delivery;
import dev.convolens.delivery.DeliveryOrder;
import dev.convolens.delivery.DeliveryService;
import dev.convolens.delivery.DeliveryStore;
import dev.convolens.report.ReportPeriod;
import dev.convolens.report.ReportsProperties;
import dev.convolens.rollup.ClusterLock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The report job: finds the (schedule, period) pairs that are due, claims each once, and delivers every claimed
 * report that is ready (new, due for a retry, or abandoned by a dead instance). Runs every
 * {@code convolens.reports.check-interval} under the cluster lock {@value #LOCK}, so one instance of a cluster does the
 * work; the unique delivery row, not the lock, is what makes a period's report go out once.
 */
@Component
public class ScheduleRunner {
    private static final Logger log = LoggerFactory.getLogger(ScheduleRunner.class);
    static final String LOCK = "report_schedules";
    /** How far back claims are looked up: longer than any period plus its grace. */
    private static final Duration CLAIM_MEMORY = Duration.ofDays(70);

    private final ScheduleStore schedules;
    private final DeliveryService deliveries;
    private final DeliveryStore deliveryStore;
    private final ClusterLock lock;
    private final ReportsProperties properties;
    private final Clock clock;

    ScheduleRunner(ScheduleStore schedules, DeliveryService deliveries, DeliveryStore deliveryStore, ClusterLock lock,
            ReportsProperties properties, Clock clock) {
        this.schedules = schedules;
        this.deliveries = deliveries;
        this.deliveryStore = deliveryStore;
        this.lock = lock;
        this.properties = properties;
        this.clock = clock;
    }

    /** What one run did: periods newly claimed and the deliveries attempted (as they are afterwards). */
    public record Run(boolean ran, List<Delivery> claimed, List<Delivery> attempted) {
        public long sent() {
            return attempted.stream().filter(d -> d.status().equals(Delivery.SENT)).count();
        }
    }

    /**
     * One run now, if this instance gets the lock (the lock is released at the end, not held: a run is safe to repeat
     * at once, which is what tests and a "run now" want).
     */
    public Run runDue() {
        return lock.runExclusively(LOCK, Duration.ZERO, this::run).orElse(new Run(false, List.of(), List.of()));
    }

    private Run run() {
        Instant now = clock.instant();
        Set<String> claimedBefore = deliveryStore.scheduledClaimsSince(now.minus(CLAIM_MEMORY));
        List<Delivery> claimed = new ArrayList<>();
        for (Schedule s : schedules.enabled()) {
            try {
                s.duePeriod(now, properties.grace())
                        .filter(p -> !claimedBefore.contains(s.id() + "|" + p.key()))
                        .flatMap(p -> deliveries.claim(order(s, p, Delivery.SCHEDULED)))
                        .ifPresent(claimed::add);
            } catch (RuntimeException e) {
                log.error("could not claim the due report of schedule {}", s.id(), e);
            }
        }
        List<Delivery> attempted = deliveries.attemptReady();
        if (!claimed.isEmpty() || !attempted.isEmpty()) {
            log.info("report run: {} period(s) claimed, {} delivery attempt(s), {} sent", claimed.size(), attempted.size(),
                    attempted.stream().filter(d -> d.status().equals(Delivery.SENT)).count());
        }
        return new Run(true, claimed, attempted);
    }

    /** "Send now": the last complete period (ended by now, no grace), mailed at once as a delivery of its own. */
    Delivery sendNow(Schedule s) {
        ReportPeriod period = s.frequency().lastComplete(clock.instant(), s.timezone());
        Delivery claimed = deliveries.claim(order(s, period, "manual:" + UUID.randomUUID()))
                .orElseThrow(() -> new IllegalStateException("a fresh manual run key was taken"));
        return deliveries.attempt(claimed.id()).or(() -> deliveryStore.find(claimed.id())).orElse(claimed);
    }

    static DeliveryOrder order(Schedule s, ReportPeriod period, String runKey) {
        return new DeliveryOrder(s.id(), s.tenantId(), runKey, period, s.frequency().wireName(), s.format(), s.sections(),
                s.recipients());
    }
}
