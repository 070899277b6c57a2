package dev.convolens.tenant;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/** Every API call carries {@code Authorization: Bearer <key>}; a missing, unknown or revoked key is a 401. */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class ApiKeyFilter extends OncePerRequestFilter {
    static final String CALLER = Caller.class.getName();
    private static final List<String> PROTECTED = List.of("/api/", "/exports", "/schedules");
    private static final List<String> OPEN = List.of("/api/docs");

    private final TenantService tenants;

    ApiKeyFilter(TenantService tenants) {
        this.tenants = tenants;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = routedPath(request);
        return PROTECTED.stream().noneMatch(path::startsWith) || OPEN.stream().anyMatch(path::startsWith);
    }

    /**
     * The path as the dispatcher routes it: decoded, dot segments and {@code ;params} removed, slashes merged, so
     * that no spelling of a protected path ({@code /api;x=1/events}, {@code /%61pi/events}, {@code //api/events})
     * passes as an open one. The raw request URI would.
     */
    static String routedPath(HttpServletRequest request) {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        return path.replaceAll("/{2,}", "/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
            unauthorized(response, "send the API key as 'Authorization: Bearer <key>'");
            return;
        }
        Optional<Caller> caller = tenants.authenticate(header.substring(7).strip());
        if (caller.isEmpty()) {
            unauthorized(response, "the API key is unknown or revoked");
            return;
        }
        request.setAttribute(CALLER, caller.get());
        chain.doFilter(request, response);
    }

    private static void unauthorized(HttpServletResponse response, String detail) throws IOException {
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        // the body is never read: the connection closes after the answer (server.tomcat.max-swallow-size: 0)
        response.setHeader("Connection", "close");
        response.setHeader("WWW-Authenticate", "Bearer");
        response.setContentType("application/json");
        response.getWriter().write("{\"error\":\"unauthorized\",\"detail\":\"" + detail + "\"}");
    }
}
