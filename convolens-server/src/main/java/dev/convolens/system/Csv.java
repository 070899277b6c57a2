package dev.convolens.system;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** Every list endpoint's {@code format=csv} answer: a header row, then one row per item, RFC 4180. */
public final class Csv {
    private Csv() {}

    /**
     * A text cell a spreadsheet would run as a formula ({@code =}, {@code +}, {@code -}, {@code @}, tab or carriage
     * return first) gets a leading {@code '} (OWASP's rule for CSV injection), so that it is shown as the text it is.
     * Numbers are written as numbers.
     */
    public static Object cell(Object value) {
        if (!(value instanceof CharSequence text) || text.isEmpty()) return value;
        char first = text.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r'
                ? "'" + text : value;
    }

    /** Every cell of a row through {@link #cell}. */
    public static List<Object> safe(List<?> row) {
        List<Object> out = new java.util.ArrayList<>(row.size());
        for (Object v : row) out.add(cell(v));
        return out;
    }

    public static ResponseEntity<String> response(String filename, List<List<Object>> rows) {
        StringWriter out = new StringWriter();
        try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.RFC4180)) {
            for (List<Object> row : rows) printer.printRecord(safe(row));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + filename + "\"")
                .body(out.toString());
    }
}
