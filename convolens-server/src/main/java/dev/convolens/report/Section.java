package dev.convolens.report;

import dev.convolens.system.ApiException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** The sections of a report (SPEC §9), in the order a report shows them. */
public enum Section {
    SUMMARY("Summary"),
    CONVERSATIONS("Conversations"),
    RESPONSE_TIMES("Response times"),
    STAFF_PERFORMANCE("Staff performance"),
    SATISFACTION("Satisfaction"),
    TOP_INTENTS("Top intents"),
    CHANNEL_BREAKDOWN("Channel breakdown"),
    LIVE_CHAT("Live chat"),
    BOT_PERFORMANCE("Bot performance");

    private final String title;

    Section(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }

    /** How requests and stored schedules spell it: {@code response_times}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static List<String> wireNames() {
        return Arrays.stream(values()).map(Section::wireName).toList();
    }

    /**
     * Reads a list of section names, keeping the report's order whatever order they came in; fails naming
     * {@code field} on an unknown name or an empty list.
     */
    public static Set<Section> parse(String field, List<String> names) {
        if (names.isEmpty()) {
            throw ApiException.badRequest(field, "at least one section is required; valid: " + String.join(", ", wireNames()));
        }
        Set<Section> sections = EnumSet.noneOf(Section.class);
        List<String> unknown = new ArrayList<>();
        for (String name : names) {
            String n = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
            Arrays.stream(values()).filter(s -> s.wireName().equals(n)).findFirst().ifPresentOrElse(sections::add,
                    () -> unknown.add(name));
        }
        if (!unknown.isEmpty()) {
            throw ApiException.badRequest(field, "unknown section(s) " + unknown + "; valid: " + String.join(", ", wireNames()));
        }
        return sections;
    }

    /** A comma-separated list ({@code sections=summary,live_chat}); null or blank means every section. */
    public static Set<Section> parseList(String field, String list) {
        if (list == null || list.isBlank()) return EnumSet.allOf(Section.class);
        return parse(field, Arrays.stream(list.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList());
    }

    public static String join(Set<Section> sections) {
        return sections.stream().map(Section::wireName).collect(Collectors.joining(","));
    }
}
