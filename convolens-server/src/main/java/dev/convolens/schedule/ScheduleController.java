package dev.convolens.schedule;

import dev.convolens.delivery.Delivery;
import dev.convolens.delivery.DeliveryStore;
import dev.convolens.report.ReportsProperties;
import dev.convolens.report.Section;
import dev.convolens.system.ApiException;
import dev.convolens.tenant.Caller;
import dev.convolens.tenant.Scope;
import dev.convolens.tenant.Tenant;
import dev.convolens.tenant.TenantService;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Report schedules (seed 000's CRUD) and their deliveries. Reading schedules and the delivery log takes the
 * {@code read} scope (the dashboard's reports view shows them); creating, changing, deleting a schedule and "send now"
 * take {@code admin}, since they decide who receives a tenant's data by mail. A tenant key sees only its tenant's
 * schedules (another tenant's is a 403); the service admin key names the tenant with {@code tenantId} when listing or
 * creating.
 */
@RestController
class ScheduleController {
    static final int DEFAULT_DELIVERIES = 50;
    static final int MAX_DELIVERIES = 500;

    private final ScheduleStore store;
    private final DeliveryStore deliveries;
    private final ScheduleRunner runner;
    private final TenantService tenants;
    private final ReportsProperties properties;
    private final TransactionTemplate transaction;
    private final Clock clock;

    ScheduleController(ScheduleStore store, DeliveryStore deliveries, ScheduleRunner runner, TenantService tenants,
            ReportsProperties properties, javax.sql.DataSource dataSource, Clock clock) {
        this.store = store;
        this.deliveries = deliveries;
        this.runner = runner;
        this.tenants = tenants;
        this.properties = properties;
        this.transaction = new TransactionTemplate(new org.springframework.jdbc.support.JdbcTransactionManager(dataSource));
        this.clock = clock;
    }

    @Operation(summary = "The tenant's report schedules")
    @GetMapping("/schedules")
    List<Map<String, Object>> list(Caller caller, @RequestParam(required = false) String tenantId) {
        caller.require(Scope.READ);
        Tenant tenant = tenants.get(caller.tenantFor(tenantId));
        Instant now = clock.instant();
        return store.forTenant(tenant.id()).stream().map(s -> view(s, now)).toList();
    }

    @Operation(summary = "Creates a report schedule: name, frequency weekly|monthly, format, sections, recipients, enabled, timezone, hour")
    @PostMapping("/schedules")
    ResponseEntity<Map<String, Object>> create(Caller caller, @RequestParam(required = false) String tenantId,
            @RequestBody(required = false) JsonNode body) {
        caller.require(Scope.ADMIN);
        Tenant tenant = tenants.get(caller.tenantFor(tenantId));
        ScheduleInput in = ScheduleInput.parse(body, tenant.timezone());
        Instant now = now();
        Schedule s = new Schedule(UUID.randomUUID().toString(), tenant.id(), in.name(), in.frequency(), in.format(),
                in.sections(), in.recipients(), in.enabled(), in.timezone(), in.hour(), now, now, now);
        store.insert(s);
        return ResponseEntity.created(URI.create("/schedules/" + s.id())).body(view(s, now));
    }

    @Operation(summary = "One report schedule, with its next run")
    @GetMapping("/schedules/{id}")
    Map<String, Object> get(Caller caller, @PathVariable String id) {
        return view(schedule(caller, id, Scope.READ), clock.instant());
    }

    @Operation(summary = "Replaces a report schedule (same body as POST)")
    @PutMapping("/schedules/{id}")
    Map<String, Object> update(Caller caller, @PathVariable String id, @RequestBody(required = false) JsonNode body) {
        Schedule current = schedule(caller, id, Scope.ADMIN);
        Tenant tenant = tenants.get(current.tenantId());
        ScheduleInput in = ScheduleInput.parse(body, tenant.timezone());
        Instant now = now();
        // enabling a disabled schedule starts it afresh: periods that fell due while it was off are not sent
        Instant activeSince = in.enabled() && !current.enabled() ? now : current.activeSince();
        Schedule s = new Schedule(current.id(), current.tenantId(), in.name(), in.frequency(), in.format(), in.sections(),
                in.recipients(), in.enabled(), in.timezone(), in.hour(), activeSince, current.createdAt(), now);
        if (!store.update(s)) throw ApiException.notFound("no schedule '" + id + "'");
        return view(s, now);
    }

    @Operation(summary = "Deletes a report schedule and its delivery log")
    @DeleteMapping("/schedules/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(Caller caller, @PathVariable String id) {
        Schedule s = schedule(caller, id, Scope.ADMIN);
        transaction.executeWithoutResult(status -> {
            deliveries.deleteForSchedule(s.id());
            store.delete(s.id());
        });
    }

    @Operation(summary = "The schedule's deliveries, newest first: period, status, attempts, last error, sent-at")
    @GetMapping("/schedules/{id}/deliveries")
    List<Map<String, Object>> deliveries(Caller caller, @PathVariable String id,
            @RequestParam(defaultValue = "" + DEFAULT_DELIVERIES) int limit) {
        Schedule s = schedule(caller, id, Scope.READ);
        if (limit < 1 || limit > MAX_DELIVERIES) throw ApiException.badRequest("limit", "limit must be from 1 to " + MAX_DELIVERIES);
        return deliveries.forSchedule(s.id(), limit).stream().map(ScheduleController::view).toList();
    }

    /**
     * Mails the last complete period's report now; answers the delivery after its first attempt, or the period's
     * delivery as it is when one is on its way or sent ({@code created} false). {@code resend} mails a sent period
     * once more.
     */
    @Operation(summary = "Mails the last complete period's report now, once per period; resend=true mails a sent period again")
    @PostMapping("/schedules/{id}/send")
    Map<String, Object> send(Caller caller, @PathVariable String id, @RequestParam(required = false) String resend) {
        Schedule s = schedule(caller, id, Scope.ADMIN);
        ScheduleRunner.SendNow sent = runner.sendNow(s, flag("resend", resend));
        Map<String, Object> v = view(sent.delivery());
        v.put("created", sent.created());
        return v;
    }

    private static boolean flag(String name, String value) {
        if (value == null || value.equals("false")) return false;
        if (value.equals("true") || value.isEmpty()) return true;
        throw ApiException.badRequest(name, name + " must be true or false, not '" + value + "'");
    }

    private Schedule schedule(Caller caller, String id, Scope scope) {
        caller.require(scope);
        Schedule s = store.find(id).orElseThrow(() -> ApiException.notFound("no schedule '" + id + "'"));
        caller.tenantFor(s.tenantId());
        return s;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private Map<String, Object> view(Schedule s, Instant now) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", s.id());
        v.put("tenantId", s.tenantId());
        v.put("name", s.name());
        v.put("frequency", s.frequency().wireName());
        v.put("format", s.format().wireName());
        v.put("sections", s.sections().stream().map(Section::wireName).toList());
        v.put("recipients", s.recipients());
        v.put("enabled", s.enabled());
        v.put("timezone", s.timezone().getId());
        v.put("hour", s.hour());
        Instant next = s.nextRunAt(now, properties.grace());
        v.put("nextRunAt", next == null ? null : next.toString());
        v.put("createdAt", s.createdAt().toString());
        v.put("updatedAt", s.updatedAt().toString());
        return v;
    }

    static Map<String, Object> view(Delivery d) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", d.id());
        v.put("scheduleId", d.scheduleId());
        v.put("period", d.period().key());
        v.put("periodStart", d.period().start().toString());
        v.put("periodEnd", d.period().end().toString());
        v.put("timezone", d.period().zone().getId());
        v.put("trigger", d.trigger());
        v.put("status", d.status());
        v.put("attempts", d.attempts());
        v.put("lastError", d.lastError());
        v.put("nextAttemptAt", d.status().equals(Delivery.RETRYING) ? d.nextAttemptAt().toString() : null);
        v.put("recipients", d.recipients());
        v.put("format", d.format().wireName());
        v.put("file", d.filePath() == null ? null : Path.of(d.filePath()).getFileName().toString());
        v.put("messageId", d.messageId());
        v.put("createdAt", d.createdAt().toString());
        v.put("sentAt", d.sentAt() == null ? null : d.sentAt().toString());
        return v;
    }
}
