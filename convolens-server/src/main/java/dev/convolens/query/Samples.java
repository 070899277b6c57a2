package dev.convolens.query;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Where a metric's exact value comes from when no rollup row holds it: a SELECT over facts or raw events of one
 * tenant with the named parameters {@code :tenant}, {@code :from}, {@code :to}, answering one row per sample with the
 * columns {@code ts} (the instant the measure completed, SPEC §4), {@code channel}, {@code bot}, {@code agent},
 * {@code grp}, {@code intent}, {@code num} and {@code den} (both DOUBLE PRECISION). A metric is SUM(num),
 * scale * SUM(num) / SUM(den), or a percentile of num.
 */
interface Samples {

    /** The SELECT; {@code conversationDims} asks for channel and bot, which events take from their conversation. */
    String sql(boolean conversationDims);

    /** The table the samples come from, as named in a series' {@code sources}. */
    String source();

    /** Events of the types (e.type IN ...) matching {@code where} (alias e). */
    static Samples events(String where, String num, String den, String... types) {
        String typeList = Arrays.stream(types).map(t -> "'" + t + "'").collect(Collectors.joining(", "));
        return new Samples() {
            @Override
            public String sql(boolean conversationDims) {
                String dims = conversationDims
                        ? "COALESCE(e.channel, c.channel, 'other') AS channel, COALESCE(e.bot_id, c.bot_id) AS bot"
                        : "COALESCE(e.channel, 'other') AS channel, e.bot_id AS bot";
                String join = conversationDims
                        ? " LEFT JOIN conversations c ON c.tenant_id = :tenant AND c.conversation_id = e.conversation_id"
                        : "";
                return "SELECT e.ts AS ts, " + dims + ", e.staff_id AS agent, e.group_id AS grp, e.intent AS intent, "
                        + "CAST(" + num + " AS DOUBLE PRECISION) AS num, CAST(" + den + " AS DOUBLE PRECISION) AS den "
                        + "FROM events e" + join + " WHERE e.tenant_id = :tenant AND e.ts >= :from AND e.ts < :to "
                        + "AND e.type IN (" + typeList + ")" + (where == null ? "" : " AND (" + where + ")");
            }

            @Override
            public String source() {
                return "events";
            }
        };
    }

    /**
     * Reply response time samples (alias s) of {@code response_samples}: explicit response.time_recorded events and,
     * for conversations without one, the samples derived from messages; named "events" as they come from raw events.
     */
    static Samples responseTimes(String num) {
        return new Samples() {
            @Override
            public String sql(boolean conversationDims) {
                String dims = conversationDims
                        ? "COALESCE(s.channel, c.channel, 'other') AS channel, COALESCE(s.bot_id, c.bot_id) AS bot"
                        : "COALESCE(s.channel, 'other') AS channel, s.bot_id AS bot";
                String join = conversationDims
                        ? " LEFT JOIN conversations c ON c.tenant_id = :tenant AND c.conversation_id = s.conversation_id"
                        : "";
                return "SELECT s.ts AS ts, " + dims + ", CAST(NULL AS VARCHAR) AS agent, CAST(NULL AS VARCHAR) AS grp, "
                        + "CAST(NULL AS VARCHAR) AS intent, CAST(" + num + " AS DOUBLE PRECISION) AS num, "
                        + "CAST(1 AS DOUBLE PRECISION) AS den FROM response_samples s" + join
                        + " WHERE s.tenant_id = :tenant AND s.ts >= :from AND s.ts < :to";
            }

            @Override
            public String source() {
                return "events";
            }
        };
    }

    /** Conversation facts (alias c) whose {@code time} column lies in the range. */
    static Samples conversations(String time, String where, String num, String den) {
        return new Samples() {
            @Override
            public String sql(boolean conversationDims) {
                return "SELECT c." + time + " AS ts, COALESCE(c.channel, 'other') AS channel, c.bot_id AS bot, "
                        + "c.agent_id AS agent, CAST(NULL AS VARCHAR) AS grp, CAST(NULL AS VARCHAR) AS intent, "
                        + "CAST(" + num + " AS DOUBLE PRECISION) AS num, CAST(" + den + " AS DOUBLE PRECISION) AS den "
                        + "FROM conversations c WHERE c.tenant_id = :tenant AND c." + time + " >= :from AND c." + time
                        + " < :to" + (where == null ? "" : " AND (" + where + ")");
            }

            @Override
            public String source() {
                return "conversations";
            }
        };
    }

    /** Live-chat facts (alias l) whose {@code time} column lies in the range; channel and bot fall back to the conversation's. */
    static Samples livechats(String time, String where, String num, String den) {
        return new Samples() {
            @Override
            public String sql(boolean conversationDims) {
                String dims = conversationDims
                        ? "COALESCE(l.channel, c.channel, 'other') AS channel, COALESCE(l.bot_id, c.bot_id) AS bot"
                        : "COALESCE(l.channel, 'other') AS channel, l.bot_id AS bot";
                String join = conversationDims
                        ? " LEFT JOIN conversations c ON c.tenant_id = :tenant AND c.conversation_id = l.conversation_id"
                        : "";
                return "SELECT l." + time + " AS ts, " + dims + ", l.staff_id AS agent, l.group_id AS grp, "
                        + "CAST(NULL AS VARCHAR) AS intent, CAST(" + num + " AS DOUBLE PRECISION) AS num, CAST(" + den
                        + " AS DOUBLE PRECISION) AS den FROM livechats l" + join + " WHERE l.tenant_id = :tenant AND l."
                        + time + " >= :from AND l." + time + " < :to" + (where == null ? "" : " AND (" + where + ")");
            }

            @Override
            public String source() {
                return "livechats";
            }
        };
    }

    /** Both sets of samples, e.g. numerator rows from one and denominator rows from the other. */
    static Samples union(Samples a, Samples b) {
        return new Samples() {
            @Override
            public String sql(boolean conversationDims) {
                return a.sql(conversationDims) + " UNION ALL " + b.sql(conversationDims);
            }

            @Override
            public String source() {
                return a.source();
            }
        };
    }
}
