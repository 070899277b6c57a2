package dev.convolens.system;

/** The body of every error answer. */
public record ApiError(String error, String detail) {}
