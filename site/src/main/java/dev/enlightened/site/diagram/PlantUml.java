package dev.enlightened.site.diagram;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import net.sourceforge.plantuml.FileFormat;
import net.sourceforge.plantuml.FileFormatOption;
import net.sourceforge.plantuml.SourceStringReader;

/**
 * Renders PlantUML text to SVG with PlantUML-MIT, in this JVM: sequence diagrams need no layout engine, and state
 * diagrams use PlantUML's Smetana (a Java port of Graphviz's dot), so no Graphviz binary is needed. See
 * docs/site.md for why PlantUML and not hand-built SVG.
 */
public final class PlantUml {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    private PlantUml() {
    }

    /**
     * The SVG of a diagram.
     *
     * @throws IllegalStateException when PlantUML reports a syntax error (a bug of the generator, not of the input:
     *                               every label is escaped)
     */
    public static String svg(String source) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            var description = new SourceStringReader(source).outputImage(out, new FileFormatOption(FileFormat.SVG));
            String svg = out.toString(StandardCharsets.UTF_8);
            if (description == null || svg.isEmpty() || description.getDescription().contains("Error")
                    || svg.contains(">Syntax Error?<")) {
                throw new IllegalStateException("PlantUML could not render a generated diagram: "
                        + (description == null ? "no image" : description.getDescription()) + "\n" + source);
            }
            // PlantUML embeds its (compressed) source as a processing instruction; the page does not need it.
            return svg.replaceAll("<\\?plantuml-src [^?]*\\?>", "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Text for a PlantUML label: quotes, backslashes and newlines made harmless. */
    public static String label(String text) {
        return text.replace("\\", "\\\\").replace("\"", "'").replace("\r", "").replace("\n", "\\n");
    }
}
