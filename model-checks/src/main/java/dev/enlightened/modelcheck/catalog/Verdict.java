package dev.enlightened.modelcheck.catalog;

/**
 * Whether a result met its catalog expectation.
 *
 * @param met    true if it did
 * @param reason why not (empty when met)
 */
public record Verdict(boolean met, String reason) {
    /** The verdict of a result that met everything. */
    public static Verdict success() {
        return new Verdict(true, "");
    }

    /** The verdict of a result that missed, with the reason. */
    public static Verdict missed(String reason) {
        return new Verdict(false, reason);
    }
}
