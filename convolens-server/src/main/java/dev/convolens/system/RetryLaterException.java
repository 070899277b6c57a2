package dev.convolens.system;

import org.springframework.http.HttpStatus;

/** Back-pressure: answered as 503 with {@code Retry-After}; nothing of the request was stored. */
public class RetryLaterException extends ApiException {
    private final long retryAfterSeconds;

    public RetryLaterException(String detail, long retryAfterSeconds) {
        super(HttpStatus.SERVICE_UNAVAILABLE, "overloaded", detail);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
