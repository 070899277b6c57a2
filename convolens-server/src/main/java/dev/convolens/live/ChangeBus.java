package dev.convolens.live;

import java.util.function.Consumer;

/** Carries tenant changes to every instance's publisher, this one included. */
interface ChangeBus {
    void announce(TenantChange change);

    void subscribe(Consumer<TenantChange> listener);

    /** False when the bus reaches only this instance: announcing then matters only if local sockets listen. */
    boolean crossesInstances();
}
