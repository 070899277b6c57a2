package dev.convolens.system;

import org.springframework.http.HttpStatus;

/** An error answered to the client as {@code {"error","detail"}} with its status. */
public class ApiException extends RuntimeException {
    private final HttpStatus status;
    private final String error;

    public ApiException(HttpStatus status, String error, String detail) {
        super(detail);
        this.status = status;
        this.error = error;
    }

    public static ApiException badRequest(String parameter, String detail) {
        return new ApiException(HttpStatus.BAD_REQUEST, "invalid " + parameter, detail);
    }

    public static ApiException notFound(String what) {
        return new ApiException(HttpStatus.NOT_FOUND, "not found", what);
    }

    public static ApiException forbidden(String detail) {
        return new ApiException(HttpStatus.FORBIDDEN, "forbidden", detail);
    }

    public HttpStatus status() {
        return status;
    }

    public String error() {
        return error;
    }
}
