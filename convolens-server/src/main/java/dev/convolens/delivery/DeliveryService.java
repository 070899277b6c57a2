package dev.convolens.delivery;

import dev.convolens.report.Display;
import dev.convolens.report.Figure;
import dev.convolens.report.Report;
import dev.convolens.report.ReportFormat;
import dev.convolens.report.ReportRenderers;
import dev.convolens.report.ReportService;
import dev.convolens.report.ReportsProperties;
import dev.convolens.report.Section;
import dev.convolens.report.SectionData;
import dev.convolens.tenant.Tenant;
import dev.convolens.tenant.TenantService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Delivers claimed reports: one attempt = take the row (a lease), generate the report, keep the file under
 * {@code convolens.reports.storage}, mail it, record it sent. A failed attempt is recorded with its error and tried
 * again after an exponential backoff ({@code convolens.reports.retry.*}) by a later run, not by a sleeping thread,
 * so retries survive restarts and show in the delivery log. An attempt whose instance died mid-way keeps its row in
 * {@code sending} until the lease lapses; then any instance resumes it (with the same Message-ID).
 */
@Service
public class DeliveryService {
    private static final Logger log = LoggerFactory.getLogger(DeliveryService.class);
    /** Most rows one run starts attempts on; the rest wait for the next run. */
    static final int BATCH = 5_000;

    private final DeliveryStore store;
    private final ReportService reports;
    private final ReportRenderers renderers;
    private final ReportMailer mailer;
    private final TenantService tenants;
    private final ReportsProperties properties;
    private final Clock clock;
    private final String instance;

    DeliveryService(DeliveryStore store, ReportService reports, ReportRenderers renderers, ReportMailer mailer,
            TenantService tenants, ReportsProperties properties, Clock clock) {
        this.store = store;
        this.reports = reports;
        this.renderers = renderers;
        this.mailer = mailer;
        this.tenants = tenants;
        this.properties = properties;
        this.clock = clock;
        this.instance = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Claims the order's (schedule, period, run) if nobody has; empty when it was claimed before. */
    public Optional<Delivery> claim(DeliveryOrder order) {
        return store.claim(order, messageDomain(), clock.instant());
    }

    /**
     * Starts an attempt on every ready delivery ({@code convolens.reports.workers} at a time) and waits for them;
     * answers the deliveries this call attempted, as they are afterwards.
     */
    public List<Delivery> attemptReady() {
        List<String> ids = store.ready(clock.instant(), BATCH);
        List<Delivery> done = new ArrayList<>();
        if (ids.isEmpty()) return done;
        if (properties.workers() == 1 || ids.size() == 1) {
            for (String id : ids) attempt(id).ifPresent(done::add);
            return done;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(properties.workers(), ids.size()), r -> {
            Thread t = new Thread(r, "convolens-report-delivery");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Optional<Delivery>>> futures = new ArrayList<>();
            for (String id : ids) futures.add(pool.submit(() -> attempt(id)));
            for (Future<Optional<Delivery>> f : futures) {
                try {
                    f.get().ifPresent(done::add);
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof Error error) throw error;
                    if (e.getCause() instanceof RuntimeException runtime) throw runtime;
                    throw new IllegalStateException(e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return done;
    }

    /**
     * One attempt on the delivery if it is ready (see {@link DeliveryStore#startAttempt}); answers the row after the
     * attempt, or empty when another attempt owns it or it is done. Only an {@link Error} escapes, as from a dying
     * instance: the row then stays owned until its lease lapses.
     */
    public Optional<Delivery> attempt(String id) {
        Instant now = clock.instant();
        Optional<Delivery> owned = store.startAttempt(id, instance, now, now.plus(properties.lease()));
        if (owned.isEmpty()) return Optional.empty();
        Delivery d = owned.get();
        try {
            Tenant tenant = tenants.get(d.tenantId());
            Set<Section> withSummary = EnumSet.copyOf(d.sections());
            withSummary.add(Section.SUMMARY);
            long read = System.nanoTime();
            Report full = reports.generate(tenant.id(), d.period(), withSummary);
            Report file = d.sections().contains(Section.SUMMARY) ? full : withoutSummary(full);
            long render = System.nanoTime();
            byte[] bytes = renderers.render(file, d.format());
            long send = System.nanoTime();
            String filename = file.fileBaseName() + "." + d.format().extension();
            store.recordFile(id, instance, keep(d, filename, bytes).toString());
            mailer.send(mail(d, full, filename, bytes));
            if (!store.markSent(id, instance, clock.instant())) {
                log.warn("delivery {} was sent but its row had been taken over or removed meanwhile", id);
            }
            log.info("report {} for tenant {} ({}) mailed to {} recipient(s); read {} ms, rendered {} ms, sent {} ms",
                    d.period().key(), d.tenantId(), d.scheduleId(), d.recipients().size(), (render - read) / 1_000_000,
                    (send - render) / 1_000_000, (System.nanoTime() - send) / 1_000_000);
        } catch (RuntimeException e) {
            boolean last = d.attempts() >= properties.retry().attempts();
            Instant retryAt = last ? null : clock.instant().plus(properties.retry().backoffAfter(d.attempts()));
            store.markFailed(id, instance, describe(e), retryAt);
            log.warn("delivery {} of schedule {} failed (attempt {} of {}){}: {}", id, d.scheduleId(), d.attempts(),
                    properties.retry().attempts(), last ? "; giving up" : "; next try at " + retryAt, describe(e));
        }
        return store.find(id);
    }

    /** The file as mailed, kept at {@code <storage>/<tenant>/<schedule>/<period>-<delivery>.<ext>}. */
    private Path keep(Delivery d, String filename, byte[] bytes) {
        Path dir = properties.storage().resolve(safe(d.tenantId())).resolve(safe(d.scheduleId()));
        Path target = dir.resolve(d.period().key() + "-" + d.id().substring(0, 8) + "." + d.format().extension());
        try {
            Files.createDirectories(dir);
            Path temp = Files.createTempFile(dir, ".report-", ".tmp");
            Files.write(temp, bytes);
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("could not keep the report under " + dir + ": " + e.getMessage(), e);
        }
        return target;
    }

    private ReportMail mail(Delivery d, Report report, String filename, byte[] bytes) {
        String subject = report.period().title() + " for " + report.tenantName();
        return new ReportMail(properties.from(), d.recipients(), subject, MailBody.html(report, filename),
                MailBody.text(report, filename), filename, contentTypeOf(d.format()), bytes, d.messageId());
    }

    private static String contentTypeOf(ReportFormat format) {
        int semicolon = format.contentType().indexOf(';');
        return semicolon < 0 ? format.contentType() : format.contentType().substring(0, semicolon);
    }

    private static Report withoutSummary(Report r) {
        List<SectionData> sections = r.sections().stream().filter(s -> s.section() != Section.SUMMARY).toList();
        return new Report(r.tenantId(), r.tenantName(), r.period(), r.generatedAt(), r.dataAsOf(), sections);
    }

    private String messageDomain() {
        String from = properties.from();
        int at = from.lastIndexOf('@');
        String domain = at < 0 ? "convolens.local" : from.substring(at + 1).replaceAll("[^A-Za-z0-9.-]", "");
        return domain.isEmpty() ? "convolens.local" : domain;
    }

    private static String safe(String s) {
        return s.replaceAll("[^A-Za-z0-9_.-]", "_");
    }

    private static String describe(Throwable e) {
        StringBuilder out = new StringBuilder(e.getClass().getSimpleName()).append(": ").append(e.getMessage());
        Throwable cause = e.getCause();
        for (int depth = 0; cause != null && cause != e && depth < 3; depth++, cause = cause.getCause()) {
            out.append("; caused by ").append(cause.getClass().getSimpleName()).append(": ").append(cause.getMessage());
        }
        return out.toString();
    }

    /** The key numbers a recipient reads before opening the attachment. */
    static final class MailBody {
        private MailBody() {}

        static String html(Report report, String filename) {
            StringBuilder h = new StringBuilder(4096);
            h.append("<!DOCTYPE html><html><body style=\"margin:0;padding:0;background:#f3f5f7\">")
                    .append("<div style=\"font-family:Helvetica,Arial,sans-serif;color:#1f2933;max-width:640px;margin:0 auto;background:#ffffff\">")
                    .append("<div style=\"background:#0f4c5c;color:#ffffff;padding:18px 22px\">")
                    .append("<div style=\"font-size:11px;letter-spacing:2px;color:#9fd3e0;font-weight:bold\">CONVOLENS</div>")
                    .append("<div style=\"font-size:22px;font-weight:bold;margin-top:6px\">").append(esc(report.period().title())).append("</div>")
                    .append("<div style=\"font-size:15px;margin-top:2px\">").append(esc(report.tenantName())).append("</div>")
                    .append("<div style=\"font-size:13px;color:#d5ecf2;margin-top:6px\">").append(esc(report.period().display()))
                    .append(" &middot; ").append(esc(report.zone().getId())).append("</div></div>")
                    .append("<table style=\"width:100%;border-collapse:collapse;font-size:14px;margin:8px 0\">")
                    .append("<tr><th style=\"text-align:left;padding:8px 22px;color:#52606d;font-size:12px\">Key number</th>")
                    .append("<th style=\"text-align:right;padding:8px 12px;color:#52606d;font-size:12px\">This period</th>")
                    .append("<th style=\"text-align:right;padding:8px 22px;color:#52606d;font-size:12px\">vs ")
                    .append(esc(report.compared().versus())).append("</th></tr>");
            for (Figure f : keyFigures(report)) {
                String color = switch (f.verdict()) {
                    case 1 -> "#1a7f37";
                    case -1 -> "#c62828";
                    default -> "#7b8794";
                };
                h.append("<tr><td style=\"padding:7px 22px;border-top:1px solid #e4e7eb\">").append(esc(f.label())).append("</td>")
                        .append("<td style=\"padding:7px 12px;border-top:1px solid #e4e7eb;text-align:right;font-weight:bold\">")
                        .append(esc(Display.format(f.kind(), f.value()))).append("</td>")
                        .append("<td style=\"padding:7px 22px;border-top:1px solid #e4e7eb;text-align:right;color:").append(color)
                        .append("\">").append(esc(Display.change(f))).append("</td></tr>");
            }
            h.append("</table>");
            if (!keyFigures(report).isEmpty()) {
                h.append("<p style=\"font-size:12px;padding:0 22px;color:#52606d\">")
                        .append(esc(report.compared().sentence())).append("</p>");
            }
            h.append("<p style=\"font-size:13px;padding:0 22px;color:#3e4c59\">The full report is attached: <b>")
                    .append(esc(filename)).append("</b>.</p>")
                    .append("<p style=\"font-size:11px;padding:0 22px 18px 22px;color:#7b8794\">Data as of ")
                    .append(esc(report.dataAsOf() == null ? "no events in this period" : Display.time(report.dataAsOf(), report.zone())))
                    .append(" (newest event included). Generated ").append(esc(Display.time(report.generatedAt(), report.zone())))
                    .append(".</p></div></body></html>");
            return h.toString();
        }

        static String text(Report report, String filename) {
            StringBuilder t = new StringBuilder();
            t.append(report.period().title()).append(" for ").append(report.tenantName()).append('\n')
                    .append(report.period().display()).append(" (").append(report.zone().getId()).append(")\n\n");
            for (Figure f : keyFigures(report)) {
                t.append(f.label()).append(": ").append(Display.format(f.kind(), f.value())).append(" (")
                        .append(Display.change(f)).append(" vs ").append(report.compared().versus()).append(")\n");
            }
            if (!keyFigures(report).isEmpty()) t.append(report.compared().sentence()).append('\n');
            t.append("\nThe full report is attached: ").append(filename).append('\n')
                    .append("Data as of ").append(report.dataAsOf() == null ? "no events in this period"
                            : Display.time(report.dataAsOf(), report.zone())).append(" (newest event included)\n");
            return t.toString();
        }

        private static List<Figure> keyFigures(Report report) {
            List<Figure> figures = report.section(Section.SUMMARY).map(SectionData::figures).orElse(List.of());
            return figures.subList(0, Math.min(8, figures.size()));
        }

        private static String esc(String s) {
            return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
        }
    }
}
