package dev.enlightened.modelcheck.catalog;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Renders a catalog config into the cfg text TLC reads. */
class ModelConfigTest {

    private static ModelConfig config(Map<String, List<String>> why) {
        Map<String, String> constants = new LinkedHashMap<>();
        constants.put("MsgCount", "<- MCMsgCount");
        constants.put("GuestEomOnPending", "FALSE");
        constants.put("Bugs", "{\"H1\", \"H2\"}");
        return new ModelConfig(List.of("Variant: the guest never writes EOM.", "", "Expected: a lost EOM."),
                constants, "LiveSpec", false, List.of("TypeOK", "NoOverwriteInv"),
                List.of("FifoRefinementProp", "EventuallyDeliveredProp"), Optional.of("MCSymmetry"), Optional.empty(),
                Optional.of("MCBound"), Optional.empty(), why);
    }

    @Test
    void rendersWhatTlcReadsAsTheConfigSaysIt() {
        CfgSemantics cfg = CfgSemantics.parse(config(Map.of()).render("title"));
        assertEquals(new TreeMap<>(Map.of("MsgCount", "<- MCMsgCount", "GuestEomOnPending", "FALSE",
                "Bugs", "{\"H1\", \"H2\"}")), cfg.constants());
        assertEquals("LiveSpec", cfg.specification());
        assertFalse(cfg.checkDeadlock());
        assertEquals(List.of("TypeOK", "NoOverwriteInv"), cfg.invariants());
        assertEquals(List.of("FifoRefinementProp", "EventuallyDeliveredProp"), cfg.properties());
        assertEquals(Map.of("SYMMETRY", "MCSymmetry", "CONSTRAINT", "MCBound"), cfg.single());
    }

    @Test
    void writesSubstitutionsWithTheArrowAndValuesWithEquals() {
        String cfg = config(Map.of()).render("title");
        assertTrue(cfg.contains("\n    MsgCount <- MCMsgCount\n"), cfg);
        assertTrue(cfg.contains("\n    GuestEomOnPending = FALSE\n"), cfg);
    }

    @Test
    void putsTheTitleAndCommentFirstAndEachWhyAboveItsValue() {
        String cfg = config(Map.of("checkDeadlock", List.of("The stuck state is the lasso's tail."),
                "GuestEomOnPending", List.of("The bug."))).render("Model x, generated");
        assertTrue(cfg.startsWith("\\* Model x, generated\n\\*\n\\* Variant: the guest never writes EOM.\n\\*\n"
                + "\\* Expected: a lost EOM.\nCONSTANTS\n"), cfg);
        assertTrue(cfg.contains("    \\* The bug.\n    GuestEomOnPending = FALSE\n"), cfg);
        assertTrue(cfg.contains("\\* The stuck state is the lasso's tail.\nCHECK_DEADLOCK FALSE\n"), cfg);
    }

    @Test
    void leavesOutEmptyListsAndAbsentSections() {
        ModelConfig bare = new ModelConfig(List.of(), Map.of(), "Spec", true, List.of(), List.of(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Map.of());
        assertEquals("\\* t\n\nSPECIFICATION Spec\n\nCHECK_DEADLOCK TRUE\n", bare.render("t"));
    }

    @Test
    void checksOnePropertyAloneWithItsWhyDropped() {
        ModelConfig only = config(Map.of("properties", List.of("both"))).withOnlyProperty("EventuallyDeliveredProp");
        CfgSemantics cfg = CfgSemantics.parse(only.render("t"));
        assertEquals(List.of("EventuallyDeliveredProp"), cfg.properties());
        assertEquals(List.of("TypeOK", "NoOverwriteInv"), cfg.invariants());
        assertFalse(only.render("t").contains("both"));
    }
}
