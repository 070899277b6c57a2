package dev.convolens.rollup;

import dev.convolens.storage.SqlDialect;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.stereotype.Component;

/**
 * Satisfaction per tenant-local ISO week (from Monday) and channel: surveys sent, CSAT ratings (whole 1..5, any scale
 * but NPS) with their distribution, average and CSAT score (% of 4-5), and NPS (% of 9-10 minus % of 0-6 among
 * whole 0..10 ratings with {@code metadata.scale = 'nps'}). A rating's channel is its own, else its conversation's,
 * else 'other'; ratings outside those ranges are ignored.
 */
@Component
public class WeeklySatisfactionTrends extends SqlRollupFamily {
    public static final String TABLE = "weekly_satisfaction_trends";

    private static final List<String> COLUMNS = List.of("channel", "surveys_sent", "responses", "rating_1", "rating_2",
            "rating_3", "rating_4", "rating_5", "avg_rating", "csat_pct", "nps_responses", "nps_promoters",
            "nps_detractors", "nps_score");

    private static final String SELECT = """
            SELECT channel, surveys_sent, responses, rating_1, rating_2, rating_3, rating_4, rating_5, avg_rating,
                %s AS csat_pct, nps_responses, nps_promoters, nps_detractors, %s AS nps_score
            FROM (
                SELECT channel,
                    COUNT(*) FILTER (WHERE type = 'satisfaction.survey_sent') AS surveys_sent,
                    COUNT(*) FILTER (WHERE csat) AS responses,
                    COUNT(*) FILTER (WHERE csat AND value = 1) AS rating_1,
                    COUNT(*) FILTER (WHERE csat AND value = 2) AS rating_2,
                    COUNT(*) FILTER (WHERE csat AND value = 3) AS rating_3,
                    COUNT(*) FILTER (WHERE csat AND value = 4) AS rating_4,
                    COUNT(*) FILTER (WHERE csat AND value = 5) AS rating_5,
                    AVG(CASE WHEN csat THEN value END) AS avg_rating,
                    COUNT(*) FILTER (WHERE nps) AS nps_responses,
                    COUNT(*) FILTER (WHERE nps AND value >= 9) AS nps_promoters,
                    COUNT(*) FILTER (WHERE nps AND value <= 6) AS nps_detractors
                FROM (SELECT channel, type, value, %s AS csat, %s AS nps FROM %s r) s
                WHERE type = 'satisfaction.survey_sent' OR csat OR nps
                GROUP BY channel
            ) w
            """.formatted(ratio("100 * (rating_4 + rating_5)", "responses"),
            ratio("100 * (nps_promoters - nps_detractors)", "nps_responses"), CSAT, NPS,
            events("satisfaction.survey_sent", "satisfaction.rating_received"));

    WeeklySatisfactionTrends(DataSource dataSource, SqlDialect dialect) {
        super(dataSource, dialect, TABLE, Granularity.WEEK);
    }

    @Override
    protected int write(MapSqlParameterSource params) {
        return insert(params, COLUMNS, SELECT);
    }
}
