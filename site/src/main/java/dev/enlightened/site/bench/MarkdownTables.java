package dev.enlightened.site.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The tables of a Markdown file, each with the heading it stands under. docs/benchmarks.md is the single source of
 * the benchmark figures: its tables are read here for the plots, not copied into another data file.
 */
public final class MarkdownTables {
    /**
     * One table.
     *
     * @param heading the nearest heading above it
     * @param columns the header cells
     * @param rows    the body rows, cells trimmed
     */
    public record Table(String heading, List<String> columns, List<List<String>> rows) {
        /** @return the index of the column whose header equals {@code name}, or -1 */
        public int column(String name) {
            return columns.indexOf(name);
        }
    }

    private MarkdownTables() {
    }

    /** Every pipe table of the text. */
    public static List<Table> parse(String markdown) {
        List<Table> tables = new ArrayList<>();
        String heading = "";
        List<String> lines = markdown.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.startsWith("#")) {
                heading = line.replaceFirst("^#+\\s*", "");
            } else if (line.startsWith("|") && i + 1 < lines.size()
                    && lines.get(i + 1).strip().matches("\\|[\\s:|-]+\\|?")) {
                List<String> columns = cells(line);
                List<List<String>> rows = new ArrayList<>();
                int j = i + 2;
                while (j < lines.size() && lines.get(j).strip().startsWith("|")) {
                    rows.add(cells(lines.get(j).strip()));
                    j++;
                }
                tables.add(new Table(heading, columns, rows));
                i = j - 1;
            }
        }
        return tables;
    }

    private static List<String> cells(String line) {
        String s = line.strip();
        if (s.startsWith("|")) {
            s = s.substring(1);
        }
        if (s.endsWith("|")) {
            s = s.substring(0, s.length() - 1);
        }
        List<String> out = new ArrayList<>();
        for (String c : s.split("\\|", -1)) {
            out.add(c.strip());
        }
        return out;
    }

    /**
     * A number as the tables write it: {@code 1,000}, {@code 0.23 s} (to ms when {@code toMillis}), {@code 31.81 M}
     * (millions); NaN when the cell holds no single number.
     */
    public static double number(String cell, boolean toMillis) {
        String s = cell.replace(",", "").replace("`", "").strip();
        double factor = 1;
        if (s.endsWith(" M")) {
            factor = 1e6;
            s = s.substring(0, s.length() - 2);
        } else if (s.endsWith(" s") && toMillis) {
            factor = 1000;
            s = s.substring(0, s.length() - 2);
        } else if (s.endsWith(" ms")) {
            s = s.substring(0, s.length() - 3);
        }
        try {
            return Double.parseDouble(s.strip()) * factor;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
