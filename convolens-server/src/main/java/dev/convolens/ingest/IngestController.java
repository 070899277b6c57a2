package dev.convolens.ingest;

import dev.convolens.tenant.Caller;
import dev.convolens.tenant.Scope;
import dev.convolens.tenant.TenantService;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Clock;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/** {@code POST /api/events}: answered only after the accepted events are committed. */
@RestController
class IngestController {

    private final IngestService ingest;
    private final TenantService tenants;
    private final EventBodyParser parser;

    IngestController(IngestService ingest, TenantService tenants, JsonMapper json, IngestProperties properties,
            Clock clock) {
        this.ingest = ingest;
        this.tenants = tenants;
        this.parser = new EventBodyParser(json, properties, clock);
    }

    @PostMapping("/api/events")
    IngestResult post(Caller caller, HttpServletRequest request) throws IOException {
        caller.require(Scope.INGEST);
        String tenant = caller.tenantFor(request.getParameter("tenantId"));
        if (caller.serviceAdmin()) tenants.get(tenant);
        String contentType = request.getContentType() == null ? "" : request.getContentType().toLowerCase();
        boolean ndjson = contentType.startsWith("application/x-ndjson") || contentType.startsWith("application/jsonl");
        boolean gzip = "gzip".equalsIgnoreCase(request.getHeader("Content-Encoding"));
        EventBodyParser.Parsed parsed = parser.parse(request.getInputStream(), request.getContentLengthLong(), gzip, ndjson);
        return ingest.ingest(tenant, parsed.items(), parsed.errors());
    }
}
