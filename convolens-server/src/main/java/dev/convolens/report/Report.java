package dev.convolens.report;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * A report as every renderer sees it.
 *
 * @param tenantId the tenant reported on
 * @param tenantName shown in titles and mail subjects
 * @param period the local days covered, in the report's timezone
 * @param generatedAt when the numbers were read
 * @param dataAsOf the newest event of the period (null when it had none): late events after it are not in the report
 * @param sections in {@link Section} order
 */
public record Report(String tenantId, String tenantName, ReportPeriod period, Instant generatedAt, Instant dataAsOf,
        List<SectionData> sections) {

    public ZoneId zone() {
        return period.zone();
    }

    /** What the summary's changes compare: the same part of the previous period while this one is still open. */
    public ReportPeriod.Compared compared() {
        return period.compared(generatedAt);
    }

    public Optional<SectionData> section(Section section) {
        return sections.stream().filter(s -> s.section() == section).findFirst();
    }

    /** The base of a file name: {@code convolens-acme-2026-W47}. */
    public String fileBaseName() {
        return "convolens-" + tenantId.replaceAll("[^A-Za-z0-9_-]", "_") + "-" + period.key();
    }
}
