package dev.enlightened.modelcheck.catalog;

import java.util.List;

/** The catalog is unreadable or has invalid entries; each problem names the entry and the field or path. */
public final class CatalogException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final List<String> problems;

    /** One exception for all problems found, so a user fixes them in one pass. */
    public CatalogException(List<String> problems) {
        super(problems.get(0) + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more problems)" : ""));
        this.problems = List.copyOf(problems);
    }

    /** Every problem, one line each. */
    public List<String> problems() {
        return problems;
    }
}
