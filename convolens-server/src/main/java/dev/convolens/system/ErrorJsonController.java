package dev.convolens.system;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The container's error path ({@code /error}): an error raised outside a controller (a filter's or the servlet
 * container's {@code sendError}) is answered in the API's {@code {"error","detail"}} shape, never a whitelabel page.
 */
@Hidden
@RestController
class ErrorJsonController implements ErrorController {

    @RequestMapping("/error")
    ResponseEntity<ApiError> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        // asked for directly, with no error behind it, it is a route like any other that does not exist
        HttpStatus status = code instanceof Integer i && HttpStatus.resolve(i) != null
                ? HttpStatus.valueOf(i) : HttpStatus.NOT_FOUND;
        Object message = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
        String error = status.getReasonPhrase().toLowerCase();
        String detail = message instanceof String m && !m.isBlank() ? m : error;
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(new ApiError(error, detail));
    }
}
