package dev.convolens.support;

/** A tenant created for one test, with a key. */
public record TestTenant(String id, String key) {}
