package dev.enlightened.site.model;

import dev.enlightened.site.diagram.Parties;
import dev.enlightened.site.diagram.SequenceDiagram;
import dev.enlightened.site.html.Html;
import dev.enlightened.site.html.Page;
import dev.enlightened.site.html.Site;
import dev.enlightened.validation.Verdict;
import dev.enlightened.validation.format.ParsedTrace;
import dev.enlightened.validation.format.TraceEvent;
import dev.enlightened.validation.format.TraceFormatException;
import dev.enlightened.validation.format.TraceParser;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The fault-switch pages: per switch, the rejected trace as a sequence diagram of its actors with the first event
 * no spec behaviour explains drawn in red, and beside it the validator's diagnosis (its verdict object: the failing
 * conjunct, the spec's successors diffed field by field).
 */
public final class FaultPage {
    /** At most this many events before the failing one are drawn; earlier ones all matched and are summarised. */
    static final int WINDOW = 60;

    private final Bugs bugs;

    /** @param bugs the bugs file, for the prose of the bug a switch re-creates */
    public FaultPage(Bugs bugs) {
        this.bugs = bugs;
    }

    /** The page id of a switch: {@code <run>-<fault>}, lower case. */
    public static String id(String run, String fault) {
        return Html.id((run + "-" + fault).toLowerCase(Locale.ROOT));
    }

    /** Writes the index and one page per fault run. */
    public void write(Site site, List<FaultRun> runs) {
        StringBuilder b = new StringBuilder("<p>Every fault switch of the Java reference implementation, run and its "
                + "trace validated against the correct spec. A switch re-creates a bug in Java; validation must reject "
                + "its trace at the event where the bug shows. A run that misses a race is honestly ACCEPTED.</p>\n"
                + "<table>\n<tr><th>switch</th><th>what it does</th><th>verdict</th><th>bug</th></tr>\n");
        for (FaultRun r : runs) {
            b.append("<tr><td>").append(Html.a(id(r.run(), r.fault()) + ".html", "run " + r.run() + " --fault "
                    + r.fault())).append("</td><td>").append(Html.esc(r.description())).append("</td><td>")
                    .append(Html.esc(verdictLine(r.verdict()))).append("</td><td>")
                    .append(bugs.forFault(r.run(), r.fault()).map(x -> Html.a("../" + x.page(), x.id())).orElse(""))
                    .append("</td></tr>\n");
        }
        b.append("</table>\n");
        site.add(new Page("faults/index.html", "Fault switches", b.toString()));
        for (FaultRun r : runs) {
            site.add(page(site, r));
        }
    }

    static String verdictLine(Verdict v) {
        if (v instanceof Verdict.Rejected r) {
            return "REJECTED at event " + r.seq() + ", " + r.action();
        }
        if (v instanceof Verdict.Accepted a) {
            return "ACCEPTED (" + a.events() + " events): the run missed the race";
        }
        return "BAD INPUT: " + ((Verdict.BadInput) v).reason();
    }

    private Page page(Site site, FaultRun r) {
        String path = "faults/" + id(r.run(), r.fault()) + ".html";
        StringBuilder b = new StringBuilder();
        b.append("<p class=\"lead\">").append(Html.esc(r.description())).append("</p>\n");
        bugs.forFault(r.run(), r.fault()).ifPresent(bug -> b.append(ModelPages.bugBox(bug, "../")));
        b.append("<p>Reproduce: <code>").append(Html.esc(String.join(" ", r.command())))
                .append(" &amp;&amp; ./enlightened validate t.ndjson</code></p>\n");
        b.append("<p class=\"verdict\">").append(Html.esc(verdictLine(r.verdict()))).append("</p>\n");
        Optional<ParsedTrace> trace = parse(r);
        b.append("<div class=\"side\">\n<div class=\"left\">\n");
        if (trace.isPresent()) {
            long failing = r.verdict() instanceof Verdict.Rejected rej ? rej.seq() : -1;
            String svg = site.svg("diagrams/faults/" + id(r.run(), r.fault()) + ".svg",
                    diagram(trace.get(), failing));
            b.append(Site.img(path, svg, "Sequence diagram of the trace of " + r.run() + " --fault " + r.fault()));
        } else {
            b.append("<p>The trace could not be read for drawing.</p>\n");
        }
        b.append("</div>\n<div class=\"right\">\n").append(diagnosis(r.verdict())).append("</div>\n</div>\n");
        return new Page(path, "Fault " + r.run() + " " + r.fault(), b.toString());
    }

    private static Optional<ParsedTrace> parse(FaultRun r) {
        try {
            return Optional.of(TraceParser.parse(r.trace()));
        } catch (TraceFormatException | IOException e) {
            return Optional.empty();
        }
    }

    /** A sequence diagram of an example trace file (no verdict: every event drawn alike). */
    public static String exampleDiagram(java.nio.file.Path file) throws IOException {
        try {
            return diagram(TraceParser.parse(file), -1);
        } catch (TraceFormatException e) {
            throw new IOException(file + " is not a valid trace: " + e.getMessage(), e);
        }
    }

    /** The events up to the failing one (or all, if accepted), at most {@link #WINDOW} of them. */
    static String diagram(ParsedTrace trace, long failing) {
        List<TraceEvent> events = trace.events();
        int last = failing > 0 ? (int) Math.min(failing, events.size()) : events.size();
        int first = Math.max(1, last - WINDOW + 1);
        Parties parties = new Parties();
        for (TraceEvent e : events.subList(first - 1, last)) {
            parties.add(actor(e));
        }
        SequenceDiagram d = new SequenceDiagram(parties);
        if (first > 1) {
            d.divider("events 1 to " + (first - 1) + " matched (not drawn)");
        }
        for (TraceEvent e : events.subList(first - 1, last)) {
            String params = e.params() == null || e.params().isEmpty() ? "" : " " + e.params().toString();
            if (params.length() > 70) {
                params = params.substring(0, 67) + "...";
            }
            String label = e.seq() + ". " + e.action() + params;
            if (e.isQuiescent()) {
                d.noteAcross(label + ": " + actor(e) + " claims to be blocked for good", e.seq() == failing
                        ? "FFDDDD" : "EEEEEE", e.seq() == failing);
            } else {
                d.step(actor(e), e.action(), label, e.seq() == failing);
            }
        }
        if (failing > 0) {
            d.noteAcross("event " + failing + ": no behaviour of the spec explains it"
                    + (last < events.size() ? " (" + (events.size() - last) + " later events not checked)" : ""),
                    "FFDDDD");
        }
        return d.svg();
    }

    private static String actor(TraceEvent e) {
        if (e.actor() != null && !e.actor().isEmpty()) {
            return Parties.capitalised(e.actor());
        }
        return Parties.actorOf(e.action());
    }

    /** The verdict's diagnosis as HTML. */
    static String diagnosis(Verdict v) {
        StringBuilder b = new StringBuilder("<h2>Diagnosis</h2>\n");
        if (v instanceof Verdict.Accepted a) {
            return b.append("<p>ACCEPTED: a behaviour of the spec explains all ").append(a.events())
                    .append(" events. This run did not hit the race; another seed may.</p>\n").toString();
        }
        if (v instanceof Verdict.BadInput bad) {
            return b.append("<p>").append(Html.esc(bad.reason())).append("</p>\n").toString();
        }
        Verdict.Rejected r = (Verdict.Rejected) v;
        b.append("<p><b>").append(Html.esc(r.summary())).append("</b></p>\n<p>Kind: <code>").append(r.kind())
                .append("</code>; trace module <code>").append(Html.esc(r.spec())).append("</code>; ")
                .append(String.format(Locale.ROOT, "%,d", r.distinctStates())).append(" distinct states searched.</p>\n")
                .append("<p>The event as logged:</p><pre class=\"raw\">").append(Html.esc(r.rawEvent()))
                .append("</pre>\n");
        int n = 0;
        for (Verdict.MatchedState m : r.matched()) {
            n++;
            b.append("<h3>Deepest matched spec state ").append(n).append(" of ").append(r.matched().size())
                    .append("</h3>\n");
            if (m.reason() != null) {
                b.append("<p class=\"bad\">").append(Html.esc(m.reason())).append("</p>\n");
            }
            if (!m.conjuncts().isEmpty()) {
                b.append("<table class=\"conj\">\n<tr><th>matcher conjunct</th><th>outcome</th></tr>\n");
                for (Verdict.Conjunct c : m.conjuncts()) {
                    b.append("<tr").append(c.failed() ? " class=\"fail\"" : "").append("><td><code>")
                            .append(Html.esc(c.text())).append("</code><div class=\"dim\">")
                            .append(Html.esc(c.location())).append("</div>")
                            .append(c.detail() == null || c.detail().isEmpty() ? ""
                                    : "<div>" + Html.esc(c.detail()) + "</div>")
                            .append("</td><td>").append(Html.esc(c.outcome())).append("</td></tr>\n");
                }
                b.append("</table>\n");
            }
            for (Verdict.Candidate cand : m.candidates()) {
                b.append("<p>Spec successor <code>").append(Html.esc(cand.action())).append("</code>:</p>\n")
                        .append("<table class=\"diff\">\n<tr><th>field</th><th>trace</th><th>spec</th></tr>\n");
                for (Verdict.FieldDiff f : cand.fields()) {
                    b.append("<tr").append(f.equal() ? "" : " class=\"fail\"").append("><td><code>")
                            .append(Html.esc(f.field())).append("</code></td><td><code>").append(Html.esc(f.trace()))
                            .append("</code></td><td><code>").append(Html.esc(f.spec())).append("</code></td></tr>\n");
                }
                b.append("</table>\n");
            }
            b.append("<details><summary>the spec state</summary><pre>").append(Html.esc(m.state()))
                    .append("</pre></details>\n");
        }
        return b.toString();
    }
}
