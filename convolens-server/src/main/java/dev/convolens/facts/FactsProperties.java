package dev.convolens.facts;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** @param interval how often the conversations touched by new events are recomputed */
@ConfigurationProperties("convolens.facts")
record FactsProperties(@DefaultValue("500ms") Duration interval) {}
