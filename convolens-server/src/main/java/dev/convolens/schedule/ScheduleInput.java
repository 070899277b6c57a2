package dev.convolens.schedule;

import dev.convolens.report.ReportFormat;
import dev.convolens.report.ReportRequests;
import dev.convolens.report.Section;
import dev.convolens.system.ApiException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * A schedule as a client writes it ({@code POST} and {@code PUT} take the same body; PUT replaces the whole schedule),
 * validated field by field: every failure is {@code 400 {"error":"invalid <field>","detail"}}. Read-only fields a
 * client may echo back from a GET (id, tenantId, createdAt, updatedAt, nextRunAt) are ignored; any other unknown
 * field is refused, so a typo ({@code recipient}) is not silently dropped.
 */
record ScheduleInput(String name, Frequency frequency, ReportFormat format, Set<Section> sections, List<String> recipients,
        boolean enabled, ZoneId timezone, int hour) {

    static final int DEFAULT_HOUR = 6;
    static final int MAX_RECIPIENTS = 50;
    private static final Set<String> FIELDS = Set.of("name", "frequency", "format", "sections", "recipients", "enabled",
            "timezone", "hour");
    private static final Set<String> READ_ONLY = Set.of("id", "tenantId", "createdAt", "updatedAt", "nextRunAt");
    /** A bare address: one @, a dot in the domain, no spaces or commas (the list is stored comma-separated). */
    private static final Pattern EMAIL = Pattern.compile("[^@\\s,;<>\"]+@[^@\\s,;<>\"]+\\.[^@\\s,;<>\".]+");

    static ScheduleInput parse(JsonNode body, ZoneId tenantZone) {
        if (body == null || !body.isObject()) throw ApiException.badRequest("body", "the body must be a JSON object");
        for (Map.Entry<String, JsonNode> field : body.properties()) {
            if (!FIELDS.contains(field.getKey()) && !READ_ONLY.contains(field.getKey())) {
                throw ApiException.badRequest(field.getKey(), "unknown field '" + field.getKey() + "'; a schedule has "
                        + String.join(", ", List.of("name", "frequency", "format", "sections", "recipients", "enabled", "timezone", "hour")));
            }
        }
        String name = text(body, "name");
        if (name == null || name.isBlank()) throw ApiException.badRequest("name", "name is required");
        if (name.strip().length() > 200) throw ApiException.badRequest("name", "name is longer than 200 characters");

        String frequencyText = text(body, "frequency");
        Frequency frequency = frequencyText == null ? null : Frequency.parse(frequencyText.strip().toLowerCase(Locale.ROOT));
        if (frequency == null) throw ApiException.badRequest("frequency", "frequency must be 'weekly' or 'monthly'");

        ReportFormat format = ReportFormat.parse("format", text(body, "format"), ReportFormat.PDF);

        Set<Section> sections;
        JsonNode s = body.get("sections");
        if (s == null || s.isNull()) {
            sections = Section.parseList("sections", null);
        } else {
            sections = Section.parse("sections", strings("sections", s));
        }

        JsonNode r = body.get("recipients");
        if (r == null || r.isNull()) throw ApiException.badRequest("recipients", "recipients is required: a list of email addresses");
        List<String> recipients = recipients(strings("recipients", r));

        boolean enabled = true;
        JsonNode e = body.get("enabled");
        if (e != null && !e.isNull()) {
            if (!e.isBoolean()) throw ApiException.badRequest("enabled", "enabled must be true or false");
            enabled = e.booleanValue();
        }

        ZoneId timezone = ReportRequests.zone("timezone", text(body, "timezone"), tenantZone);

        int hour = DEFAULT_HOUR;
        JsonNode h = body.get("hour");
        if (h != null && !h.isNull()) {
            if (!h.isIntegralNumber() || h.asLong() < 0 || h.asLong() > 23) {
                throw ApiException.badRequest("hour", "hour must be a whole number from 0 to 23 (the local hour the report is sent)");
            }
            hour = h.asInt();
        }
        return new ScheduleInput(name.strip(), frequency, format, sections, recipients, enabled, timezone, hour);
    }

    private static List<String> recipients(List<String> values) {
        if (values.isEmpty()) throw ApiException.badRequest("recipients", "at least one recipient is required");
        Map<String, String> unique = new LinkedHashMap<>();
        for (String value : values) {
            String address = value == null ? "" : value.strip();
            if (!validEmail(address)) {
                throw ApiException.badRequest("recipients", "'" + value + "' is not an email address such as ops@example.com");
            }
            unique.putIfAbsent(address.toLowerCase(Locale.ROOT), address);
        }
        if (unique.size() > MAX_RECIPIENTS) {
            throw ApiException.badRequest("recipients", "at most " + MAX_RECIPIENTS + " recipients per schedule");
        }
        return new ArrayList<>(unique.values());
    }

    static boolean validEmail(String address) {
        if (address.length() > 254 || !EMAIL.matcher(address).matches()) return false;
        try {
            InternetAddress parsed = new InternetAddress(address, true);
            parsed.validate();
            return parsed.getAddress().equals(address) && parsed.getPersonal() == null;
        } catch (AddressException e) {
            return false;
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isString()) throw ApiException.badRequest(field, field + " must be a string");
        return v.asString();
    }

    private static List<String> strings(String field, JsonNode v) {
        if (!v.isArray()) throw ApiException.badRequest(field, field + " must be a list of strings");
        List<String> out = new ArrayList<>();
        for (JsonNode item : v) {
            if (!item.isString()) throw ApiException.badRequest(field, field + " must be a list of strings");
            out.add(item.asString());
        }
        return out;
    }
}
