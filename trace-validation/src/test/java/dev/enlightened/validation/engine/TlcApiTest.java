package dev.enlightened.validation.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.lang.reflect.Member;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The TLC API the engine depends on, named in one place, so that a TLC upgrade fails here first: every class and
 * member of TLC (packages {@code tlc2}, {@code tla2sany}, {@code util}) that the engine's bytecode reaches, read with
 * ArchUnit from {@code dev.enlightened.validation.engine} and {@code tlc2.tool.impl.ReadTrackingTool} (our subclass of
 * TLC's {@code Tool}), must be listed in {@link #API}, and every listed one must exist in the TLC jar on the classpath.
 * Reflection only: no TLC class is initialised, so TLC's global state stays untouched in this JVM.
 */
class TlcApiTest {
    /** Owner class, then its members the engine uses ({@code <init>}: a constructor). */
    private static final List<String> API = List.of(
            "tla2sany.semantic.APSubstInNode", "getSubsts",
            "tla2sany.semantic.ExprNode", "getLevel getLocation getToolObject",
            "tla2sany.semantic.ExternalModuleTable", "getModuleNodes",
            "tla2sany.semantic.FormalParamNode", "getName",
            "tla2sany.semantic.LetInNode", "getBody getLets",
            "tla2sany.semantic.ModuleNode", "getConstantDecls getInnerModules getName getOpDef getOpDefs",
            "tla2sany.semantic.OpApplNode", "getArgs getBdedQuantBounds getOperator getUid",
            "tla2sany.semantic.OpArgNode", "getOp",
            "tla2sany.semantic.OpDeclNode", "getKind getName getToolObject setToolObject",
            "tla2sany.semantic.OpDefNode", "getArity getBody getInRecursive getKind getName",
            "tla2sany.semantic.OpDefNode", "getOriginallyDefinedInModuleNode getParams getToolObject setToolObject",
            "tla2sany.semantic.SemanticNode", "getChildren getLocation getUid toString",
            "tla2sany.semantic.StringNode", "getRep",
            "tla2sany.semantic.Subst", "getExpr getOp",
            "tla2sany.semantic.SubstInNode", "getSubsts",
            "tla2sany.semantic.SymbolNode", "getName",
            "tla2sany.st.Location", "beginColumn beginLine endColumn endLine source",
            "tlc2.TLCGlobals", "setNumWorkers",
            "tlc2.tool.Action", "<init> cm con getName pred",
            "tlc2.tool.Defns", "get put",
            "tlc2.tool.StateVec", "elementAt size",
            "tlc2.tool.TLCState", "Empty fingerPrint lookup toString vars",
            "tlc2.tool.coverage.CostModel", "DO_NOT_RECORD",
            "tlc2.tool.impl.SpecProcessor", "getModuleTbl",
            "tlc2.tool.impl.Tool", "<init> eval getActions getAssumptionIsAxiom getAssumptions getImpliedActNames",
            "tlc2.tool.impl.Tool", "getImpliedActions getImpliedInits getImpliedTemporalNames getImpliedTemporals",
            "tlc2.tool.impl.Tool", "getInitStates getInvNames getInvariants getNextStates getOpContext",
            "tlc2.tool.impl.Tool", "getResolver getRootModule isValid",
            "tlc2.util.Context", "Empty cons lookup",
            "tlc2.util.FP64", "Init",
            "tlc2.util.Vect", "<init> elementAt size",
            "tlc2.value.impl.BoolValue", "ValFalse ValTrue val",
            "tlc2.value.impl.FcnRcdValue", "domain intv select toRcd toTuple values",
            "tlc2.value.impl.IntValue", "gen val",
            "tlc2.value.impl.IntervalValue", "low",
            "tlc2.value.impl.LazyValue", "<init>",
            "tlc2.value.impl.ModelValue", "val",
            "tlc2.value.impl.RecordValue", "<init> names normalize select values",
            "tlc2.value.impl.SetEnumValue", "<init> elems normalize",
            "tlc2.value.impl.StringValue", "<init> val",
            "tlc2.value.impl.TupleValue", "<init> elems",
            "tlc2.value.impl.Value", "deepNormalize initialize toFcnRcd toRcd toSetEnum toString",
            "tlc2.value.impl.ValueVec", "elementAt size",
            "util.FilenameToStream", "resolve",
            "util.SimpleFilenameToStream", "<init>",
            "util.ToolIO", "err out",
            "util.UniqueString", "toString uniqueStringOf");

    private static Set<String> listed() {
        Set<String> listed = new TreeSet<>();
        for (int i = 0; i < API.size(); i += 2) {
            for (String member : API.get(i + 1).split(" ")) {
                listed.add(API.get(i) + "#" + member);
            }
        }
        return listed;
    }

    private static boolean isTlc(String owner) {
        return (owner.startsWith("tlc2.") || owner.startsWith("tla2sany.") || owner.startsWith("util."))
                && !owner.startsWith("tlc2.tool.impl.ReadTrackingTool");
    }

    @Test
    void theEngineUsesExactlyTheListedTlcApi() {
        Set<String> used = new TreeSet<>();
        for (JavaClass c : new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.enlightened.validation.engine", "tlc2.tool.impl")) {
            boolean ours = c.getPackageName().startsWith("dev.enlightened")
                    || c.getName().startsWith("tlc2.tool.impl.ReadTrackingTool");
            if (!ours) {
                continue;
            }
            for (JavaAccess<?> a : c.getAccessesFromSelf()) {
                if (isTlc(a.getTargetOwner().getName())) {
                    used.add(a.getTargetOwner().getName() + "#" + a.getName());
                }
            }
        }
        assertEquals(listed(), used, "a new use of TLC is named in TlcApiTest.API (and an unused one removed)");
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
