package dev.convolens.report;

import dev.convolens.system.ApiException;
import java.util.Arrays;
import java.util.Locale;

/** The file types a report is rendered to, with what HTTP and mail say about them. */
public enum ReportFormat {
    PDF("application/pdf"),
    XLSX("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    CSV("text/csv; charset=UTF-8"),
    JSON("application/json");

    private final String contentType;

    ReportFormat(String contentType) {
        this.contentType = contentType;
    }

    public String contentType() {
        return contentType;
    }

    public String extension() {
        return wireName();
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code pdf|xlsx|csv|json}; null means {@code fallback}. */
    public static ReportFormat parse(String field, String value, ReportFormat fallback) {
        if (value == null || value.isBlank()) return fallback;
        String v = value.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(f -> f.wireName().equals(v)).findFirst()
                .orElseThrow(() -> ApiException.badRequest(field, "format must be one of pdf, xlsx, csv, json; not '" + value + "'"));
    }
}
