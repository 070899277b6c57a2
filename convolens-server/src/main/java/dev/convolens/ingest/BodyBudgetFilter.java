package dev.convolens.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bounds the memory of ingest bodies before they are read: each body takes its Content-Length (or, without one, the
 * largest allowed body) from {@code convolens.ingest.max-inflight-bytes} while it is read and parsed; a body that
 * does not fit is answered 503 with Retry-After at once, unread, so no mix of legal requests exhausts the heap.
 * Runs after the key check, so an unauthenticated body takes nothing.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class BodyBudgetFilter extends OncePerRequestFilter {
    private final long budget;
    private final long largest;
    private final AtomicLong inUse = new AtomicLong();
    private final Counter refused;

    BodyBudgetFilter(IngestProperties properties, MeterRegistry meters) {
        this.budget = properties.inflightBudget();
        this.largest = properties.maxRequestBytes().toBytes();
        Gauge.builder("convolens_ingest_inflight_bytes", inUse, AtomicLong::get)
                .description("bytes of ingest bodies being read or parsed").register(meters);
        this.refused = Counter.builder("convolens_ingest_refused_busy_total")
                .description("ingest requests answered 503 because the in-flight body budget was used up").register(meters);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getServletPath();
        return !"POST".equals(request.getMethod()) || !(path.equals("/api/events") || path.equals("/api/chat-sessions"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long length = request.getContentLengthLong();
        // a body over the limit is refused (413) by the parser without being read: it costs nothing here
        long cost = length < 0 ? largest : Math.min(length, largest);
        if (!take(cost)) {
            refused.increment();
            response.setStatus(503);
            response.setHeader("Retry-After", "1");
            response.setHeader("Connection", "close");
            response.setContentType("application/json");
            response.getWriter().write("{\"error\":\"busy\",\"detail\":\"the service is reading as many request bodies "
                    + "as convolens.ingest.max-inflight-bytes allows; nothing of this request was read or stored, "
                    + "retry after 1 s\"}");
            return;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            inUse.addAndGet(-cost);
        }
    }

    private boolean take(long cost) {
        while (true) {
            long used = inUse.get();
            if (used + cost > budget) return false;
            if (inUse.compareAndSet(used, used + cost)) return true;
        }
    }
}
