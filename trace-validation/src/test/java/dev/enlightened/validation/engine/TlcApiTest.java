package dev.enlightened.validation.engine;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.enlightened.validation.engine.tlc.TlcAdapter;
import java.lang.reflect.Member;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The TLC API the engine depends on, named in one place, so that a TLC upgrade fails here first (issue 11, item 5).
 * <ul>
 * <li>Every class and member of TLC (packages {@code tlc2}, {@code tla2sany}, {@code util}) that the engine's bytecode
 *     reaches, read with ArchUnit from {@code dev.enlightened.validation..} and {@code tlc2.tool.impl.ReadTrackingTool}
 *     (our subclass of TLC's {@code Tool}), must be listed in {@link #API}, and every listed one must exist in the TLC
 *     jar on the classpath. That includes the inherited members {@code ReadTrackingTool} calls or reads through
 *     {@code this} (bytecode names them on the subclass; ArchUnit resolves where they are declared), the TLC methods
 *     it overrides, and the private members {@link TlcAdapter} reaches by reflection ({@link TlcAdapter.Reflected},
 *     checked with their exact signatures).</li>
 * <li>TLC's tool internals (its evaluator, coverage, global switches, file resolution, and reflection into TLC) are
 *     reached only from the adapter package {@code validation.engine.tlc}; the rest of the engine reads TLC's data
 *     model (semantic nodes, values, states, contexts) and nothing else.</li>
 * </ul>
 * Reflection only: no TLC class is initialised, so TLC's global state stays untouched in this JVM.
 */
class TlcApiTest {
    /** Owner class, then its members the engine uses ({@code <init>}: a constructor). */
    private static final List<String> API = List.of(
            "tla2sany.semantic.APSubstInNode", "getSubsts",
            "tla2sany.semantic.ExprNode", "getLevel getLocation getToolObject",
            "tla2sany.semantic.ExprOrOpArgNode", "getToolObject",
            "tla2sany.semantic.ExternalModuleTable", "getModuleNodes",
            "tla2sany.semantic.FormalParamNode", "getArity getName",
            "tla2sany.semantic.LetInNode", "getBody getLets",
            "tla2sany.semantic.ModuleNode", "getConstantDecls getInnerModules getName getOpDefs",
            "tla2sany.semantic.NumeralNode", "bigVal val",
            "tla2sany.semantic.OpApplNode", "getArgs getBdedQuantBounds getOperator getUid",
            "tla2sany.semantic.OpApplNode", "getBdedQuantSymbolLists getUnbdedQuantSymbols isBdedQuantATuple",
            "tla2sany.semantic.OpArgNode", "getOp",
            "tla2sany.semantic.OpDeclNode", "getKind getName getToolObject setToolObject",
            "tla2sany.semantic.OpDefNode", "getArity getBody getInRecursive getKind getName",
            "tla2sany.semantic.OpDefNode", "getOriginallyDefinedInModuleNode getParams getToolObject setToolObject",
            "tla2sany.semantic.SemanticNode", "getChildren getLocation getUid toString",
            "tla2sany.semantic.StringNode", "getRep",
            "tla2sany.semantic.Subst", "getExpr getOp",
            "tla2sany.semantic.SubstInNode", "getSubsts",
            "tla2sany.semantic.SymbolNode", "getKind getName",
            "tla2sany.st.Location", "beginColumn beginLine endColumn endLine source",
            "tlc2.TLCGlobals", "setNumWorkers",
            "tlc2.tool.Action", "<init> cm con getName pred",
            "tlc2.tool.Defns", "get put",
            "tlc2.tool.StateVec", "<init> addElement elementAt size",
            "tlc2.tool.BuiltInOPs", "getOpCode",
            "tlc2.tool.TLCState", "Empty allAssigned bind copy createEmpty fingerPrint lookup toString unbind vars",
            "tlc2.tool.coverage.CostModel", "DO_NOT_RECORD",
            "tlc2.tool.impl.SpecProcessor", "getModuleTbl",
            "tlc2.tool.impl.Spec", "defns getAssumptionIsAxiom getAssumptions getImpliedActNames getImpliedActions",
            "tlc2.tool.impl.Spec", "getImpliedInits getImpliedTemporalNames getImpliedTemporals getInvNames",
            "tlc2.tool.impl.Spec", "getInitStateSpec",
            "tlc2.tool.impl.Spec", "coverage getInvariants getNextStateSpec getPrimedVar getViewSpec toolId",
            "tlc2.tool.impl.Tool", "<init> actionVec eval getActions getInitStates getNextStates getOpContext",
            "tlc2.tool.impl.Tool", "getResolver getRootModule getSpecProcessor hasSymmetry isValid setSource",
            "tlc2.tool.impl.Tool", "enabled enabledAppl enabledApplImpl enabledImpl enabledUnchanged",
            "tlc2.tool.impl.Tool", "enabledUnchangedImpl evalAppl evalApplImpl evalImpl getNextStatesAppl",
            "tlc2.tool.impl.Tool", "getNextStatesApplImpl getNextStatesImpl processUnchanged processUnchangedImpl",
            "tlc2.util.Context", "Empty cons lookup lookupName name next value",
            "tlc2.util.FP64", "Init New",
            "tlc2.util.Vect", "<init> elementAt size",
            "tlc2.value.IValue", "fingerPrint",
            "tlc2.value.impl.BoolValue", "ValFalse ValTrue val",
            "tlc2.value.impl.FcnRcdValue", "<init> domain intv isNormalized select toRcd toTuple values",
            "tlc2.value.impl.Applicable", "apply getDomain",
            "tlc2.value.impl.Enumerable", "elements size",
            "tlc2.value.impl.MethodValue", "apply toString",
            "tlc2.module.Integers", "DotDot GEQ GT LE LT Minus Mod Plus",
            "tlc2.module.Sequences", "Append Head Len Tail",
            "tlc2.value.impl.Reducible", "cup",
            "tlc2.value.impl.ValueEnumeration", "nextElement",
            "tlc2.value.impl.ValueExcept", "<init>",
            "tlc2.value.impl.IntValue", "gen val",
            "tlc2.value.impl.IntervalValue", "low",
            "tlc2.value.impl.LazyValue", "<init>",
            "tlc2.value.impl.ModelValue", "val",
            "tlc2.value.impl.RecordValue", "<init> names normalize select values",
            "tlc2.value.impl.SetEnumValue", "<init> elems normalize",
            "tlc2.value.impl.StringValue", "<init> getVal val",
            "tlc2.value.impl.TupleValue", "<init> elems size",
            "tlc2.value.impl.Value", "deepNormalize initialize member select takeExcept toFcnRcd toRcd toSetEnum toString",
            "tlc2.value.impl.Value", "toTuple",
            "tlc2.value.impl.ValueVec", "elementAt size",
            "util.FilenameToStream", "resolve",
            "util.SimpleFilenameToStream", "<init>",
            "util.ToolIO", "err out",
            "util.UniqueString", "getVarLoc toString uniqueStringOf");

    private static Set<String> listed() {
        Set<String> listed = new TreeSet<>();
        for (int i = 0; i < API.size(); i += 2) {
            for (String member : API.get(i + 1).split(" ")) {
                listed.add(API.get(i) + "#" + member);
            }
        }
        return listed;
    }

    private static final String RTT = "tlc2.tool.impl.ReadTrackingTool";
    private static final String ADAPTER_PACKAGE = "dev.enlightened.validation.engine.tlc";

    private static boolean isTlc(String owner) {
        return (owner.startsWith("tlc2.") || owner.startsWith("tla2sany.") || owner.startsWith("util."))
                && !owner.startsWith(RTT);
    }

    private static JavaClasses engineAndTool() {
        return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.enlightened.validation", "tlc2.tool.impl");
    }

    private static boolean ours(JavaClass c) {
        return c.getPackageName().startsWith("dev.enlightened") || c.getName().startsWith(RTT);
    }

    @Test
    void theEngineUsesExactlyTheListedTlcApi() {
        Set<String> used = new TreeSet<>();
        JavaClasses classes = engineAndTool();
        for (JavaClass c : classes) {
            if (!ours(c)) {
                continue;
            }
            for (JavaAccess<?> a : c.getAccessesFromSelf()) {
                String owner = a.getTargetOwner().getName();
                if (isTlc(owner)) {
                    used.add(owner + "#" + a.getName());
                } else if (owner.equals(RTT)) {
                    // A call or read through `this` names the subclass; where is it declared?
                    a.getTarget().resolveMember().map(m -> m.getOwner().getName()).filter(TlcApiTest::isTlc)
                            .ifPresent(declared -> used.add(declared + "#" + a.getName()));
                }
            }
        }
        // The TLC methods ReadTrackingTool overrides: a renamed or re-typed one would silently stop being called.
        JavaClass rtt = classes.get(RTT);
        for (JavaMethod m : rtt.getMethods()) {
            String[] params = m.getRawParameterTypes().stream().map(JavaClass::getName).toArray(String[]::new);
            for (Optional<JavaClass> s = rtt.getRawSuperclass(); s.isPresent(); s = s.get().getRawSuperclass()) {
                if (s.get().tryGetMethod(m.getName(), params).isPresent()) {
                    used.add(s.get().getName() + "#" + m.getName());
                    break;
                }
            }
        }
        for (TlcAdapter.Reflected r : TlcAdapter.Reflected.values()) {
            used.add(r.api());
        }
        Set<String> unlisted = new TreeSet<>(used);
        unlisted.removeAll(listed());
        Set<String> unused = new TreeSet<>(listed());
        unused.removeAll(used);
        assertEquals("unlisted [] unused []", "unlisted " + unlisted + " unused " + unused,
                "a new use of TLC is named in TlcApiTest.API, and an unused one removed");
    }

    @Test
    void everyMemberTheAdapterReachesByReflectionExistsWithItsSignature() {
        List<String> missing = new ArrayList<>();
        for (TlcAdapter.Reflected r : TlcAdapter.Reflected.values()) {
            if (!r.exists()) {
                missing.add(r.api());
            }
        }
        assertEquals(List.of(), missing, "private TLC members the adapter reflects on that this TLC lacks");
    }

    /** TLC's evaluator, coverage, global switches, fingerprint set-up and file resolution: the adapter's business. */
    private static final DescribedPredicate<JavaClass> TLC_TOOL_INTERNALS = new DescribedPredicate<>(
            "TLC tool internals (tlc2.tool.impl, tlc2.tool.coverage, TLCGlobals, Defns, FP64, util but UniqueString)") {
        @Override
        public boolean test(JavaClass c) {
            String n = c.getName();
            return n.startsWith("tlc2.tool.impl.") || n.startsWith("tlc2.tool.coverage.")
                    || n.equals("tlc2.TLCGlobals") || n.equals("tlc2.tool.Defns") || n.equals("tlc2.util.FP64")
                    || (n.startsWith("util.") && !n.equals("util.UniqueString"));
        }
    };

    /**
     * Guards the habit of reaching into TLC wherever it is handy: outside the adapter package the validation code
     * reads TLC's data model only, and never reflects (on TLC or anything else).
     */
    @Test
    void onlyTheAdapterReachesTlcToolInternals() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.enlightened.validation");
        noClasses().that().resideOutsideOfPackage(ADAPTER_PACKAGE + "..")
                .should().dependOnClassesThat(TLC_TOOL_INTERNALS)
                .orShould().dependOnClassesThat().resideInAPackage("java.lang.reflect..")
                .because("TLC's tool is reached through TlcAdapter, so a TLC upgrade fails in one place")
                .check(classes);
    }

    @Test
    void everyListedApiExistsInTheTlcOnTheClasspath() throws Exception {
        List<String> missing = new ArrayList<>();
        ClassLoader loader = getClass().getClassLoader();
        for (int i = 0; i < API.size(); i += 2) {
            Class<?> owner = Class.forName(API.get(i), false, loader);
            for (String member : API.get(i + 1).split(" ")) {
                if (!exists(owner, member)) {
                    missing.add(API.get(i) + "#" + member);
                }
            }
        }
        assertEquals(List.of(), missing, "TLC API the engine uses that this TLC lacks");
    }

    private static boolean exists(Class<?> owner, String member) {
        if (member.equals("<init>")) {
            return owner.getDeclaredConstructors().length > 0;
        }
        for (Class<?> c = owner; c != null; c = c.getSuperclass()) {
            Stream<Member> members = Stream.concat(Arrays.stream(c.getDeclaredMethods()),
                    Arrays.stream(c.getDeclaredFields()));
            if (members.anyMatch(m -> m.getName().equals(member))) {
                return true;
            }
        }
        return Arrays.stream(owner.getInterfaces()).anyMatch(i -> exists(i, member));
    }
}
