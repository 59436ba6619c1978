package dev.enlightened.site;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enlightened.modelcheck.result.Counterexample;
import dev.enlightened.modelcheck.result.TraceState;
import dev.enlightened.site.bench.BenchmarkPage;
import dev.enlightened.site.bench.MarkdownTables;
import dev.enlightened.site.diagram.Parties;
import dev.enlightened.site.model.CounterexampleView;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Diagrams: who is on which lane, lassos, and the plots' reading of docs/benchmarks.md. */
class DiagramsTest {
    @Test
    void actionsNameTheirActorAndTheirPeer() {
        Parties p = new Parties();
        p.add(Parties.actorOf("ProducerSignalsConsumer"));
        p.add(Parties.actorOf("ConsumerMasks"));
        assertArrayEquals(new String[] {"Producer", "Consumer"}, p.arrow("Producer", "ProducerSignalsConsumer"));
        assertArrayEquals(new String[] {"Consumer", "Consumer"}, p.arrow("Consumer", "ConsumerMasks"));
        Parties g = new Parties();
        g.add("Guest");
        g.add("Host");
        assertArrayEquals(new String[] {"Guest", "Host"}, g.arrow("Guest", "GuestSendsOpenChannel"));
        assertArrayEquals(new String[] {"Host", "Guest"}, g.arrow("Guest", "GuestReceivesRescind"));
    }

    @Test
    void aLassoIsBoxedAndOnlyChangesAreTabled() {
        Counterexample loop = new Counterexample(List.of(
                new TraceState(1, "Initial predicate", "", Map.of("a", "0", "b", "0")),
                new TraceState(2, "HostSends", "line 3, col 1 to line 4, col 2 of module M", Map.of("a", "1", "b", "0")),
                new TraceState(3, "GuestReads", "", Map.of("a", "1", "b", "1"))), OptionalInt.of(2), "GuestLoops",
                false);
        String svg = CounterexampleView.diagram(loop, "property:P");
        // PlantUML writes one <text> per word.
        assertTrue(svg.contains(">lasso: from state 2, repeats forever<"), "the loop box");
        assertTrue(svg.contains(">GuestLoops<") && svg.contains(">back<"), "the step closing the loop");
        String table = CounterexampleView.table(loop, m -> m.equals("M") ? "../specs/M.html" : null);
        assertTrue(table.contains("href=\"../specs/M.html#L3\""), table);
        // State 3 changes only b: a is not repeated.
        String row3 = table.substring(table.indexOf(">3<"));
        assertTrue(row3.contains(">b<") && !row3.substring(0, row3.indexOf("</tr>")).contains(">a<"), row3);
    }

    @Test
    void benchmarkPlotsReadTheTablesOfDocsBenchmarks() throws IOException {
        String md = Files.readString(Path.of(System.getProperty("enlightened.root"), "docs", "benchmarks.md"));
        List<MarkdownTables.Table> tables = MarkdownTables.parse(md);
        var series = BenchmarkPage.validationSeries(tables);
        assertTrue(series.size() >= 3, "expected at least two measured series and the linear reference: " + series);
        assertTrue(series.get(series.size() - 1).dashed());
        assertEquals(230.0, MarkdownTables.number("0.23 s", true), 1e-9);
        assertEquals(31.81e6, MarkdownTables.number("31.81 M", false), 1);
        assertEquals(1_000_000.0, MarkdownTables.number("1,000,000", false), 0);
    }
}
