package dev.convolens.ingest;

import java.util.List;

/** The answer to a batch: newly stored, already stored, and rejected events add up to the batch size. */
public record IngestResult(int accepted, int duplicates, List<Rejection> rejected) {}
