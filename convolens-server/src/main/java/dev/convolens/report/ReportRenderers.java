package dev.convolens.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Every {@link ReportRenderer} by format. */
@Component
public class ReportRenderers {
    private final Map<ReportFormat, ReportRenderer> byFormat = new EnumMap<>(ReportFormat.class);

    ReportRenderers(List<ReportRenderer> renderers) {
        for (ReportRenderer r : renderers) {
            if (byFormat.put(r.format(), r) != null) throw new IllegalStateException("two renderers for " + r.format());
        }
        for (ReportFormat f : ReportFormat.values()) {
            if (!byFormat.containsKey(f)) throw new IllegalStateException("no renderer for " + f);
        }
    }

    /** The report as a file of the format. */
    public byte[] render(Report report, ReportFormat format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        try {
            byFormat.get(format).render(report, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
