package dev.enlightened.cli;

import picocli.CommandLine;

/** {@code --workers N|auto}: a positive count, or 0 for TLC's {@code -workers auto}. */
final class WorkersConverter implements CommandLine.ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
        if ("auto".equals(value)) {
            return 0;
        }
        try {
            int workers = Integer.parseInt(value);
            if (workers >= 1) {
                return workers;
            }
        } catch (NumberFormatException e) {
            // Falls through to the message below.
        }
        throw new CommandLine.TypeConversionException("expected a positive number or 'auto', got '" + value + "'");
    }
}
