package dev.enlightened.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.lang.invoke.VarHandle;

/**
 * The few architecture rules worth a build failure, each guarding one habit of DESIGN.md / STYLE.md. They run here
 * because cli's test classpath holds every module's main classes; test classes are not checked.
 */
@AnalyzeClasses(packages = "dev.enlightened",
        importOptions = {ImportOption.DoNotIncludeTests.class, ArchitectureTest.NoTestJars.class})
class ArchitectureTest {
    /**
     * Leaves out test-jars (trace-validation's, for TraceSchema): DoNotIncludeTests knows test-classes directories
     * only, and once the reactor has packaged, a test-jar is what is on the classpath.
     */
    static final class NoTestJars implements ImportOption {
        @Override
        public boolean includes(com.tngtech.archunit.core.importer.Location location) {
            return !location.contains("-tests.jar");
        }
    }


    /**
     * The reference implementation's layers, bottom up (DESIGN.md, reference-impl): what guest and host share sits
     * below both, the guest and the host never know each other, scenarios wire them together, and only the CLI sits
     * on top. (trace, sim, signal, clock are leaves every layer may use.)
     */
    @ArchTest
    static final ArchRule referenceImplLayers = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("Leaves").definedBy("dev.enlightened.trace..", "dev.enlightened.sim..", "dev.enlightened.signal..",
                    "dev.enlightened.clock..")
            .layer("Wire").definedBy("dev.enlightened.wire..")
            .layer("Memory").definedBy("dev.enlightened.ring", "dev.enlightened.ring.trace", "dev.enlightened.synic..")
            .layer("Medium").definedBy("dev.enlightened.medium..")
            .layer("Guest").definedBy("dev.enlightened.channel", "dev.enlightened.storvsc", "dev.enlightened.netvsc")
            .layer("Host").definedBy("dev.enlightened.host..")
            .layer("Scenarios").definedBy("dev.enlightened.*.scenario..")
            .layer("Cli").definedBy("dev.enlightened.cli..")
            .whereLayer("Cli").mayNotBeAccessedByAnyLayer()
            .whereLayer("Scenarios").mayOnlyBeAccessedByLayers("Cli")
            .whereLayer("Guest").mayOnlyBeAccessedByLayers("Scenarios", "Cli")
            .whereLayer("Host").mayOnlyBeAccessedByLayers("Scenarios", "Cli")
            .whereLayer("Medium").mayOnlyBeAccessedByLayers("Guest", "Host", "Scenarios", "Cli")
            .whereLayer("Memory").mayOnlyBeAccessedByLayers("Medium", "Guest", "Host", "Scenarios", "Cli")
            .whereLayer("Wire").mayOnlyBeAccessedByLayers("Memory", "Medium", "Guest", "Host", "Scenarios", "Cli");

    /** reference-impl knows nothing of TLC, the checkers or where specs live (DESIGN.md). */
    @ArchTest
    static final ArchRule referenceImplKnowsNoChecker = noClasses().that().resideInAnyPackage(
                    "dev.enlightened.wire..", "dev.enlightened.ring..", "dev.enlightened.signal..",
                    "dev.enlightened.synic..", "dev.enlightened.medium..", "dev.enlightened.channel..",
                    "dev.enlightened.host..", "dev.enlightened.storvsc..", "dev.enlightened.netvsc..",
                    "dev.enlightened.trace..", "dev.enlightened.sim..", "dev.enlightened.clock..")
            .should().dependOnClassesThat().resideInAnyPackage("tlc2..", "tla2sany..", "dev.enlightened.modelcheck..",
                    "dev.enlightened.validation..", "dev.enlightened.workspace..");

    /** The checkers check specs and traces, not the Java drivers: trace-validation and model-checks side by side. */
    @ArchTest
    static final ArchRule checkersKnowNoDriver = noClasses().that().resideInAnyPackage(
                    "dev.enlightened.modelcheck..", "dev.enlightened.validation..", "dev.enlightened.workspace..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.enlightened.wire..", "dev.enlightened.ring..",
                    "dev.enlightened.signal..", "dev.enlightened.synic..", "dev.enlightened.medium..",
                    "dev.enlightened.channel..", "dev.enlightened.host..", "dev.enlightened.storvsc..",
                    "dev.enlightened.netvsc..", "dev.enlightened.trace..", "dev.enlightened.sim..",
                    "dev.enlightened.cli..");

    /**
     * TLC is used in one place: only the trace engine ({@code validation.engine}, whose TLC surface TlcApiTest names
     * member by member) touches TLC's classes, so a TLC upgrade fails there and nowhere else. model-checks forks TLC
     * and reads its output; it links nothing of it.
     */
    @ArchTest
    static final ArchRule tlcOnlyInTheEngine = noClasses().that().resideInAPackage("dev.enlightened..")
            .and().resideOutsideOfPackage("dev.enlightened.validation.engine..")
            .should().dependOnClassesThat().resideInAnyPackage("tlc2..", "tla2sany..", "util..");

    /** The CLI is thin: nothing outside cli imports picocli (STYLE.md 13). */
    @ArchTest
    static final ArchRule picocliOnlyInCli = noClasses().that().resideOutsideOfPackage("dev.enlightened.cli..")
            .should().dependOnClassesThat().resideInAPackage("picocli..");

    /**
     * Memory ordering is named where it happens: only the memory accessor classes touch VarHandles (STYLE.md 8):
     * the ring's RingMemory and its ByteBuffer implementation, and the SynIC message slot's page.
     */
    @ArchTest
    static final ArchRule varHandlesOnlyInMemoryAccessors = noClasses().that()
            .doNotHaveFullyQualifiedName("dev.enlightened.ring.RingMemory")
            .and().doNotHaveFullyQualifiedName("dev.enlightened.ring.ByteBufferRingMemory")
            .and().doNotHaveFullyQualifiedName("dev.enlightened.synic.SynicMessageSlot")
            .should().dependOnClassesThat().areAssignableTo(VarHandle.class);

    /**
     * Raw memory access is confined to one class: ByteBufferRingMemory reaches the ring's data with sun.misc.Unsafe
     * after its own bounds check on every access (docs/benchmarks.md); nothing else may use it.
     */
    @ArchTest
    static final ArchRule unsafeOnlyInTheRingMemory = noClasses().that()
            .doNotHaveFullyQualifiedName("dev.enlightened.ring.ByteBufferRingMemory")
            .should().dependOnClassesThat().haveFullyQualifiedName("sun.misc.Unsafe");

    /** No cycle between any two packages: each package can be read, tested and moved on its own. */
    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("dev.enlightened.(**)").should().beFreeOfCycles();
}
