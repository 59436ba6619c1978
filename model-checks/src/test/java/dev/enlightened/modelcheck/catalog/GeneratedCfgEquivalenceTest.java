package dev.enlightened.modelcheck.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.enlightened.workspace.Workspace;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One-off check of the conversion of the hand-written cfgs into the catalog: for every model, the cfg the catalog
 * generates means the same as the file it replaces (same constants, specification, deadlock flag, invariants,
 * properties and symmetry). Deleted with the old files once it passed.
 */
class GeneratedCfgEquivalenceTest {

    @Test
    void everyGeneratedCfgMeansWhatItsHandWrittenFileMeant() throws Exception {
        ModelCatalog catalog = ModelCatalog.load(Workspace.locate(null));
        JsonNode old = new ObjectMapper().readTree(getClass().getResource("/catalog/old-cfgs.json"));
        Path specs = catalog.file().getParent();
        List<String> differ = new ArrayList<>();
        for (ModelEntry entry : catalog.entries()) {
            String text = ((CfgSource.Generated) entry.cfg()).text();
            String file = Files.readString(specs.resolve(old.get(entry.id()).asText()));
            CfgSemantics generated = CfgSemantics.parse(text);
            CfgSemantics handWritten = CfgSemantics.parse(file);
            if (!generated.equals(handWritten)) {
                differ.add(entry.id() + ":\n  generated    " + generated + "\n  hand-written " + handWritten);
            }
            List<String> kept = comments(text);
            for (String line : comments(file)) {
                String renamed = line.replaceAll("MC[A-Za-z0-9]+\\.cfg", "");
                if (kept.stream().noneMatch(k -> k.equals(line) || renamed.length() < line.length()
                        && k.startsWith(renamed.substring(0, line.indexOf("MC"))))) {
                    differ.add(entry.id() + ": comment line lost: " + line);
                }
            }
        }
        assertEquals(old.size(), catalog.entries().size(), "one old cfg per model");
        assertTrue(differ.isEmpty(), String.join("\n", differ));
    }

    private static List<String> comments(String cfg) {
        return cfg.lines().map(String::strip).filter(l -> l.startsWith("\\*")).map(l -> l.substring(2).strip())
                .filter(l -> !l.isEmpty()).toList();
    }
}
