package dev.enlightened.site.diagram;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Who takes a step, and towards whom, read from the action's name. Actions are named after protocol events with
 * the acting party first (STYLE.md: ProducerSignalsConsumer, GuestSendsOpenChannel, HostDeliversMessage), so the
 * first word is the actor. The step is drawn as an arrow to another party when the name says so: it names that
 * party (ProducerSignalsConsumer), or it sends, signals, delivers or answers and there is exactly one other party.
 * A receive is drawn from the other party. Anything else is a step on the actor's own lifeline.
 */
public final class Parties {
    private static final List<String> OUTGOING = List.of("Sends", "Signals", "Delivers", "Answers", "Offers",
            "Rescinds", "Replies", "Grants", "Completes", "Notifies", "Interrupts", "Posts");

    private final List<String> names = new ArrayList<>();

    /** Registers the actor of an action (in order of first appearance); returns it. */
    public String add(String actor) {
        if (!names.contains(actor)) {
            names.add(actor);
        }
        return actor;
    }

    /** @return the parties seen, in order of first appearance */
    public List<String> names() {
        return List.copyOf(names);
    }

    /** The first CamelCase word of an action name: its actor. */
    public static String actorOf(String action) {
        int end = 1;
        while (end < action.length() && !Character.isUpperCase(action.charAt(end))) {
            end++;
        }
        return action.substring(0, Math.min(end, action.length()));
    }

    /** A trace's {@code actor} field (lower-case) in the spelling the spec's action names use. */
    public static String capitalised(String actor) {
        return actor.isEmpty() ? actor : actor.substring(0, 1).toUpperCase(Locale.ROOT) + actor.substring(1);
    }

    /**
     * The arrow of a step, once every party is registered.
     *
     * @return {from, to}; from == to for a step on one lifeline
     */
    public String[] arrow(String actor, String action) {
        String rest = action.startsWith(actor) ? action.substring(actor.length()) : action;
        for (String other : names) {
            if (!other.equals(actor) && rest.contains(other)) {
                return new String[] {actor, other};
            }
        }
        List<String> others = names.stream().filter(n -> !n.equals(actor)).toList();
        if (others.size() == 1) {
            if (OUTGOING.stream().anyMatch(rest::startsWith)) {
                return new String[] {actor, others.get(0)};
            }
            if (rest.startsWith("Receives")) {
                return new String[] {others.get(0), actor};
            }
        }
        return new String[] {actor, actor};
    }
}
