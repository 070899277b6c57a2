package dev.convolens.rollup;

import dev.convolens.system.ApiException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/**
 * What one run is asked to do: every tenant or one, and either what a scheduled run does (no range) or a backfill of
 * {@code [from, to)}.
 */
record JobRequest(Trigger trigger, String tenantId, Bound from, Bound to) {

    enum Trigger {
        /** fired by the schedule, under the job's cluster lock */
        SCHEDULED,
        /** {@code POST /api/jobs/{name}/run} without a range: what a scheduled run does, now */
        MANUAL,
        /** {@code POST /api/jobs/{name}/run?from&to} */
        BACKFILL;

        String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    JobRequest {
        if ((from == null) != (to == null)) throw new IllegalArgumentException("a range needs both from and to");
        if (from != null && trigger != Trigger.BACKFILL) throw new IllegalArgumentException("a range is a backfill");
    }

    static JobRequest scheduled() {
        return new JobRequest(Trigger.SCHEDULED, null, null, null);
    }

    static JobRequest now(String tenantId) {
        return new JobRequest(Trigger.MANUAL, tenantId, null, null);
    }

    static JobRequest backfill(String tenantId, Bound from, Bound to) {
        return new JobRequest(Trigger.BACKFILL, tenantId, from, to);
    }

    boolean isBackfill() {
        return from != null;
    }

    /**
     * One end of a backfill range: an instant, or an ISO date that stands for the start of that day in each tenant's
     * timezone (so {@code from=2026-03-08&to=2026-03-09} is exactly one local day everywhere).
     */
    record Bound(Instant instant, LocalDate date) {

        Bound {
            if ((instant == null) == (date == null)) throw new IllegalArgumentException("an instant or a date");
        }

        static Bound of(Instant instant) {
            return new Bound(instant, null);
        }

        static Bound of(LocalDate date) {
            return new Bound(null, date);
        }

        /** The bound's instant for a tenant in this zone. */
        Instant in(ZoneId zone) {
            return instant != null ? instant : date.atStartOfDay(zone).toInstant();
        }

        /** Reads a query parameter; null when absent; a 400 naming the parameter when unreadable. */
        static Bound parse(String parameter, String value) {
            if (value == null || value.isBlank()) return null;
            String v = value.strip();
            try {
                if (v.length() == 10) return of(LocalDate.parse(v));
                return of(OffsetDateTime.parse(v).toInstant());
            } catch (DateTimeParseException e) {
                throw ApiException.badRequest(parameter, parameter + " '" + value + "' is neither an ISO date "
                        + "(2026-03-08, the start of that day in the tenant's timezone) nor an instant with an offset "
                        + "(2026-03-08T05:00:00Z)");
            }
        }

        @Override
        public String toString() {
            return instant != null ? instant.toString() : date.toString();
        }
    }
}
