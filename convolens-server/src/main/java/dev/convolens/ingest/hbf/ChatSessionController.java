package dev.convolens.ingest.hbf;

import dev.convolens.ingest.IngestResult;
import dev.convolens.ingest.IngestService;
import dev.convolens.ingest.Rejection;
import dev.convolens.system.ApiException;
import dev.convolens.tenant.Caller;
import dev.convolens.tenant.Scope;
import dev.convolens.tenant.TenantService;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /api/chat-sessions}: hbf ChatSession documents (one, or an array) mapped to events and stored through
 * the same validation and group commit as {@code /api/events}. Rejections name the document and its part.
 */
@RestController
class ChatSessionController {

    private final IngestService ingest;
    private final TenantService tenants;
    private final ChatSessionMapper mapper;
    private final Counter skipped;

    ChatSessionController(IngestService ingest, TenantService tenants, JsonMapper json, MeterRegistry meters) {
        this.ingest = ingest;
        this.tenants = tenants;
        this.mapper = new ChatSessionMapper(json);
        this.skipped = Counter.builder("convolens.ingest.chat_sessions.skipped")
                .description("ChatSessions dropped for skipInternalAnalytics (uptime testers)").register(meters);
    }

    @PostMapping("/api/chat-sessions")
    Map<String, Object> post(Caller caller, @RequestParam(required = false) String tenantId, @RequestBody JsonNode body) {
        caller.require(Scope.INGEST);
        String tenant = caller.tenantFor(tenantId);
        if (caller.serviceAdmin()) tenants.get(tenant);
        List<JsonNode> documents = new ArrayList<>();
        if (body.isArray()) body.forEach(documents::add);
        else if (body.isObject()) documents.add(body);
        else throw ApiException.badRequest("body", "send a ChatSession object or an array of them");

        List<JsonNode> events = new ArrayList<>();
        List<int[]> origin = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        List<Rejection> rejected = new ArrayList<>();
        int dropped = 0;
        for (int d = 0; d < documents.size(); d++) {
            JsonNode doc = documents.get(d);
            if (doc.path("skipInternalAnalytics").asBoolean(false)) {
                dropped++;
                continue;
            }
            String docTenant = doc.path("tenantId").isString() ? doc.get("tenantId").asString() : null;
            if (docTenant != null && !docTenant.equals(tenant)) {
                rejected.add(new Rejection(d, "tenantId", "tenantId '" + docTenant + "' does not match the API key's tenant"));
                continue;
            }
            try {
                ChatSessionMapper.Mapped mapped = mapper.map(doc);
                for (int i = 0; i < mapped.events().size(); i++) {
                    events.add(mapped.events().get(i));
                    origin.add(new int[] {d});
                    sources.add(mapped.sources().get(i));
                }
                for (ChatSessionMapper.Problem p : mapped.problems()) rejected.add(new Rejection(d, p.field(), p.error()));
            } catch (ChatSessionMapper.Unmappable e) {
                rejected.add(new Rejection(d, e.field, e.getMessage()));
            }
        }
        skipped.increment(dropped);
        IngestResult result = ingest.ingest(tenant, events, List.of());
        for (Rejection r : result.rejected()) {
            rejected.add(new Rejection(origin.get(r.index())[0], sources.get(r.index()), r.field() + ": " + r.error()));
        }
        rejected.sort(java.util.Comparator.comparingInt(Rejection::index));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("sessions", documents.size() - dropped);
        out.put("skipped", dropped);
        out.put("accepted", result.accepted());
        out.put("duplicates", result.duplicates());
        out.put("rejected", rejected);
        return out;
    }
}
