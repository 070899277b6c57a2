package dev.convolens.report;

import dev.convolens.system.ApiException;
import dev.convolens.tenant.Caller;
import dev.convolens.tenant.Scope;
import dev.convolens.tenant.Tenant;
import dev.convolens.tenant.TenantService;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Set;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * On-demand exports (seed 000's {@code GET /exports}): the report of a tenant over local days as a file, and the
 * conversation-level export. Both take the {@code read} scope, like every analytics read: an export shows nothing a
 * read key cannot already query.
 */
@RestController
class ExportController {
    private final ReportService reports;
    private final ReportRenderers renderers;
    private final ConversationExport conversations;
    private final TenantService tenants;
    private final Clock clock;

    ExportController(ReportService reports, ReportRenderers renderers, ConversationExport conversations,
            TenantService tenants, Clock clock) {
        this.reports = reports;
        this.renderers = renderers;
        this.conversations = conversations;
        this.tenants = tenants;
        this.clock = clock;
    }

    /**
     * The report over [from, to] (local dates, both included; default the last complete ISO week) in the tenant's
     * timezone or {@code timezone}, as {@code format} (default pdf), with {@code sections} (comma-separated, default
     * all).
     */
    @Operation(summary = "The report of local days [from, to] (default: the last complete ISO week) as pdf, xlsx, csv (a row per day) or json; sections comma-separated, default all; timezone default the tenant's")
    @GetMapping("/exports")
    ResponseEntity<byte[]> export(Caller caller, @RequestParam(required = false) String tenantId,
            @RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(required = false) String format, @RequestParam(required = false) String sections,
            @RequestParam(required = false) String timezone) {
        Tenant tenant = tenant(caller, tenantId);
        ReportFormat f = ReportFormat.parse("format", format, ReportFormat.PDF);
        Set<Section> chosen = Section.parseList("sections", sections);
        ZoneId zone = ReportRequests.zone("timezone", timezone, tenant.timezone());
        ReportPeriod period = ReportRequests.period(from, to, zone, LocalDate.ofInstant(clock.instant(), zone));
        Report report = reports.generate(tenant.id(), period, chosen);
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(f.contentType()))
                .header(HttpHeaders.CONTENT_DISPOSITION, attachment(report.fileBaseName() + "." + f.extension()))
                .body(renderers.render(report, f));
    }

    /** One row per conversation started in [from, to] with its facts, as {@code csv} (default) or {@code xlsx}. */
    @Operation(summary = "One row per conversation started in local days [from, to], with its facts, as csv or xlsx")
    @GetMapping("/exports/conversations")
    ResponseEntity<StreamingResponseBody> conversations(Caller caller, @RequestParam(required = false) String tenantId,
            @RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(required = false) String format, @RequestParam(required = false) String timezone) {
        Tenant tenant = tenant(caller, tenantId);
        ReportFormat f = ReportFormat.parse("format", format, ReportFormat.CSV);
        if (f != ReportFormat.CSV && f != ReportFormat.XLSX) {
            throw ApiException.badRequest("format", "the conversation export is csv or xlsx");
        }
        ZoneId zone = ReportRequests.zone("timezone", timezone, tenant.timezone());
        ReportPeriod period = ReportRequests.period(from, to, zone, LocalDate.ofInstant(clock.instant(), zone));
        String name = "convolens-" + tenant.id().replaceAll("[^A-Za-z0-9_-]", "_") + "-conversations-" + period.key()
                + "." + f.extension();
        StreamingResponseBody body = f == ReportFormat.CSV
                ? out -> conversations.csv(tenant.id(), period, out)
                : out -> conversations.xlsx(tenant.id(), period, out);
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(f.contentType()))
                .header(HttpHeaders.CONTENT_DISPOSITION, attachment(name))
                .body(body);
    }

    private Tenant tenant(Caller caller, String tenantId) {
        caller.require(Scope.READ);
        return tenants.get(caller.tenantFor(tenantId));
    }

    static String attachment(String filename) {
        return ContentDisposition.attachment().filename(filename).build().toString();
    }
}
