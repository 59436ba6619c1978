package dev.enlightened.validation.policy;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.enlightened.validation.format.TraceFormatException;
import dev.enlightened.validation.format.TraceHeader;
import dev.enlightened.validation.format.TraceParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HeaderPolicy from its contract: the declaration {@code Trace<Spec>.header.json} beside the module says which
 * constants a header may set (within a range) or only repeat (pinned); anything else is bad input at the constant's
 * line 1 column; a missing or malformed declaration is a {@link HeaderPolicy.DeclarationError} naming the file.
 */
class HeaderPolicyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DECL = "{\"settable\":{\"N\":{\"type\":\"int\",\"min\":0,\"max\":5,\"why\":\"items\"}},"
            + "\"pinned\":{\"Variant\":{\"value\":\"fixed\",\"why\":\"the spec's variant\"},"
            + "\"Ids\":{\"value\":[1,2],\"why\":\"a set\"}}}";

    @TempDir
    Path dir;

    private HeaderPolicy policy(String declaration) throws Exception {
        Path module = dir.resolve("TraceX.tla");
        Files.writeString(module, "---- MODULE TraceX ----\n====\n");
        if (declaration != null) {
            Files.writeString(dir.resolve("TraceX.header.json"), declaration);
        }
        return HeaderPolicy.forModule(module);
    }

    private static JsonNode j(String s) throws Exception {
        return JSON.readTree(s);
    }

    @Test
    void readsSettableAndPinnedConstants() throws Exception {
        HeaderPolicy p = policy(DECL);
        assertEquals(Set.of("N"), p.settable().keySet());
        assertEquals(new ValueRange.Int(0, 5), p.settable().get("N"));
        assertEquals(Set.of("Variant", "Ids"), p.pinned().keySet());
        assertEquals(j("\"fixed\""), p.pinned().get("Variant"));
    }

    @Test
    void aSettableConstantIsAcceptedOnlyInsideItsRange() throws Exception {
        HeaderPolicy p = policy(DECL);
        assertNull(p.problem("N", j("5")));
        String problem = p.problem("N", j("6"));
        assertTrue(problem.startsWith("header constant N=6 is outside what TraceX accepts: not in 0..5"), problem);
        assertTrue(problem.endsWith("(TraceX.header.json)"), problem);
    }

    @Test
    void aPinnedConstantMayOnlyRepeatItsValueAndASetInAnyOrder() throws Exception {
        HeaderPolicy p = policy(DECL);
        assertNull(p.problem("Variant", j("\"fixed\"")));
        assertTrue(p.problem("Variant", j("\"other\"")).contains("a trace cannot choose another"));
        assertNull(p.problem("Ids", j("[2,1]")), "a set is the same in any order");
        assertTrue(p.problem("Ids", j("[1,1,2]")) != null, "a repeat is not the pinned set");
        assertTrue(p.problem("Ids", j("[1]")) != null);
    }

    @Test
    void anUndeclaredConstantIsRefusedNamingWhatMayBeSet() throws Exception {
        String problem = policy(DECL).problem("Nn", j("1"));
        assertTrue(problem.startsWith("header constant Nn is not one a trace may set: TraceX lets a header set only "
                + "[N] and repeat [Ids, Variant]"), problem);
        assertTrue(problem.endsWith("(misspelt?)"), problem);
    }

    @Test
    void checkReportsTheFirstBadConstantAtItsLineOneColumn() throws Exception {
        HeaderPolicy p = policy(DECL);
        Path trace = dir.resolve("t.ndjson");
        String header = "{\"format\":\"enlightened-trace/1\",\"spec\":\"TraceX\",\"constants\":{\"N\":1,\"Zap\":2}}";
        Files.writeString(trace, header + "\n");
        TraceHeader h = TraceParser.readHeader(trace);
        TraceFormatException e = assertThrows(TraceFormatException.class, () -> p.check(trace, h));
        assertEquals(1, e.line());
        assertEquals(header.indexOf("\"Zap\"") + 1, e.column());
        assertTrue(e.reason().startsWith("header constant Zap is not one"), e.reason());
        Path ok = dir.resolve("ok.ndjson");
        Files.writeString(ok, "{\"format\":\"enlightened-trace/1\",\"spec\":\"TraceX\",\"constants\":{\"N\":0,"
                + "\"Variant\":\"fixed\"}}\n");
        assertDoesNotThrow(() -> p.check(ok, TraceParser.readHeader(ok)));
    }

    @Test
    void aMissingDeclarationMeansNoTraceCanUseTheModule() {
        HeaderPolicy.DeclarationError e = assertThrows(HeaderPolicy.DeclarationError.class, () -> policy(null));
        assertTrue(e.getMessage().startsWith("TraceX declares no header constants (TraceX.header.json is missing"),
                e.getMessage());
    }

    @Test
    void malformedDeclarationsAreRefusedNamingTheFileAndEntry() {
        assertTrue(assertThrows(HeaderPolicy.DeclarationError.class, () -> policy(
                "{\"settable\":{\"N\":{\"type\":\"int\",\"min\":0,\"max\":5}}}")).getMessage()
                .endsWith("TraceX.header.json: settable.N gives no reason (why)"));
        assertTrue(assertThrows(HeaderPolicy.DeclarationError.class, () -> policy(
                "{\"settable\":{\"N\":{\"type\":\"int\",\"min\":9,\"max\":5,\"why\":\"w\"}}}")).getMessage()
                .endsWith("settable.N: min > max"));
        assertTrue(assertThrows(HeaderPolicy.DeclarationError.class, () -> policy(
                "{\"pinned\":{\"V\":{\"why\":\"w\"}}}")).getMessage()
                .endsWith("pinned.V needs a value and a reason (why)"));
        assertTrue(assertThrows(HeaderPolicy.DeclarationError.class, () -> policy(
                "{\"settable\":{\"N\":{\"type\":\"bool\",\"why\":\"w\"}},\"pinned\":{\"N\":{\"value\":1,\"why\":\"w\"}}}"))
                .getMessage().endsWith("N is both settable and pinned"));
        // A duplicated key would let the second silently win: refused as unreadable.
        assertTrue(assertThrows(HeaderPolicy.DeclarationError.class, () -> policy(
                "{\"settable\":{},\"settable\":{}}")).getMessage().startsWith("cannot read "));
    }

    @Test
    void abbreviateKeepsAValueToSixtyCharacters() throws Exception {
        assertEquals("\"short\"", HeaderPolicy.abbreviate(j("\"short\"")));
        String longValue = HeaderPolicy.abbreviate(j("\"" + "y".repeat(100) + "\""));
        assertEquals(60, longValue.length());
        assertTrue(longValue.endsWith("..."));
    }
}
