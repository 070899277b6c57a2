package dev.convolens.schedule;

import dev.convolens.delivery.Delivery;
import dev.convolens.delivery.DeliveryOrder;
import dev.convolens.delivery.DeliveryService;
import dev.convolens.delivery.DeliveryStore;
import dev.convolens.report.ReportPeriod;
import dev.convolens.report.ReportsProperties;
import dev.convolens.rollup.ClusterLock;
import dev.convolens.system.ApiException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.Comparator;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
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
    /** Reads-then-claims a "send now" tries before giving up on a period that keeps being claimed under it. */
    private static final int CLAIM_ROUNDS = 5;

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
        Set<String> claimedBefore = deliveryStore.periodsClaimedSince(now.minus(CLAIM_MEMORY));
        List<Delivery> claimed = new ArrayList<>();
        for (Schedule s : schedules.enabled()) {
            try {
                s.duePeriod(now, properties.grace())
                        .filter(p -> !claimedBefore.contains(s.id() + "|" + p.key()))
                        .flatMap(p -> deliveries.claim(order(s, p, Delivery.PERIOD, Delivery.SCHEDULED)))
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

    /** What a "send now" did: the delivery it shows, and whether this press claimed it or found it claimed. */
    record SendNow(Delivery delivery, boolean created) {}

    /**
     * "Send now" of the last complete period (ended by now, no grace). The period has one delivery whoever asks: while
     * it is on its way or once it is sent, a press answers it instead of claiming another. A new copy is claimed when
     * the period's latest one failed, or when it was sent and {@code resend} asks for it once more. Two presses (or
     * instances) racing for the same copy compute the same run key, so the unique key lets one claim it and the other
     * answers that claim.
     */
    SendNow sendNow(Schedule s, boolean resend) {
        ReportPeriod period = s.frequency().lastComplete(clock.instant(), s.timezone());
        for (int round = 0; round < CLAIM_ROUNDS; round++) {
            List<Delivery> copies = deliveryStore.forPeriod(s.id(), period.key());
            Optional<Delivery> latest = copies.stream()
                    .max(Comparator.comparingInt(Delivery::copy).thenComparing(Delivery::createdAt));
            String runKey;
            String trigger = Delivery.MANUAL;
            if (latest.isEmpty()) {
                runKey = Delivery.PERIOD;
            } else if (latest.get().inFlight() || (latest.get().status().equals(Delivery.SENT) && !resend)) {
                return new SendNow(latest.get(), false);
            } else {
                if (latest.get().status().equals(Delivery.SENT)) trigger = Delivery.RESEND;
                int highest = copies.stream().mapToInt(Delivery::copy).max().orElse(-1);
                runKey = highest < 0 ? Delivery.PERIOD : Delivery.resendKey(highest + 1);
            }
            Optional<Delivery> claimed = deliveries.claim(order(s, period, runKey, trigger));
            if (claimed.isPresent()) {
                Delivery d = claimed.get();
                return new SendNow(deliveries.attempt(d.id()).or(() -> deliveryStore.find(d.id())).orElse(d), true);
            }
            // another press or instance claimed this copy between the read and the insert: answer theirs
        }
        throw new ApiException(HttpStatus.CONFLICT, "conflict",
                "the report of " + period.key() + " is being claimed by another request; try again");
    }

    static DeliveryOrder order(Schedule s, ReportPeriod period, String runKey, String trigger) {
        return new DeliveryOrder(s.id(), s.tenantId(), runKey, trigger, period, s.frequency().wireName(), s.format(),
                s.sections(), s.recipients());
    }
}
