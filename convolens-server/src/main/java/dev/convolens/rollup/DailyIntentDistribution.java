package dev.convolens.rollup;

import dev.convolens.storage.SqlDialect;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.stereotype.Component;

/**
 * Per tenant-local day and intent: {@code intent.classified} events and their mean confidence ({@code value}),
 * {@code intent.confidence_low} and {@code intent.action_taken} events, and the conversations escalated that day in
 * which the intent was classified (at any time).
 */
@Component
public class DailyIntentDistribution extends SqlRollupFamily {
    public static final String TABLE = "daily_intent_distribution";

    private static final List<String> COLUMNS = List.of("intent", "classified_count", "confidence_count",
            "confidence_sum", "avg_confidence", "low_confidence_count", "action_taken_count", "escalated_count");

    private static final String SELECT = """
            WITH parts AS (
                SELECT intent,
                    CASE WHEN type = 'intent.classified' THEN 1 ELSE 0 END AS classified,
                    CASE WHEN type = 'intent.classified' THEN value END AS confidence,
                    CASE WHEN type = 'intent.confidence_low' THEN 1 ELSE 0 END AS low,
                    CASE WHEN type = 'intent.action_taken' THEN 1 ELSE 0 END AS acted,
                    CAST(NULL AS VARCHAR) AS escalated_conv
                FROM events WHERE tenant_id = :tenant AND ts >= :from AND ts < :to AND intent IS NOT NULL
                    AND type IN ('intent.classified', 'intent.confidence_low', 'intent.action_taken')
                UNION ALL
                SELECT e.intent, 0, NULL, 0, 0, e.conversation_id
                FROM conversations c JOIN events e ON e.tenant_id = c.tenant_id AND e.conversation_id = c.conversation_id
                WHERE c.tenant_id = :tenant AND c.escalated_at >= :from AND c.escalated_at < :to
                    AND e.type = 'intent.classified' AND e.intent IS NOT NULL AND e.ts >= c.first_event_at
            )
            SELECT intent, SUM(classified) AS classified_count, COUNT(confidence) AS confidence_count,
                SUM(confidence) AS confidence_sum, AVG(confidence) AS avg_confidence,
                SUM(low) AS low_confidence_count, SUM(acted) AS action_taken_count,
                COUNT(DISTINCT escalated_conv) AS escalated_count
            FROM parts GROUP BY intent
            """;

    DailyIntentDistribution(DataSource dataSource, SqlDialect dialect) {
        super(dataSource, dialect, TABLE, Granularity.DAY);
    }

    @Override
    protected int write(MapSqlParameterSource params) {
        return insert(params, COLUMNS, SELECT);
    }
}
