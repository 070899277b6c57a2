-- How far each rollup table holds each tenant's numbers: the start of its latest period with rows, written by the
-- family in the same transaction as the rows. The query layer reads all of a tenant's in one small lookup instead of
-- a MAX(period_start) over every rollup table it touches (on DuckDB each was a scan of the whole table).
CREATE TABLE rollup_coverage (
    tenant_id      VARCHAR NOT NULL,
    rollup         VARCHAR NOT NULL,
    latest_period  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, rollup)
);

INSERT INTO rollup_coverage (tenant_id, rollup, latest_period) SELECT tenant_id, 'hourly_message_counts', MAX(period_start) FROM hourly_message_counts GROUP BY tenant_id;
INSERT INTO rollup_coverage (tenant_id, rollup, latest_period) SELECT tenant_id, 'hourly_response_times', MAX(period_start) FROM hourly_response_times GROUP BY tenant_id;
INSERT INTO rollup_coverage (tenant_id, rollup, latest_period) SELECT tenant_id, 'hourly_usage', MAX(period_start) FROM hourly_usage GROUP BY tenant_id;
INSERT INTO rollup_coverage (tenant_id, rollup, latest_period) SELECT tenant_id, 'daily_conversation_metrics', MAX(period_start) FROM daily_conversation_metrics GROUP BY tenant_id;
INSERT INTO rollup_coverage (tenant_id, rollup, latest_period) SELECT tenant_id, 'daily_staff_performance', MAX(period_start) FROM daily_staff_performance GROUP BY tenant_id;
INSERT INTO rollup_coverage (tenant_id, rollup, latest_period) SELECT tenant_id, 'daily_intent_distribution', MAX(period_start) FROM daily_intent_distribution GROUP BY tenant_id;
INSERT INTO rollup_coverage (tenant_id, rollup, latest_period) SELECT tenant_id, 'daily_bot_performance', MAX(period_start) FROM daily_bot_performance GROUP BY tenant_id;
INSERT INTO rollup_coverage (tenant_id, rollup, latest_period) SELECT tenant_id, 'daily_livechat', MAX(period_start) FROM daily_livechat GROUP BY tenant_id;
INSERT INTO rollup_coverage (tenant_id, rollup, latest_period) SELECT tenant_id, 'daily_usage_metrics', MAX(period_start) FROM daily_usage_metrics GROUP BY tenant_id;
INSERT INTO rollup_coverage (tenant_id, rollup, latest_period) SELECT tenant_id, 'daily_response_times', MAX(period_start) FROM daily_response_times GROUP BY tenant_id;
INSERT INTO rollup_coverage (tenant_id, rollup, latest_period) SELECT tenant_id, 'weekly_satisfaction_trends', MAX(period_start) FROM weekly_satisfaction_trends GROUP BY tenant_id;
INSERT INTO rollup_coverage (tenant_id, rollup, latest_period) SELECT tenant_id, 'monthly_summary', MAX(period_start) FROM monthly_summary GROUP BY tenant_id;
