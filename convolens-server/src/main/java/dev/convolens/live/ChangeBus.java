package dev.convolens.live;

import java.util.Collection;
import java.util.function.Consumer;

/** Carries tenant changes to every instance's publisher, this one included. */
interface ChangeBus {
    /** Announces one round of changes (one per tenant); a bus may carry them together. */
    void announce(Collection<TenantChange> changes);

    void subscribe(Consumer<TenantChange> listener);

    /** False when the bus reaches only this instance: announcing then matters only if local sockets listen. */
    boolean crossesInstances();
}
