package dev.convolens.system;

import org.apache.catalina.connector.ClientAbortException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/** Turns every failure into {@code {"error","detail"}} with the right status, naming the offending input. */
@RestControllerAdvice
class ApiExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ApiError> api(ApiException e) {
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(e.status()).contentType(MediaType.APPLICATION_JSON);
        if (e instanceof RetryLaterException retry) {
            answer.header(HttpHeaders.RETRY_AFTER, Long.toString(retry.retryAfterSeconds()));
        }
        if (e.status() == HttpStatus.CONTENT_TOO_LARGE || e.status() == HttpStatus.REQUEST_TIMEOUT) {
            // the unread rest of the body makes the connection unusable; say so rather than let the client reuse it
            answer.header(HttpHeaders.CONNECTION, "close");
        }
        return answer.body(new ApiError(e.error(), e.getMessage()));
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<ApiError> missing(MissingServletRequestParameterException e) {
        return status(HttpStatus.BAD_REQUEST, "invalid " + e.getParameterName(),
                "parameter " + e.getParameterName() + " is required");
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ApiError> mismatch(MethodArgumentTypeMismatchException e) {
        return status(HttpStatus.BAD_REQUEST, "invalid " + e.getName(),
                "cannot read '" + e.getValue() + "' as " + e.getName());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ApiError> unreadable(HttpMessageNotReadableException e) {
        return status(HttpStatus.BAD_REQUEST, "invalid body", rootMessage(e));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ApiError> mediaType(HttpMediaTypeNotSupportedException e) {
        return status(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported media type", e.getMessage());
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ApiError> method(HttpRequestMethodNotSupportedException e) {
        return status(HttpStatus.METHOD_NOT_ALLOWED, "method not allowed", e.getMessage());
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<ApiError> noResource(NoResourceFoundException e) {
        return status(HttpStatus.NOT_FOUND, "not found", "no route " + e.getResourcePath());
    }

    /** A client that went away mid-answer (an aborted download) is no failure of the service: nothing to answer. */
    @ExceptionHandler({AsyncRequestNotUsableException.class, ClientAbortException.class})
    void clientGone(Exception e) {
        log.debug("client closed the connection before the answer was written: {}", rootMessage(e));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ApiError> unexpected(Exception e) {
        if (clientAbort(e)) {
            clientGone(e);
            return null;
        }
        log.error("request failed", e);
        return status(HttpStatus.INTERNAL_SERVER_ERROR, "internal error", e.getMessage());
    }

    private static ResponseEntity<ApiError> status(HttpStatus status, String error, String detail) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(new ApiError(error, detail));
    }

    /** Tomcat's abort, also when a renderer wrapped it on its way out. */
    private static boolean clientAbort(Throwable t) {
        for (Throwable c = t; c != null && c.getCause() != c; c = c.getCause()) {
            if (c instanceof ClientAbortException || c instanceof AsyncRequestNotUsableException) return true;
        }
        return false;
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        return root.getMessage();
    }
}
