package dev.convolens.report;

import dev.convolens.system.ApiNumbers;
import java.io.OutputStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The report as JSON: key numbers by name ({@code figures}, with {@code previous} and {@code change} when the section
 * compares), each table as {@code {"rows":[{column: value}], "total": {...}}}. Units are the query API's:
 * milliseconds, rates as fractions, CSAT score in percent.
 */
@Component
class JsonReportRenderer implements ReportRenderer {
    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    @Override
    public ReportFormat format() {
        return ReportFormat.JSON;
    }

    @Override
    public void render(Report report, OutputStream out) throws java.io.IOException {
        // as bytes first: the mapper would close a stream it is handed
        out.write(JSON.writeValueAsBytes(tree(report)));
    }

    static Map<String, Object> tree(Report report) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("title", report.period().title());
        Map<String, Object> tenant = new LinkedHashMap<>();
        tenant.put("id", report.tenantId());
        tenant.put("name", report.tenantName());
        root.put("tenant", tenant);
        Map<String, Object> period = new LinkedHashMap<>();
        period.put("from", report.period().start().toString());
        period.put("to", report.period().end().toString());
        period.put("timezone", report.zone().getId());
        period.put("key", report.period().key());
        period.put("fromInstant", report.period().from().toString());
        period.put("toInstant", report.period().to().toString());
        root.put("period", period);
        root.put("generatedAt", report.generatedAt().toString());
        root.put("dataAsOf", report.dataAsOf() == null ? null : report.dataAsOf().toString());
        Map<String, Object> sections = new LinkedHashMap<>();
        for (SectionData section : report.sections()) {
            Map<String, Object> s = new LinkedHashMap<>();
            Map<String, Object> figures = new LinkedHashMap<>();
            Map<String, Object> previous = new LinkedHashMap<>();
            Map<String, Object> change = new LinkedHashMap<>();
            boolean compares = section.figures().stream().anyMatch(f -> f.previous() != null);
            for (Figure f : section.figures()) {
                figures.put(f.key(), rounded(f.kind(), f.value()));
                if (compares) {
                    previous.put(f.key(), rounded(f.kind(), f.previous()));
                    change.put(f.key(), ApiNumbers.percent(f.change() == null ? null : f.change().doubleValue()));
                }
            }
            s.put("figures", figures);
            if (compares) {
                ReportPeriod.Compared compared = report.compared();
                Map<String, Object> spans = new LinkedHashMap<>();
                spans.put("from", compared.from().toString());
                spans.put("to", compared.to().toString());
                spans.put("previousFrom", compared.previousFrom().toString());
                spans.put("previousTo", compared.previousTo().toString());
                spans.put("partial", compared.partial());
                s.put("compared", spans);
                s.put("previous", previous);
                s.put("change", change);
            }
            for (Table table : section.tables()) {
                Map<String, Object> t = new LinkedHashMap<>();
                List<Map<String, Object>> rows = new ArrayList<>();
                for (List<Object> row : table.rows()) rows.add(object(table, row));
                t.put("rows", rows);
                if (table.total() != null) t.put("total", object(table, table.total()));
                s.put(table.key(), t);
            }
            sections.put(section.section().wireName(), s);
        }
        root.put("sections", sections);
        return root;
    }

    /** A number by the query API's rounding rule for its kind; anything else as is. */
    static Object rounded(Kind kind, Object v) {
        if (!(v instanceof Number n) || v instanceof Long || v instanceof Integer) return v;
        double d = n.doubleValue();
        return switch (kind) {
            case COUNT, MILLIS -> ApiNumbers.whole(d);
            case RATE -> ApiNumbers.fraction(d);
            case USD -> ApiNumbers.usd(d);
            case PERCENT, DECIMAL -> ApiNumbers.percent(d);
            default -> v;
        };
    }

    private static Map<String, Object> object(Table table, List<Object> row) {
        Map<String, Object> o = new LinkedHashMap<>();
        for (int i = 0; i < table.columns().size(); i++) {
            Object v = row.get(i);
            Column c = table.columns().get(i);
            o.put(c.key(), v instanceof LocalDate d ? d.toString() : rounded(c.kind(), v));
        }
        return o;
    }
}
