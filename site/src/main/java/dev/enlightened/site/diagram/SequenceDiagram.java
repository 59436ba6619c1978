package dev.enlightened.site.diagram;

import java.util.List;

/**
 * A sequence diagram of the parties of a behaviour, as PlantUML text: one arrow per step, numbered, with
 * optional highlighting of one step, a loop box for a lasso and notes across all parties.
 */
public final class SequenceDiagram {
    private final StringBuilder body = new StringBuilder();
    private final Parties parties;

    /** @param parties the parties, every actor already registered (their lanes, left to right) */
    public SequenceDiagram(Parties parties) {
        this.parties = parties;
    }

    /** Adds a step. {@code highlight} draws it red and bold (the failing event). */
    public SequenceDiagram step(String actor, String action, String label, boolean highlight) {
        String[] arrow = parties.arrow(actor, action);
        String colour = highlight ? "-[#c00000,bold]>" : "->";
        body.append(alias(arrow[0])).append(' ').append(colour).append(' ').append(alias(arrow[1])).append(" : ")
                .append(highlight ? "<color:#c00000><b>" : "").append(PlantUml.label(label))
                .append(highlight ? "</b></color>" : "").append('\n');
        return this;
    }

    /** Opens a box around the following steps (a lasso's loop). */
    public SequenceDiagram beginLoop(String title) {
        body.append("group #FFF2CC ").append(PlantUml.label(title)).append('\n');
        return this;
    }

    /** Closes the box {@link #beginLoop} opened. */
    public SequenceDiagram endLoop() {
        body.append("end\n");
        return this;
    }

    /** A note across every lane. */
    public SequenceDiagram noteAcross(String text, String colour) {
        return noteAcross(text, colour, false);
    }

    /** A note across every lane; {@code highlight} writes it in red bold (a failing quiescence claim). */
    public SequenceDiagram noteAcross(String text, String colour, boolean highlight) {
        List<String> names = parties.names();
        String over = names.size() == 1 ? alias(names.get(0)) : alias(names.get(0)) + ", "
                + alias(names.get(names.size() - 1));
        body.append("hnote over ").append(over).append(" #").append(colour).append(" : ")
                .append(highlight ? "<color:#c00000><b>" : "").append(PlantUml.label(text))
                .append(highlight ? "</b></color>" : "").append('\n');
        return this;
    }

    /** A divider line with a title. */
    public SequenceDiagram divider(String text) {
        body.append("== ").append(PlantUml.label(text).replace("=", "-")).append(" ==\n");
        return this;
    }

    /** The PlantUML source. */
    public String source() {
        StringBuilder s = new StringBuilder("@startuml\n");
        s.append("skinparam shadowing false\nskinparam sequenceMessageAlign left\n")
                .append("skinparam defaultFontName sans-serif\nskinparam ParticipantBackgroundColor #E8EEF7\n")
                .append("skinparam ParticipantBorderColor #4A6785\nskinparam SequenceLifeLineBorderColor #8899AA\n")
                .append("skinparam maxMessageSize 360\n");
        for (String p : parties.names()) {
            s.append("participant \"").append(PlantUml.label(p)).append("\" as ").append(alias(p)).append('\n');
        }
        return s.append(body).append("@enduml\n").toString();
    }

    /** The SVG. */
    public String svg() {
        return PlantUml.svg(source());
    }

    private static String alias(String party) {
        return "P_" + party.replaceAll("[^A-Za-z0-9_]", "_");
    }
}
