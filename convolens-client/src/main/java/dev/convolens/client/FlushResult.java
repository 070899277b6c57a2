package dev.convolens.client;

/**
 * What became of the events a {@link ConvolensClient#flush} covered: those recorded since the previous flush began
 * (or since the client started) up to this one. Every such event is counted exactly once, under one outcome.
 *
 * @param sent stored by the server as new events
 * @param duplicates already stored (by an earlier attempt whose answer was lost, or sent before with the same id)
 * @param rejected refused by the server one by one (see {@link DeliveryListener#rejected})
 * @param dropped discarded unsent because the buffer was full (see {@link DeliveryListener#dropped})
 * @param failed given up without an answer from the server for them (see {@link DeliveryListener#failed})
 */
public record FlushResult(long sent, long duplicates, long rejected, long dropped, long failed) {

    /** Events now stored on the server exactly once: sent plus duplicates. */
    public long stored() {
        return sent + duplicates;
    }

    /** Every event counted, whatever became of it. */
    public long total() {
        return sent + duplicates + rejected + dropped + failed;
    }

    /** True when every covered event is stored. */
    public boolean allStored() {
        return rejected == 0 && dropped == 0 && failed == 0;
    }
}
