package dev.convolens.rollup;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

/**
 * One tenant's stats (seed 000's hbf-stats, SPEC §5): daily buckets for today and the 59 local days before it, and
 * monthly buckets for this month and the 12 before it, in the tenant's timezone; every bucket is present, empty ones
 * with zero counts.
 *
 * @param timezone the calendar the buckets were cut in
 * @param updatedAt when the tenant's stats were last rewritten
 * @param daily oldest first
 * @param monthly oldest first
 */
public record TenantStats(String tenantId, ZoneId timezone, Instant updatedAt, List<Bucket> daily,
        List<Bucket> monthly) {

    /**
     * One local day or month. Each measure counts in the period it completed in (SPEC §4): a conversation in the day
     * it started, a resolution, escalation or first response in the day it happened.
     *
     * @param period the bucket's first local day
     * @param conversationsAiHandled resolved in the period, never escalated, no staff reply
     * @param avgFirstResponseMs mean first response time of the first responses in the period; null when none
     * @param firstResponses first responses in the period
     * @param csatScore share (%) of 4–5 ratings among the period's 1–5 ratings (NPS-scale ratings excluded); null when none
     * @param csatRatings 1–5 ratings in the period
     * @param livechatRequests live-chat requests made in the period
     * @param livechatMissed live-chat requests that became missed in the period
     */
    public record Bucket(LocalDate period, long conversationsStarted, long conversationsResolved,
            long conversationsEscalated, long conversationsAiHandled, long messagesIn, long messagesOut,
            Double avgFirstResponseMs, long firstResponses, Double csatScore, long csatRatings, long livechatRequests,
            long livechatMissed) {}
}
