package dev.convolens.tenant;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a tenant key may do. */
public enum Scope {
    INGEST, READ, ADMIN;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Scope> fromWireName(String name) {
        return Arrays.stream(values()).filter(s -> s.wireName().equals(name)).findFirst();
    }
}
