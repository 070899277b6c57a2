package dev.convolens.report;

/** One column of a {@link Table}: {@code key} names it in JSON and CSV, {@code label} in PDF and Excel. */
public record Column(String key, String label, Kind kind) {}
