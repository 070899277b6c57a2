package dev.convolens.query;

import dev.convolens.rollup.Granularity;
import java.util.Map;

/**
 * How a rollup table (see {@code db/migration/*}/V4__rollups.sql) can answer a {@link Slice}: which filters and
 * groupings its rows support, the SQL predicate picking the rows of a slice, the expression of a row's series key,
 * and whether each (period, key) is exactly one row (only then can a stored percentile be read). Table and column
 * names are constants of the catalog; user input reaches SQL only as bound parameters ({@code :channel}, {@code :bot}).
 */
abstract class RollupTable {
    private final String name;
    private final Granularity grain;

    RollupTable(String name, Granularity grain) {
        this.name = name;
        this.grain = grain;
    }

    String name() {
        return name;
    }

    Granularity grain() {
        return grain;
    }

    abstract boolean supports(Slice slice);

    /** Whether the rows picked for the slice hold one row per period and key. */
    abstract boolean exact(Slice slice);

    /** The predicate picking the slice's rows (alias r); may use :channel and :bot. */
    abstract String where(Slice slice);

    /** The series key of a row (alias r): 'all' without groupBy. */
    abstract String key(Slice slice);

    @Override
    public String toString() {
        return name;
    }

    /**
     * A table broken down by channel and bot that also holds channel = '*' / bot_id = '*' rows (all channels / all
     * bots): every slice of those two dimensions is exactly one row per period and key.
     */
    static RollupTable star(String name, Granularity grain) {
        return new RollupTable(name, grain) {
            @Override
            boolean supports(Slice s) {
                return s.groupBy() == null || s.groupBy() == Dim.CHANNEL || s.groupBy() == Dim.BOT;
            }

            @Override
            boolean exact(Slice s) {
                return true;
            }

            @Override
            String where(Slice s) {
                String channel = s.channel() != null ? "r.channel = :channel"
                        : s.groupBy() == Dim.CHANNEL ? "r.channel <> '*'" : "r.channel = '*'";
                String bot = s.botId() != null ? "r.bot_id = :bot"
                        : s.groupBy() == Dim.BOT ? "(r.bot_id IS NULL OR r.bot_id <> '*')" : "r.bot_id = '*'";
                return channel + " AND " + bot;
            }

            @Override
            String key(Slice s) {
                if (s.groupBy() == Dim.CHANNEL) return "r.channel";
                if (s.groupBy() == Dim.BOT) return "COALESCE(r.bot_id, '" + Dim.NONE + "')";
                return "'all'";
            }
        };
    }

    /** A table of leaf rows by the given dimensions (dimension -> column): a slice sums its rows. */
    static RollupTable leaf(String name, Granularity grain, Map<Dim, String> columns) {
        return new RollupTable(name, grain) {
            @Override
            boolean supports(Slice s) {
                return (s.channel() == null || columns.containsKey(Dim.CHANNEL))
                        && (s.botId() == null || columns.containsKey(Dim.BOT))
                        && (s.groupBy() == null || columns.containsKey(s.groupBy()));
            }

            @Override
            boolean exact(Slice s) {
                return false;
            }

            @Override
            String where(Slice s) {
                String where = "TRUE";
                if (s.channel() != null) where += " AND r." + columns.get(Dim.CHANNEL) + " = :channel";
                if (s.botId() != null) where += " AND r." + columns.get(Dim.BOT) + " = :bot";
                return where;
            }

            @Override
            String key(Slice s) {
                return s.groupBy() == null ? "'all'" : "COALESCE(r." + columns.get(s.groupBy()) + ", '" + Dim.NONE + "')";
            }
        };
    }

    /** daily_livechat: rows for the whole tenant (dimension 'all'), per agent and per group. */
    static RollupTable livechat(String name, Granularity grain) {
        return new RollupTable(name, grain) {
            @Override
            boolean supports(Slice s) {
                return s.channel() == null && s.botId() == null
                        && (s.groupBy() == null || s.groupBy() == Dim.AGENT || s.groupBy() == Dim.GROUP);
            }

            @Override
            boolean exact(Slice s) {
                return true;
            }

            @Override
            String where(Slice s) {
                return s.groupBy() == null ? "r.dimension = 'all'" : "r.dimension = '" + s.groupBy().wireName() + "'";
            }

            @Override
            String key(Slice s) {
                return s.groupBy() == null ? "'all'" : "COALESCE(r.dimension_value, '" + Dim.NONE + "')";
            }
        };
    }

    /**
     * A table with one row per bot (events without a bot are not in it): answers only a single bot's slice, i.e.
     * with the botId filter and without a channel filter.
     */
    static RollupTable perBot(String name, Granularity grain) {
        return new RollupTable(name, grain) {
            @Override
            boolean supports(Slice s) {
                return s.botId() != null && s.channel() == null && (s.groupBy() == null || s.groupBy() == Dim.BOT);
            }

            @Override
            boolean exact(Slice s) {
                return true;
            }

            @Override
            String where(Slice s) {
                return "r.bot_id = :bot";
            }

            @Override
            String key(Slice s) {
                return s.groupBy() == null ? "'all'" : "r.bot_id";
            }
        };
    }

    /** A table with one row per tenant and period: answers only the unfiltered, ungrouped slice. */
    static RollupTable tenantWide(String name, Granularity grain) {
        return new RollupTable(name, grain) {
            @Override
            boolean supports(Slice s) {
                return s.channel() == null && s.botId() == null && s.groupBy() == null;
            }

            @Override
            boolean exact(Slice s) {
                return true;
            }

            @Override
            String where(Slice s) {
                return "TRUE";
            }

            @Override
            String key(Slice s) {
                return "'all'";
            }
        };
    }
}
