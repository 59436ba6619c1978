package dev.enlightened.sim;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Base64;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * A run's decisions, in order: for each, how many options there were and which one was taken. Its text form is
 * {@code r1-} followed by base64url of the deflated varint pairs (options, choice): compact enough for a command
 * line (a few hundred decisions take a few dozen characters, since most are 0 of 1 or 2).
 */
public final class ReplayToken {
    /** Prefix of the text form; the digit is the format version. */
    public static final String PREFIX = "r1-";
    /** Most decisions a token may hold (a bound on what a malformed token can make us allocate). */
    public static final int MAX_DECISIONS = 10_000_000;

    private final int[] options;
    private final int[] choices;

    private ReplayToken(int[] options, int[] choices) {
        this.options = options;
        this.choices = choices;
    }

    /** The token does not parse; the message names why. */
    public static final class Malformed extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message);
        }
    }

    /** A replayed run asked for a decision the token does not hold as recorded. */
    public static final class Diverged extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        Diverged(String message) {
            super(message);
        }
    }

    /** Appends decisions. */
    public static final class Builder {
        private int[] options = new int[64];
        private int[] choices = new int[64];
        private int size;

        /** Adds one decision: {@code choice} of {@code options}. */
        public Builder add(int optionCount, int choice) {
            if (optionCount < 1 || choice < 0 || choice >= optionCount) {
                throw new IllegalArgumentException("choice out of range: options=" + optionCount + " choice="
                        + choice);
            }
            if (size == options.length) {
                options = Arrays.copyOf(options, size * 2);
                choices = Arrays.copyOf(choices, size * 2);
            }
            options[size] = optionCount;
            choices[size++] = choice;
            return this;
        }

        /** @return decisions added so far */
        public int size() {
            return size;
        }

        /** @return the token of the decisions added */
        public ReplayToken build() {
            return new ReplayToken(Arrays.copyOf(options, size), Arrays.copyOf(choices, size));
        }
    }

    /** @return number of decisions */
    public int size() {
        return options.length;
    }

    /** @return options of decision {@code i} */
    public int options(int i) {
        return options[i];
    }

    /** @return the choice taken at decision {@code i} */
    public int choice(int i) {
        return choices[i];
    }

    /** @return the first {@code n} decisions */
    public ReplayToken prefix(int n) {
        return new ReplayToken(Arrays.copyOf(options, n), Arrays.copyOf(choices, n));
    }

    /** @return the text form */
    public String encode() {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        for (int i = 0; i < options.length; i++) {
            varint(raw, options[i]);
            varint(raw, choices[i]);
        }
        Deflater d = new Deflater(Deflater.BEST_COMPRESSION);
        d.setInput(raw.toByteArray());
        d.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        while (!d.finished()) {
            out.write(buf, 0, d.deflate(buf));
        }
        d.end();
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(out.toByteArray());
    }

    /**
     * @param text a token's text form
     * @return the token
     * @throws Malformed naming what is wrong with it
     */
    public static ReplayToken decode(String text) {
        if (text == null || !text.startsWith(PREFIX)) {
            throw new Malformed("replay token must start with " + PREFIX + ": token=" + abbreviate(text));
        }
        byte[] deflated;
        try {
            deflated = Base64.getUrlDecoder().decode(text.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new Malformed("replay token is not base64url after " + PREFIX + ": " + e.getMessage());
        }
        byte[] raw = inflate(deflated);
        Builder b = new Builder();
        int[] pos = {0};
        while (pos[0] < raw.length) {
            int n = readVarint(raw, pos);
            if (pos[0] >= raw.length) {
                throw new Malformed("replay token ends inside decision " + (b.size() + 1));
            }
            int c = readVarint(raw, pos);
            if (n < 1 || c >= n) {
                throw new Malformed("replay token decision " + (b.size() + 1) + " is out of range: options=" + n
                        + " choice=" + c);
            }
            if (b.size() >= MAX_DECISIONS) {
                throw new Malformed("replay token holds more than " + MAX_DECISIONS + " decisions");
            }
            b.add(n, c);
        }
        return b.build();
    }

    private static byte[] inflate(byte[] deflated) {
        Inflater inf = new Inflater();
        inf.setInput(deflated);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        try {
            while (!inf.finished()) {
                int n = inf.inflate(buf);
                // An empty token (a run that took no decision) inflates to nothing and finishes at once.
                if (n == 0 && !inf.finished() && (inf.needsInput() || inf.needsDictionary())) {
                    throw new Malformed("replay token is truncated (its compressed data ends early)");
                }
                out.write(buf, 0, n);
                if (out.size() > 2L * 5 * MAX_DECISIONS) {
                    throw new Malformed("replay token expands beyond " + MAX_DECISIONS + " decisions");
                }
            }
        } catch (DataFormatException e) {
            throw new Malformed("replay token is corrupt: " + e.getMessage());
        } finally {
            inf.end();
        }
        return out.toByteArray();
    }

    private static void varint(ByteArrayOutputStream out, int v) {
        while ((v & ~0x7F) != 0) {
            out.write((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.write(v);
    }

    private static int readVarint(byte[] raw, int[] pos) {
        int v = 0;
        for (int shift = 0; shift < 32; shift += 7) {
            if (pos[0] >= raw.length) {
                throw new Malformed("replay token ends inside a number");
            }
            int b = raw[pos[0]++] & 0xFF;
            v |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                if (v < 0) {
                    throw new Malformed("replay token holds a negative number");
                }
                return v;
            }
        }
        throw new Malformed("replay token holds a number longer than 32 bits");
    }

    private static String abbreviate(String s) {
        if (s == null) {
            return "null";
        }
        return s.length() <= 20 ? s : s.substring(0, 20) + "...";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReplayToken t && Arrays.equals(options, t.options) && Arrays.equals(choices, t.choices);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(options) + Arrays.hashCode(choices);
    }

    @Override
    public String toString() {
        return encode();
    }
}
