package dev.enlightened.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enlightened.site.tla.Citation;
import dev.enlightened.site.tla.Definition;
import dev.enlightened.site.tla.SpecSet;
import dev.enlightened.site.tla.TlaLexer;
import dev.enlightened.site.tla.TlaModule;
import dev.enlightened.site.tla.Token;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading TLA+ for the site: lossless lexing, definitions and their kinds, cross-module uses, citations. */
class TlaModuleTest {
    private static final String SPEC = """
            ------------------------------ MODULE Tiny ------------------------------
            (* A tiny spec.  The producer is hv_ringbuffer_write.                 *)
            EXTENDS Naturals, Sequences
            CONSTANTS Max, \\* the bound
                      Ids
            VARIABLES x, q

            vars == <<x, q>>

            TypeOK == x \\in 0..Max /\\ q \\in Seq(Ids)

            \\* The producer writes (hv_ringbuffer_write; Linux 03bad714a161).
            ProducerWrites(i) ==
                /\\ x < Max
                /\\ x' = x + 1
                /\\ q' = Append(q, i)

            Next == \\E i \\in Ids : ProducerWrites(i)
            Spec == x = 0 /\\ q = <<>> /\\ [][Next]_vars
            DrainedProp == <>(q = <<>>)
            Empty == q = <<>>
            =============================================================================
            """;

    @Test
    void lexingLosesNothing() {
        List<Token> tokens = TlaLexer.lex(SPEC);
        assertEquals(SPEC, tokens.stream().map(Token::text).collect(Collectors.joining()));
        assertTrue(tokens.stream().anyMatch(t -> t.kind() == Token.Kind.COMMENT && t.text().startsWith("(* A tiny")));
    }

    @Test
    void definitionsAreFoundAndClassified(@TempDir Path dir) throws IOException {
        TlaModule m = read(dir, "Tiny", SPEC);
        Map<String, Definition.Kind> kinds = new LinkedHashMap<>();
        m.definitions().forEach(d -> kinds.put(d.name(), d.kind()));
        assertEquals(Definition.Kind.CONSTANT, kinds.get("Max"));
        assertEquals(Definition.Kind.CONSTANT, kinds.get("Ids"));
        assertEquals(Definition.Kind.VARIABLE, kinds.get("x"));
        assertEquals(Definition.Kind.VARIABLE, kinds.get("q"));
        assertEquals(Definition.Kind.INVARIANT, kinds.get("TypeOK"));
        assertEquals(Definition.Kind.ACTION, kinds.get("ProducerWrites"));
        assertEquals(Definition.Kind.SPECIFICATION, kinds.get("Spec"));
        assertEquals(Definition.Kind.PROPERTY, kinds.get("DrainedProp"));
        assertEquals(Definition.Kind.OPERATOR, kinds.get("Empty"), "<<>> is not the temporal <>");
        Definition write = m.definition("ProducerWrites");
        assertEquals(13, write.line());
        assertTrue(write.comment().startsWith("The producer writes"), write.comment());
        assertEquals(Set.of("hv_ringbuffer_write", "Linux 03bad714a161"),
                write.cites().stream().map(Citation::text).collect(Collectors.toSet()));
        assertTrue(m.header().contains("A tiny spec."), m.header());
        assertEquals(List.of("Naturals", "Sequences"), m.extendsList());
    }

    @Test
    void usesAreResolvedAcrossExtends(@TempDir Path dir) throws IOException {
        read(dir, "Tiny", SPEC);
        Files.writeString(dir.resolve("MCTiny.tla"), """
                ---- MODULE MCTiny ----
                EXTENDS Tiny
                MCMax == 3
                BoundInv == x <= MCMax
                ====
                """);
        SpecSet set = SpecSet.read(Map.of("Specs", dir));
        Definition x = set.module("Tiny").definition("x");
        List<SpecSet.Use> uses = set.uses(x);
        assertTrue(uses.contains(new SpecSet.Use("MCTiny", 4)), uses.toString());
        assertTrue(uses.contains(new SpecSet.Use("Tiny", 14)), uses.toString());
        assertNotNull(set.resolve(set.module("MCTiny"), "ProducerWrites"));
    }

    @Test
    void citationsTellLinuxFromOpenvmm() {
        List<Citation> c = Citation.in("openvmm 822d4d4b2 vmbus_server\nLinux vmbus_onoffer_rescind, e4d221b42354\n"
                + "openvmm vm/devices/storage/storvsp/src/lib.rs");
        Map<String, Citation.Kind> kinds = new LinkedHashMap<>();
        c.forEach(x -> kinds.put(x.text(), x.kind()));
        assertEquals(Map.of("openvmm 822d4d4b2", Citation.Kind.OPENVMM_COMMIT,
                "vmbus_onoffer_rescind", Citation.Kind.LINUX_IDENTIFIER,
                "Linux e4d221b42354", Citation.Kind.LINUX_COMMIT,
                "openvmm vm/devices/storage/storvsp/src/lib.rs", Citation.Kind.OPENVMM_FILE), kinds);
        assertTrue(c.stream().anyMatch(x -> x.url().equals("https://github.com/microsoft/openvmm/commit/822d4d4b2")));
        assertTrue(c.stream().noneMatch(x -> x.text().equals("vmbus_server")), "an openvmm Rust name is not Linux");
    }

    private static TlaModule read(Path dir, String name, String text) throws IOException {
        Path file = Files.writeString(dir.resolve(name + ".tla"), text);
        return TlaModule.read(file, name + ".tla", Set.of(), Set.of(), Set.of());
    }
}
