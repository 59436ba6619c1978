package dev.enlightened.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enlightened.modelcheck.catalog.ModelCatalog;
import dev.enlightened.modelcheck.catalog.ModelEntry;
import dev.enlightened.workspace.Workspace;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** {@code enlightened list} prints every model of the catalog, every trace family and every fault switch. */
class ListCommandTest {

    @Test
    void listsEveryModelWithTierAndExpectationEveryFamilyAndEveryFault() {
        StringWriter out = new StringWriter();
        assertEquals(ExitCodes.OK, Main.execute(new PrintWriter(out, true), new PrintWriter(new StringWriter()),
                "list"));
        String text = out.toString();
        ModelCatalog catalog = ModelCatalog.load(Workspace.locate(null));
        for (ModelEntry e : catalog.entries()) {
            assertTrue(text.lines().anyMatch(l -> l.matches("  " + e.id() + " +" + e.tier().id() + " +"
                    + java.util.regex.Pattern.quote(e.expect().text()))), "row of " + e.id() + " in\n" + text);
        }
        for (FaultRegistry.Family f : FaultRegistry.Family.values()) {
            assertTrue(text.contains(f.command) && text.contains(f.traceModule), f.command);
        }
        for (FaultRegistry.Switch s : FaultRegistry.ALL) {
            assertTrue(text.contains(s.name() + " ") && text.contains(s.what()), s.name());
        }
    }
}
