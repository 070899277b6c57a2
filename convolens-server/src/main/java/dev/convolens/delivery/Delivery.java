package dev.convolens.delivery;

import dev.convolens.report.ReportFormat;
import dev.convolens.report.ReportPeriod;
import dev.convolens.report.Section;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * One report mailed for one schedule and period (a row of {@code report_deliveries}), with what its attempts need:
 * the period, format, sections and recipients as they were when it was claimed.
 *
 * @param runKey {@code scheduled} for the schedule's own run of the period (at most one), {@code manual:<id>} for a
 *        "send now"
 * @param status pending, sending, retrying, sent or failed
 * @param attempts attempts started so far
 * @param lastError why the last attempt failed (null once sent)
 */
public record Delivery(String id, String scheduleId, String tenantId, String runKey, ReportPeriod period, String frequency,
        ReportFormat format, Set<Section> sections, List<String> recipients, String status, int attempts,
        Instant nextAttemptAt, String claimedBy, Instant claimedUntil, String lastError, String filePath,
        String messageId, Instant createdAt, Instant sentAt) {

    public static final String SCHEDULED = "scheduled";
    public static final String PENDING = "pending";
    public static final String SENDING = "sending";
    public static final String RETRYING = "retrying";
    public static final String SENT = "sent";
    public static final String FAILED = "failed";

    public boolean manual() {
        return !runKey.equals(SCHEDULED);
    }
}
