package dev.idcprov.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaStaticInitializer;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceRule;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The architecture of idc-provisioning, checked over the main classes of every module (core, sandbox, pulumi,
 * provider, cli, rehearsal with the example programs it compiles): which face may use which, internal packages kept internal, no
 * cycles between faces or between packages (save a face's {@code internal} package using that face's own API).
 * Test classes are left out: tests may reach into whatever they test. Each rule's {@code because} says why.
 *
 * <p>Faces, by package: core is {@code waiter} and {@code provisioning}; then {@code sandbox}, {@code pulumi},
 * {@code provider} (the Pulumi package serving the component over gRPC), {@code cli}, {@code rehearsal} and
 * {@code bench}. The example programs ({@code examples}) are user code: the
 * Pulumi component's public API only.
 */
class ArchitectureTest {

  private static final String ROOT = "dev.idcprov";
  private static final String[] CORE = {"dev.idcprov.waiter..", "dev.idcprov.provisioning.."};
  private static final String SANDBOX = "dev.idcprov.sandbox..";
  private static final String PULUMI = "dev.idcprov.pulumi..";
  private static final String PROVIDER = "dev.idcprov.provider..";
  private static final String CLI = "dev.idcprov.cli..";
  private static final String REHEARSAL = "dev.idcprov.rehearsal..";
  private static final String BENCH = "dev.idcprov.bench..";
  private static final String EXAMPLES = "dev.idcprov.examples..";
  private static final List<String> FACES_WITH_INTERNALS =
      List.of("waiter", "provisioning", "sandbox", "pulumi", "cli", "rehearsal");

  private static JavaClasses mainClasses;

  @BeforeAll
  static void importMainClasses() {
    mainClasses = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages(ROOT);
  }

  @Test
  void import_findsTheMainClassesOfEveryFace() {
    // Guards the rules below: a class path without a module would make its rules pass on nothing.
    for (String face : List.of("waiter", "provisioning", "sandbox", "pulumi", "provider", "cli", "rehearsal",
        "examples")) {
      assertTrue(mainClasses.stream().anyMatch(c -> c.getPackageName().startsWith(ROOT + "." + face)),
          () -> "no main class of dev.idcprov." + face + " imported");
    }
    assertTrue(mainClasses.stream().noneMatch(c -> c.getSimpleName().endsWith("Test")),
        "test classes were imported");
  }

  // (a) internal packages are internal to their face

  @Test
  void coreInternals_areUsedByCoreOnly() {
    check(noClasses().that().resideOutsideOfPackages(CORE)
        .should().dependOnClassesThat().resideInAnyPackage(
            "dev.idcprov.waiter.internal..", "dev.idcprov.provisioning.internal..")
        .because("waiter and provisioning share core's internals; every other face uses core's public API"));
  }

  @Test
  void sandboxInternals_areUsedBySandboxOnly() {
    check(internalsStayIn("sandbox", SANDBOX));
  }

  @Test
  void pulumiInternals_areUsedByPulumiOnly() {
    check(internalsStayIn("pulumi", PULUMI));
  }

  @Test
  void cliInternals_areUsedByCliOnly() {
    check(internalsStayIn("cli", CLI));
  }

  @Test
  void rehearsalInternals_areUsedByRehearsalOnly() {
    check(internalsStayIn("rehearsal", REHEARSAL));
  }

  // (b) dependencies point one way

  @Test
  void core_dependsOnNoOtherFace_andNoPulumiPicocliOrGson() {
    check(noClasses().that().resideInAnyPackage(CORE)
        .should().dependOnClassesThat().resideInAnyPackage(
            SANDBOX, PULUMI, PROVIDER, CLI, REHEARSAL, BENCH, EXAMPLES, "com.pulumi..", "picocli..",
            "com.google.gson..")
        .because("the waiter and the provisioner stand on the AWS SDK, Failsafe and SLF4J alone, so a waiter-only"
            + " user pulls nothing else"));
  }

  @Test
  void sandbox_dependsOnNoOtherDevIdcprovPackage() {
    check(noClasses().that().resideInAPackage(SANDBOX)
        .should().dependOnClassesThat(resideInAPackage(ROOT + "..").and(resideOutsideOfPackage(SANDBOX)))
        .because("the sandbox stands in for AWS: it knows nothing of the code it is used to test"));
  }

  @Test
  void pulumi_dependsOnCoreOnly() {
    check(noClasses().that().resideInAPackage(PULUMI)
        .should().dependOnClassesThat().resideInAnyPackage(SANDBOX, PROVIDER, CLI, REHEARSAL, BENCH, EXAMPLES)
        .because("the Pulumi component provisions and waits through core, and nothing else of ours"));
  }

  @Test
  void provider_dependsOnPulumiAndCoreOnly() {
    check(noClasses().that().resideInAPackage(PROVIDER)
        .should().dependOnClassesThat().resideInAnyPackage(SANDBOX, CLI, REHEARSAL, BENCH, EXAMPLES)
        .because("the package serves the Pulumi component (through its public API) with core's context, and "
            + "nothing else of ours"));
  }

  @Test
  void cli_dependsOnCoreAndSandboxOnly() {
    check(noClasses().that().resideInAPackage(CLI)
        .should().dependOnClassesThat().resideInAnyPackage(PULUMI, PROVIDER, REHEARSAL, BENCH, EXAMPLES)
        .because("the command line drives core and starts the sandbox; it never loads the Pulumi SDK"));
  }

  @Test
  void examples_useThePulumiComponentOnly() {
    check(noClasses().that().resideInAPackage(EXAMPLES)
        .should().dependOnClassesThat().resideInAnyPackage(SANDBOX, PROVIDER, CLI, REHEARSAL, BENCH)
        .because("the example programs are user code, run unchanged against AWS or in a rehearsal"));
  }

  @Test
  void nothing_dependsOnRehearsal() {
    check(noClasses().that().resideOutsideOfPackage(REHEARSAL)
        .should().dependOnClassesThat().resideInAPackage(REHEARSAL)
        .because("the rehearsal is a tool of this build, never a dependency"));
  }

  @Test
  void nothing_dependsOnBench() {
    check(noClasses().that().resideOutsideOfPackage(BENCH)
        .should().dependOnClassesThat().resideInAPackage(BENCH)
        .because("the benchmark harness is a tool of this build, never a dependency"));
  }

  @Test
  void nothing_dependsOnProvider() {
    check(noClasses().that().resideOutsideOfPackage(PROVIDER)
        .should().dependOnClassesThat().resideInAPackage(PROVIDER)
        .because("the provider is a plugin the Pulumi engine runs, the end of every dependency path"));
  }

  @Test
  void nothing_dependsOnCli() {
    check(noClasses().that().resideOutsideOfPackage(CLI)
        .should().dependOnClassesThat().resideInAPackage(CLI)
        .because("the command line is an application, the end of every dependency path"));
  }

  // (c) no cycles

  @Test
  void faces_areFreeOfCycles() {
    check(slices().matching("dev.idcprov.(*)..").namingSlices("$1").should().beFreeOfCycles()
        .because("faces depend one way: provisioning on waiter, pulumi and cli on both, never back"));
  }

  @Test
  void packages_areFreeOfCycles_saveAnInternalPackageUsingItsOwnFacesApi() {
    // A face's public types sit at its top and the helpers implementing them in its `internal` package; the helpers
    // take and return the public types (WaitOptions, RequestOutcome, ...), so `x.internal -> x` closes a loop with
    // `x -> x.internal` by design. That one edge is left out; any other cycle between packages fails.
    SliceRule rule = slices().matching("dev.idcprov.(**)").should().beFreeOfCycles();
    for (String face : FACES_WITH_INTERNALS) {
      rule = rule.ignoreDependency(
          resideInAPackage(ROOT + "." + face + ".internal.."), resideInAPackage(ROOT + "." + face));
    }
    check(rule);
  }

  // (d) shared state lives in an object a caller can see, pass and replace (ProvisioningContext), never in a static

  @Test
  void staticFields_areFinal() {
    check(fields().that().areStatic().and().areDeclaredInClassesThat().resideInAPackage(ROOT + "..")
        .should().beFinal()
        .because("a mutable static decides behaviour a caller can neither see nor replace; state shared across calls "
            + "belongs to a ProvisioningContext (or another object passed in)"));
  }

  @Test
  void staticInitializers_buildNoMutableContainerThreadsOrCounters() {
    // A final static can still hold process-wide state (the old RequestBudget.SHARED was a final ConcurrentHashMap):
    // so no static initializer may build a mutable collection, an atomic or a thread pool. Immutable constants
    // (List.of, Map.of, Set.of, Pattern.compile, records) are fine.
    DescribedPredicate<JavaCall<?>> inStaticInitializer = DescribedPredicate.describe("in a static initializer",
        call -> call.getOrigin().getName().equals(JavaStaticInitializer.STATIC_INITIALIZER_NAME));
    // The import leaves JDK classes unresolved (archunit.properties), so their type hierarchy is read by reflection.
    DescribedPredicate<JavaClass> mutableState = describe("a mutable collection, an atomic or an executor",
        owner -> isMutableJdkState(owner.getName()));
    check(noClasses().that().resideInAPackage(ROOT + "..")
        .should().callConstructorWhere(describe("a constructor of " + mutableState.getDescription() + " "
            + inStaticInitializer.getDescription(),
            call -> inStaticInitializer.test(call) && mutableState.test(call.getTargetOwner())))
        .orShould().callMethodWhere(describe("a factory of executors or synchronized collections "
            + inStaticInitializer.getDescription(),
            call -> inStaticInitializer.test(call)
                && (call.getTargetOwner().isEquivalentTo(Executors.class)
                    || call.getTargetOwner().isEquivalentTo(Collections.class)
                    && call.getName().startsWith("synchronized"))))
        .because("a static collection, counter or thread pool is process-wide state in disguise; it belongs to a "
            + "ProvisioningContext (or another object passed in)"));
  }

  private static boolean isMutableJdkState(String className) {
    if (!className.startsWith("java.")) {
      return false;
    }
    try {
      Class<?> type = Class.forName(className, false, ArchitectureTest.class.getClassLoader());
      return Map.class.isAssignableFrom(type) || Collection.class.isAssignableFrom(type)
          || Executor.class.isAssignableFrom(type) || type.getPackageName().equals("java.util.concurrent.atomic");
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  private static ArchRule internalsStayIn(String face, String facePackage) {
    String internal = facePackage.substring(0, facePackage.length() - 2) + ".internal..";
    return noClasses().that().resideOutsideOfPackage(facePackage)
        .should().dependOnClassesThat().resideInAPackage(internal)
        .because("classes in " + face + "'s internal packages are not API: other faces use " + face
            + "'s public types");
  }

  private static void check(ArchRule rule) {
    rule.check(mainClasses);
  }
}
