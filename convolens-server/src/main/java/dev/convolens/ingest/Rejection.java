package dev.convolens.ingest;

/** One event of a batch that was not stored, and why. */
public record Rejection(int index, String field, String error) {}
