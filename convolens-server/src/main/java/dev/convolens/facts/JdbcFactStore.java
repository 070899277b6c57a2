package dev.convolens.facts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.stereotype.Component;

/**
 * The definitions of SPEC §4 in SQL both stores run. A recompute replaces the rows of the touched conversations in
 * one transaction; it reads each conversation's events from the earlier of its stored first event and the earliest
 * new event, so a late event that is earlier than everything stored still counts.
 */
@Component
class JdbcFactStore implements FactStore {

    private static final String MILLIS = "CAST(ROUND((EXTRACT(EPOCH FROM %1$s) - EXTRACT(EPOCH FROM %2$s)) * 1000) AS BIGINT)";

    private static final String CONVERSATIONS = """
            INSERT INTO conversations (tenant_id, conversation_id, bot_id, channel, user_id, first_event_at, started_at,
                last_activity_at, first_inbound_at, first_response_at, first_response_ms, escalated_at,
                agent_first_response_at, agent_first_response_ms, agent_id, resolved_at, resolution_ms, closed_at,
                session_completed_at, messages_in, messages_out, staff_replies, staff_ids, last_csat, ai_handled, updated_at)
            WITH ev AS (
                SELECT e.* FROM events e JOIN touched t ON e.conversation_id = t.conversation_id
                WHERE e.tenant_id = ? AND e.ts >= ?
            ), base AS (
                SELECT conversation_id,
                    (array_agg(bot_id ORDER BY ts) FILTER (WHERE bot_id IS NOT NULL))[1] AS bot_id,
                    (array_agg(channel ORDER BY ts) FILTER (WHERE channel IS NOT NULL))[1] AS channel,
                    (array_agg(user_id ORDER BY ts) FILTER (WHERE user_id IS NOT NULL))[1] AS user_id,
                    MIN(ts) AS first_event_at,
                    COALESCE(MIN(ts) FILTER (WHERE type = 'conversation.started'), MIN(ts)) AS started_at,
                    -- the session closer's own event is not activity, or every close would re-open the timer
                    COALESCE(MAX(ts) FILTER (WHERE type <> 'session.completed'), MIN(ts)) AS last_activity_at,
                    MAX(ts) FILTER (WHERE type = 'session.completed') AS session_completed_at,
                    MIN(ts) FILTER (WHERE type = 'message.received') AS first_inbound_at,
                    MIN(ts) FILTER (WHERE type = 'conversation.escalated') AS escalated_at,
                    MIN(ts) FILTER (WHERE type = 'conversation.resolved') AS resolved_at,
                    MIN(ts) FILTER (WHERE type = 'conversation.closed') AS closed_at,
                    COUNT(*) FILTER (WHERE type = 'message.received') AS messages_in,
                    COUNT(*) FILTER (WHERE type = 'message.sent') AS messages_out,
                    COUNT(*) FILTER (WHERE type = 'response.staff_sent') AS staff_replies,
                    string_agg(DISTINCT staff_id, ',' ORDER BY staff_id) AS staff_ids,
                    (array_agg(value ORDER BY ts DESC) FILTER (WHERE type = 'satisfaction.rating_received'
                        AND value IS NOT NULL AND COALESCE(metadata->>'scale', 'csat') <> 'nps'))[1] AS last_csat
                FROM ev GROUP BY conversation_id
            ), firsts AS (
                SELECT b.conversation_id,
                    MIN(e.ts) FILTER (WHERE e.type = 'message.sent' AND e.ts >= b.first_inbound_at) AS first_response_at,
                    MIN(e.ts) FILTER (WHERE e.type = 'response.staff_sent' AND e.ts >= b.escalated_at) AS agent_first_response_at,
                    (array_agg(e.staff_id ORDER BY e.ts) FILTER (WHERE e.type = 'response.staff_sent'
                        AND e.ts >= b.escalated_at))[1] AS agent_id
                FROM base b JOIN ev e ON e.conversation_id = b.conversation_id
                GROUP BY b.conversation_id
            )
            SELECT ?, b.conversation_id, b.bot_id, b.channel, b.user_id, b.first_event_at, b.started_at,
                b.last_activity_at, b.first_inbound_at, f.first_response_at, %s, b.escalated_at,
                f.agent_first_response_at, %s, f.agent_id, b.resolved_at, %s, b.closed_at,
                b.session_completed_at, b.messages_in, b.messages_out, b.staff_replies, b.staff_ids, b.last_csat,
                b.resolved_at IS NOT NULL AND b.escalated_at IS NULL AND b.staff_replies = 0, ?
            FROM base b JOIN firsts f ON f.conversation_id = b.conversation_id
            """.formatted(MILLIS.formatted("f.first_response_at", "b.first_inbound_at"),
            MILLIS.formatted("f.agent_first_response_at", "b.escalated_at"),
            MILLIS.formatted("b.resolved_at", "b.started_at"));

    private static final String LIVECHATS = """
            INSERT INTO livechats (tenant_id, request_id, conversation_id, bot_id, channel, group_id, staff_id,
                requested_at, accepted_at, missed_at, ended_at, agent_first_response_at, wait_ms, duration_ms,
                agent_first_response_ms, status, updated_at)
            WITH ev AS (
                SELECT e.*, COALESCE(e.metadata->>'requestId', e.conversation_id) AS request_id
                FROM events e JOIN touched t ON e.conversation_id = t.conversation_id
                WHERE e.tenant_id = ? AND e.ts >= ? AND e.type LIKE 'livechat.%%'
            ), req AS (
                SELECT request_id,
                    MIN(conversation_id) AS conversation_id,
                    (array_agg(bot_id ORDER BY ts) FILTER (WHERE bot_id IS NOT NULL))[1] AS bot_id,
                    (array_agg(channel ORDER BY ts) FILTER (WHERE channel IS NOT NULL))[1] AS channel,
                    (array_agg(group_id ORDER BY ts) FILTER (WHERE group_id IS NOT NULL))[1] AS group_id,
                    COALESCE((array_agg(staff_id ORDER BY ts) FILTER (WHERE type = 'livechat.accepted'
                        AND staff_id IS NOT NULL))[1], (array_agg(staff_id ORDER BY ts) FILTER (WHERE staff_id IS NOT NULL))[1]) AS staff_id,
                    MIN(ts) FILTER (WHERE type = 'livechat.requested') AS requested_at,
                    MIN(ts) FILTER (WHERE type = 'livechat.accepted') AS accepted_at,
                    MIN(ts) FILTER (WHERE type = 'livechat.missed') AS missed_at,
                    MIN(ts) FILTER (WHERE type = 'livechat.ended') AS ended_at
                FROM ev GROUP BY request_id
            ), firsts AS (
                SELECT r.request_id,
                    MIN(e.ts) FILTER (WHERE e.type = 'livechat.message' AND e.metadata->>'sender' = 'agent'
                        AND e.ts >= r.accepted_at) AS agent_first_response_at
                FROM req r JOIN ev e ON e.request_id = r.request_id
                GROUP BY r.request_id
            )
            SELECT ?, r.request_id, r.conversation_id, r.bot_id, r.channel, r.group_id, r.staff_id, r.requested_at,
                r.accepted_at, r.missed_at, r.ended_at, f.agent_first_response_at, %s, %s, %s,
                CASE WHEN r.ended_at IS NOT NULL AND r.accepted_at IS NOT NULL THEN 'ended'
                     WHEN r.accepted_at IS NOT NULL THEN 'accepted'
                     WHEN r.missed_at IS NOT NULL THEN 'missed'
                     WHEN r.ended_at IS NOT NULL THEN 'ended'
                     ELSE 'waiting' END, ?
            FROM req r JOIN firsts f ON f.request_id = r.request_id
            WHERE r.requested_at IS NOT NULL OR r.accepted_at IS NOT NULL OR r.missed_at IS NOT NULL
            """.formatted(MILLIS.formatted("r.accepted_at", "r.requested_at"),
            MILLIS.formatted("r.ended_at", "r.accepted_at"),
            MILLIS.formatted("f.agent_first_response_at", "r.accepted_at"));

    /**
     * Reply response times from messages, for conversations without an explicit sample: messages are numbered by the
     * replies before them (an inbound and a reply at the same instant: the inbound first), so a reply and the inbound
     * messages it answers share a number; the sample runs from the first of them to the reply.
     */
    private static final String DERIVED_RESPONSE_TIMES = """
            INSERT INTO derived_response_times (tenant_id, conversation_id, reply_id, ts, inbound_at, duration_ms, bot_id,
                channel, user_id)
            WITH ev AS (
                SELECT e.conversation_id, e.id, e.type, e.ts, e.bot_id, e.channel, e.user_id, e.duration_ms
                FROM events e JOIN touched t ON e.conversation_id = t.conversation_id
                WHERE e.tenant_id = ? AND e.ts >= ?
                    AND e.type IN ('message.received', 'message.sent', 'response.time_recorded')
            ), msg AS (
                SELECT ev.*, CASE WHEN type = 'message.sent' THEN 1 ELSE 0 END AS outbound FROM ev
                WHERE type IN ('message.received', 'message.sent') AND conversation_id NOT IN (SELECT conversation_id
                    FROM ev WHERE type = 'response.time_recorded' AND duration_ms IS NOT NULL)
            ), numbered AS (
                SELECT msg.*, SUM(outbound) OVER (PARTITION BY conversation_id ORDER BY ts, outbound, id
                    ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) - outbound AS reply_no
                FROM msg
            ), replies AS (
                SELECT conversation_id,
                    MIN(ts) FILTER (WHERE outbound = 0) AS inbound_at,
                    MAX(ts) FILTER (WHERE outbound = 1) AS reply_at,
                    MAX(id) FILTER (WHERE outbound = 1) AS reply_id,
                    MAX(bot_id) FILTER (WHERE outbound = 1) AS bot_id,
                    MAX(channel) FILTER (WHERE outbound = 1) AS channel,
                    MAX(user_id) FILTER (WHERE outbound = 1) AS user_id
                FROM numbered GROUP BY conversation_id, reply_no
            )
            SELECT ?, r.conversation_id, r.reply_id, r.reply_at, r.inbound_at, %s, COALESCE(r.bot_id, c.bot_id),
                COALESCE(r.channel, c.channel), COALESCE(r.user_id, c.user_id)
            FROM replies r LEFT JOIN conversations c ON c.tenant_id = ? AND c.conversation_id = r.conversation_id
            WHERE r.inbound_at IS NOT NULL AND r.reply_at IS NOT NULL
            """.formatted(MILLIS.formatted("r.reply_at", "r.inbound_at"));

    private final DataSource dataSource;
    private final Clock clock;

    JdbcFactStore(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    @Override
    public Optional<Span> recompute(String tenantId, Collection<String> conversationIds, Instant earliestNewEvent) {
        if (conversationIds.isEmpty()) return Optional.empty();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TEMP TABLE IF NOT EXISTS touched (conversation_id VARCHAR NOT NULL)");
                st.execute("DELETE FROM touched");
                try (PreparedStatement ins = c.prepareStatement("INSERT INTO touched VALUES (?)")) {
                    for (String id : conversationIds) {
                        ins.setString(1, id);
                        ins.addBatch();
                    }
                    ins.executeBatch();
                }
                Instant since = earliestNewEvent;
                try (PreparedStatement ps = c.prepareStatement("SELECT MIN(c.first_event_at) FROM conversations c "
                        + "JOIN touched t ON c.conversation_id = t.conversation_id WHERE c.tenant_id = ?")) {
                    ps.setString(1, tenantId);
                    try (ResultSet rs = ps.executeQuery()) {
                        OffsetDateTime stored = rs.next() ? rs.getObject(1, OffsetDateTime.class) : null;
                        if (stored != null && stored.toInstant().isBefore(since)) since = stored.toInstant();
                    }
                }
                delete(c, "conversations", tenantId);
                delete(c, "livechats", tenantId);
                delete(c, "derived_response_times", tenantId);
                OffsetDateTime now = utc(clock.instant());
                insert(c, CONVERSATIONS, tenantId, since, now);
                insert(c, LIVECHATS, tenantId, since, now);
                // after the conversations: a reply without channel or bot takes its conversation's
                insert(c, DERIVED_RESPONSE_TIMES, tenantId, since, tenantId);
                Optional<Span> span = span(c, tenantId, since);
                st.execute("DELETE FROM touched");
                c.commit();
                return span;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("facts recompute for tenant " + tenantId + " failed: " + e.getMessage(), e);
        }
    }

    private static void delete(Connection c, String table, String tenantId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE tenant_id = ? AND conversation_id IN "
                + "(SELECT conversation_id FROM touched)")) {
            ps.setString(1, tenantId);
            ps.executeUpdate();
        }
    }

    private static void insert(Connection c, String sql, String tenantId, Instant since, Object last)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, tenantId);
            ps.setObject(2, utc(since));
            ps.setString(3, tenantId);
            ps.setObject(4, last);
            ps.executeUpdate();
        }
    }

    private static Optional<Span> span(Connection c, String tenantId, Instant since) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT MIN(e.ts), MAX(e.ts) FROM events e JOIN touched t "
                + "ON e.conversation_id = t.conversation_id WHERE e.tenant_id = ? AND e.ts >= ?")) {
            ps.setString(1, tenantId);
            ps.setObject(2, utc(since));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getObject(1) == null) return Optional.empty();
                return Optional.of(new Span(rs.getObject(1, OffsetDateTime.class).toInstant(),
                        rs.getObject(2, OffsetDateTime.class).toInstant()));
            }
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
