package dev.convolens.storage;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** How many days each kind of data is kept (seed 001's retention block). */
@ConfigurationProperties("convolens.retention")
public record RetentionProperties(
        @DefaultValue("90") int rawEvents,
        @DefaultValue("30") int hourly,
        @DefaultValue("365") int daily,
        @DefaultValue("730") int weekly,
        @DefaultValue("1095") int monthly) {

    public RetentionProperties {
        if (rawEvents < 1 || hourly < 1 || daily < 1 || weekly < 1 || monthly < 1) {
            throw new IllegalArgumentException("every convolens.retention.* value must be at least 1 day");
        }
    }
}
