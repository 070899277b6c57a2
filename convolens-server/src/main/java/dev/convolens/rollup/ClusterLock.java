package dev.convolens.rollup;

import java.util.Optional;
import java.util.function.Supplier;

/** Lets one instance of a cluster at a time run a job; the others skip it. */
interface ClusterLock {

    /** Runs the task if this instance gets the job's lock; empty when another instance holds it (or just ran). */
    <T> Optional<T> runExclusively(String job, Supplier<T> task);
}
