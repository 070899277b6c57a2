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
 * @param runKey which copy of the period this is: {@code period} for the period's delivery (at most one, whoever
 *        claimed it first), {@code resend:<n>} for the n-th after it
 * @param trigger what asked for it: {@code scheduled} (the schedule's run), {@code manual} ("send now", also the new
 *        try after the period's delivery failed) or {@code resend} (an explicit "send again" of a sent period)
 * @param status pending, sending, retrying, sent or failed
 * @param attempts attempts started so far
 * @param lastError why the last attempt failed (null once sent)
 */
public record Delivery(String id, String scheduleId, String tenantId, String runKey, String trigger, ReportPeriod period,
        String frequency, ReportFormat format, Set<Section> sections, List<String> recipients, String status, int attempts,
        Instant nextAttemptAt, String claimedBy, Instant claimedUntil, String lastError, String filePath,
        String messageId, Instant createdAt, Instant sentAt) {

    /** The run key of a period's delivery: the unique key lets it be claimed once. */
    public static final String PERIOD = "period";
    public static final String SCHEDULED = "scheduled";
    public static final String MANUAL = "manual";
    public static final String RESEND = "resend";
    public static final String PENDING = "pending";
    public static final String SENDING = "sending";
    public static final String RETRYING = "retrying";
    public static final String SENT = "sent";
    public static final String FAILED = "failed";

    /** Still on its way: claimed, being attempted or waiting for its retry. */
    public boolean inFlight() {
        return status.equals(PENDING) || status.equals(SENDING) || status.equals(RETRYING);
    }

    /** The run key of the n-th copy after the period's delivery. */
    public static String resendKey(int n) {
        return "resend:" + n;
    }

    /** Which copy of its period this is: 0 for the period's delivery, n for resend n, -1 for a row of before V13. */
    public int copy() {
        if (runKey.equals(PERIOD)) return 0;
        if (runKey.startsWith("resend:")) {
            try {
                return Integer.parseInt(runKey.substring("resend:".length()));
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        return -1;
    }
}
