package dev.convolens.system;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A query string that does not decode ({@code ?from=%ED%A0%80} is not UTF-8) is a 400 naming the parameter, before
 * any route reads it; the container would otherwise fail inside the handler with a 500.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class QueryParameterFilter extends OncePerRequestFilter {

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String type = request.getContentType();
        // a form body would be read as parameters here; no route takes one, and ingest must read its body itself
        return request.getQueryString() == null
                || (type != null && type.toLowerCase().startsWith("application/x-www-form-urlencoded"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            request.getParameterMap();
        } catch (IllegalStateException e) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            response.getWriter().write("{\"error\":\"invalid query\",\"detail\":" + ApiError.quote(
                    "the query string is not valid percent-encoded UTF-8: " + parameterOf(e.getMessage())) + "}");
            return;
        }
        chain.doFilter(request, response);
    }

    /** Tomcat names the parameter as {@code Parameter [from]}; the rest of its message quotes undecodable bytes. */
    private static String parameterOf(String message) {
        if (message == null) return "a parameter could not be decoded";
        int at = message.indexOf("Parameter [");
        if (at < 0) return "a parameter could not be decoded";
        int end = message.indexOf(']', at);
        return "parameter '" + message.substring(at + 11, end < 0 ? message.length() : end) + "' could not be decoded";
    }
}
