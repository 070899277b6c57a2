package dev.convolens.rollup;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/** Lets one instance of a cluster at a time run a job; the others skip it. */
public interface ClusterLock {

    /**
     * Runs the task if this instance gets the job's lock, and keeps the lock at least {@code holdAtLeast} from the
     * start; empty when another instance holds it (or ran the job less than its hold ago).
     */
    <T> Optional<T> runExclusively(String job, Duration holdAtLeast, Supplier<T> task);
}
