package dev.convolens.live;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** One process (DuckDB allows no other): a change goes straight to this instance's publisher. */
final class LocalChangeBus implements ChangeBus {
    private final List<Consumer<TenantChange>> listeners = new CopyOnWriteArrayList<>();

    @Override
    public void announce(Collection<TenantChange> changes) {
        for (TenantChange change : changes) listeners.forEach(l -> l.accept(change));
    }

    @Override
    public void subscribe(Consumer<TenantChange> listener) {
        listeners.add(listener);
    }

    @Override
    public boolean crossesInstances() {
        return false;
    }
}
