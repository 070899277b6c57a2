package dev.convolens.report;

import java.util.List;
import java.util.Optional;

/** One section of a report: its key numbers over the period and its tables. */
public record SectionData(Section section, List<Figure> figures, List<Table> tables) {

    public Optional<Table> table(String key) {
        return tables.stream().filter(t -> t.key().equals(key)).findFirst();
    }

    public Optional<Figure> figure(String key) {
        return figures.stream().filter(f -> f.key().equals(key)).findFirst();
    }
}
