package dev.convolens.query;

/**
 * Which part of a tenant's data a series reads: an optional channel and bot filter, and an optional dimension to
 * group by (one series per value).
 */
record Slice(String channel, String botId, Dim groupBy) {

    static final Slice ALL = new Slice(null, null, null);

    Slice withoutGroup() {
        return new Slice(channel, botId, null);
    }

    /** Whether the channel or bot of a sample is needed, which for events means joining their conversation. */
    boolean needsConversationDims() {
        return channel != null || botId != null || groupBy == Dim.CHANNEL || groupBy == Dim.BOT;
    }
}
