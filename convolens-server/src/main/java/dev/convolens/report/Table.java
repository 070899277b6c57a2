package dev.convolens.report;

import java.util.List;

/**
 * Rows of one section: one per day, agent, intent... {@code total} is the row over the whole period (exact, never a
 * sum of the rows' percentiles), or null. Values are {@code Long}, {@code Double}, {@code String}, {@code LocalDate}
 * or null, as the column's {@link Kind} says.
 */
public record Table(String key, String title, List<Column> columns, List<List<Object>> rows, List<Object> total) {

    public Table {
        for (List<Object> row : rows) {
            if (row.size() != columns.size()) throw new IllegalArgumentException(key + ": row of " + row.size()
                    + " values for " + columns.size() + " columns");
        }
        if (total != null && total.size() != columns.size()) throw new IllegalArgumentException(key + ": total row size");
    }

    public int indexOf(String columnKey) {
        for (int i = 0; i < columns.size(); i++) if (columns.get(i).key().equals(columnKey)) return i;
        throw new IllegalArgumentException(key + " has no column " + columnKey);
    }

    /** The values of one column, in row order. */
    public List<Object> column(String columnKey) {
        int i = indexOf(columnKey);
        return rows.stream().map(r -> r.get(i)).toList();
    }
}
