package dev.idcprov.rehearsal;

import com.pulumi.Context;
import dev.idcprov.sandbox.SandboxSeed;
import dev.idcprov.sandbox.SsoAdminSandbox;
import dev.idcprov.sandbox.StandInSts;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;
import software.amazon.awssdk.services.ssoadmin.model.ProvisionTargetType;

/**
 * The local rehearsal: runs a Pulumi program (by default the quickstart example, unchanged) several times in the
 * Pulumi SDK's in-process runtime against an {@link SsoAdminSandbox} started for the occasion, with
 * {@link SandboxMocks} creating the program's pulumi-aws {@code ssoadmin} resources in the sandbox. It prints each run
 * as a deployment would (resources, the component's progress, outputs or the error) and touches no AWS account.
 *
 * <p>Scenarios:
 * <ul>
 *   <li>{@code normal} (default): a first {@code pulumi up}; a changed inline policy (every target account is then
 *       outdated and provisioned again); two added accounts (only those two move); a run with nothing changed (no
 *       provisioning call). Each run is checked against what it must show.</li>
 *   <li>{@code fail}: a first {@code pulumi up}, then a run that attaches a customer managed policy and adds an
 *       account where that policy does not exist, so that account's provisioning FAILS and the deployment fails with
 *       the AWS reason, printed as a user would see it.</li>
 *   <li>{@code fan-out}: the fan-out example ({@value #FAN_OUT_PROGRAM}, which must be on the classpath): a first
 *       {@code pulumi up} of three permission sets to seven accounts and two components, a changed session
 *       duration (every set outdated, both components provision in parallel), then a run with nothing changed.</li>
 * </ul>
 * The exit code is 0 when every run showed what it should (for {@code fail}: the failure, as expected), 1 when
 * anything unexpected happened, 2 for bad arguments.
 *
 * <pre>{@code
 * ./rehearse --scenario fail
 * }</pre>
 * The script compiles this module (which compiles the example programs unchanged) and what it depends on, then runs
 * this class with the module's runtime classpath.
 */
public final class Rehearsal {
  /** The program run by default: the quickstart example's class. */
  public static final String DEFAULT_PROGRAM = "dev.idcprov.examples.quickstart.App";
  /** The project name of the quickstart (its Pulumi.yaml), the namespace of its config keys. */
  public static final String DEFAULT_PROJECT = "idcprov-quickstart";
  /** The fan-out example's class, the default program of the {@code fan-out} scenario. */
  public static final String FAN_OUT_PROGRAM = "dev.idcprov.examples.fanout.App";
  /** The fan-out example's project name. */
  public static final String FAN_OUT_PROJECT = "idcprov-fan-out";
  /** How much faster than real time the sandbox provisions. */
  public static final double DEFAULT_TIME_SCALE = 10;
  /** The stack name shown. */
  public static final String STACK = "rehearsal";
  /** The account every caller of the stand-in STS belongs to. */
  static final String ACCOUNT = "123456789012";
  /** The role the rehearsal's stack assumes. */
  static final String ROLE_ARN = "arn:aws:iam::" + ACCOUNT + ":role/IdentityCenterAdmin";

  private static final String USAGE = """
      usage: ./rehearse [--scenario normal|fail|fan-out] [--program CLASS] [--project NAME] [--time-scale N]
        --scenario    normal:  create, change the inline policy, add accounts, re-run unchanged (default)
                      fail:    create, then a run where one account's provisioning FAILS
                      fan-out: the fan-out example: create, change the session duration, re-run unchanged
        --program     class with 'public static void stack(com.pulumi.Context)' (default %s)
        --project     its Pulumi project name, the namespace of its config (default %s)
        --time-scale  sandbox speed-up, at least 1 (default %s)
      """.formatted(DEFAULT_PROGRAM, DEFAULT_PROJECT, (int) DEFAULT_TIME_SCALE);

  /**
   * One {@code pulumi up} of the rehearsal: what changed, the config, and what it must show.
   *
   * @param title      the run's title
   * @param change     what changed in the program's config, or empty
   * @param config     the stack config
   * @param unexpected what the run must show: returns a problem, or null when the run showed it
   * @param outside    a change made outside Pulumi before the run (a console edit), or null
   */
  record Step(String title, String change, Map<String, String> config,
      Function<ProgramRun.Outcome, String> unexpected, Outside outside) {
    Step(String title, String change, Map<String, String> config, Function<ProgramRun.Outcome, String> unexpected) {
      this(title, change, config, unexpected, null);
    }
  }

  /**
   * A change made outside Pulumi between two runs.
   *
   * @param description what it does, as shown
   * @param action      does it, with an SSO Admin client signed as the stack's role
   */
  record Outside(String description, Consumer<SsoAdminClient> action) {
  }

  private final PrintStream out;
  private final String scenario;
  private final String programClass;
  private final String project;
  private final double timeScale;
  private SsoAdminSandbox sandbox;
  private int allProvisionedInRun;

  private Rehearsal(PrintStream out, String scenario, String programClass, String project, double timeScale) {
    this.out = out;
    this.scenario = scenario;
    this.programClass = programClass;
    this.project = project;
    this.timeScale = timeScale;
  }

  /**
   * Runs the rehearsal and exits with its code.
   *
   * @param args see the class description
   */
  public static void main(String[] args) {
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
    System.exit(run(args, System.out));
  }

  /**
   * Runs the rehearsal, printing to {@code out}.
   *
   * @param args the command-line arguments
   * @param out  where the rehearsal prints
   * @return 0 if every run showed what it should, 1 if not, 2 for bad arguments
   */
  public static int run(String[] args, PrintStream out) {
    Objects.requireNonNull(out, "out");
    String scenario = "normal";
    String program = null;
    String project = null;
    double timeScale = DEFAULT_TIME_SCALE;
    try {
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        if (arg.equals("--help") || arg.equals("-h")) {
          out.print(USAGE);
          return 0;
        }
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("option " + arg + " needs a value");
        }
        String value = args[++i];
        switch (arg) {
          case "--scenario" -> {
            if (!List.of("normal", "fail", "fan-out").contains(value)) {
              throw new IllegalArgumentException("--scenario is '" + value
                  + "': allowed values are normal, fail and fan-out");
            }
            scenario = value;
          }
          case "--program" -> program = value;
          case "--project" -> project = value;
          case "--time-scale" -> {
            try {
              timeScale = Double.parseDouble(value);
            } catch (NumberFormatException e) {
              throw new IllegalArgumentException("--time-scale is '" + value + "': expected a number >= 1", e);
            }
            if (!(timeScale >= 1) || Double.isInfinite(timeScale)) {
              throw new IllegalArgumentException("--time-scale is '" + value + "': expected a number >= 1");
            }
          }
          default -> throw new IllegalArgumentException("unknown option '" + arg + "'");
        }
      }
    } catch (IllegalArgumentException e) {
      out.println("rehearse: " + e.getMessage());
      out.print(USAGE);
      return 2;
    }
    boolean fanOut = scenario.equals("fan-out");
    if (program == null) {
      program = fanOut ? FAN_OUT_PROGRAM : DEFAULT_PROGRAM;
    }
    if (project == null) {
      project = fanOut ? FAN_OUT_PROJECT : DEFAULT_PROJECT;
    }
    return new Rehearsal(out, scenario, program, project, timeScale).run();
  }

  private int run() {
    Consumer<Context> program;
    try {
      program = ProgramRun.program(programClass);
    } catch (IllegalArgumentException e) {
      out.println("rehearse: " + e.getMessage());
      return 2;
    }
    out.println("LOCAL REHEARSAL: the program " + programClass + " runs unchanged in the Pulumi SDK's in-process");
    out.println("runtime against a local IAM Identity Center emulator (the project's SSO Admin sandbox) and a stand-in");
    out.println("STS. It touches no AWS account and needs no AWS credentials. Its pulumi-aws resources are emulated");
    out.println("with the calls terraform-provider-aws makes, including its own ALL_PROVISIONED_ACCOUNTS provisioning.");
    out.println();
    Map<String, String> savedProperties = useDummyCredentials();
    List<String> unexpected = new ArrayList<>();
    DeploymentPrinter printer = new DeploymentPrinter(out, project + "-" + STACK);
    try (StandInSts sts = standInSts();
         SsoAdminSandbox started = SsoAdminSandbox.builder().timeScale(timeScale).randomSeed(7)
             .listVisibilityLag(SsoAdminSandbox.REALISTIC_LIST_VISIBILITY_LAG).listLagVaries(true)
             .verifySignatures(sts.roleSigningKeys()).build().start();
         SsoAdminClient asRole = roleClient(started, sts);
         SandboxMocks mocks = new SandboxMocks(asRole, printer::resource, Set.of(SandboxMocks.COMPONENT_TYPE),
             timeScale)) {
      sandbox = started;
      SandboxSeed seed = sandbox.seed();
      long suspended = seed.accounts().stream().filter(a -> !a.active()).count();
      out.printf("Sandbox: %s at %s, %d accounts (%d suspended)%n", sandbox.instanceArn(), sandbox.endpoint(),
          seed.accounts().size(), suspended);
      out.printf("Stack identity: aws:assumeRole %s (stand-in STS at %s); the sandbox accepts only that role's keys%n",
          ROLE_ARN, sts.endpoint());
      out.printf("Time: the sandbox provisions %sx faster than AWS (a 30 s provisioning takes %ss here); every "
          + "duration printed below is wall time.%n", fmt(timeScale), fmt(30 / timeScale));
      List<Step> steps = steps(sandbox, sts);
      for (int i = 0; i < steps.size(); i++) {
        Step step = steps.get(i);
        String problem = runStep(i + 1, step, program, mocks, printer, asRole);
        if (problem != null) {
          unexpected.add("run " + (i + 1) + ": " + problem);
          break;
        }
      }
    } catch (RuntimeException e) {
      unexpected.add("the rehearsal itself failed: " + e);
    } finally {
      printer.close();
      restore(savedProperties);
    }
    out.println();
    if (unexpected.isEmpty()) {
      out.println(scenario.equals("fail")
          ? "Rehearsal finished as expected: the failing account's provisioning FAILED and the deployment said why."
          : "Rehearsal finished as expected.");
    } else {
      out.println("REHEARSAL DID NOT GO AS EXPECTED:");
      unexpected.forEach(u -> out.println("  " + u));
    }
    out.println("This was a local rehearsal against an emulator; no AWS account was touched.");
    return unexpected.isEmpty() ? 0 : 1;
  }

  /**
   * @return the stand-in for AWS STS the stack's {@code aws:assumeRole} config goes through: it answers AssumeRole
   *     with fixed temporary credentials of the role (the sandbox then accepts only calls signed with them), and
   *     GetCallerIdentity for the signing key, every caller in {@link #ACCOUNT}
   */
  static StandInSts standInSts() {
    return StandInSts.builder().account(ACCOUNT).userName("rehearsal")
        .roleCredentials(new StandInSts.RoleCredentials("ASIAREHEARSALROLE001", "rehearsal-role-secret",
            "rehearsal-token"))
        .start();
  }

  private static SsoAdminClient roleClient(SsoAdminSandbox sandbox, StandInSts sts) {
    return SsoAdminClient.builder()
        .endpointOverride(sandbox.endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
            sts.roleCredentials().accessKeyId(), sts.roleCredentials().secretAccessKey())))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  private String runStep(int number, Step step, Consumer<Context> program, SandboxMocks mocks,
      DeploymentPrinter printer, SsoAdminClient asRole) {
    out.println();
    out.println("=== Run " + number + ": " + step.title());
    if (step.outside() != null) {
      out.println("    outside Pulumi: " + step.outside().description());
      step.outside().action().accept(asRole);
    }
    if (!step.change().isEmpty()) {
      out.println("    change: " + step.change());
    }
    out.println("Previewing update (" + STACK + "):");
    mocks.preview(true);
    printer.startRun(true);
    long previewStarted = System.nanoTime();
    ProgramRun.Outcome preview = ProgramRun.run(program, project, STACK, step.config(), mocks, printer::log, true);
    printer.finishPreview(preview, Duration.ofNanos(System.nanoTime() - previewStarted));
    if (!preview.succeeded()) {
      String problem = "the preview failed (exit code " + preview.exitCode() + ")";
      out.println("UNEXPECTED: " + problem);
      return problem;
    }
    mocks.preview(false);
    out.println();
    out.println("Updating (" + STACK + "):");
    printer.startRun(false);
    long before = allProvisionedRequests();
    long started = System.nanoTime();
    ProgramRun.Outcome outcome = ProgramRun.run(program, project, STACK, step.config(), mocks, printer::log);
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    allProvisionedInRun = (int) (allProvisionedRequests() - before);
    printer.finishRun(outcome, took);
    String problem = step.unexpected().apply(outcome);
    if (problem != null) {
      out.println("UNEXPECTED: " + problem);
    }
    return problem;
  }

  private long allProvisionedRequests() {
    return sandbox.provisioningRecords().stream()
        .filter(r -> ProvisionTargetType.ALL_PROVISIONED_ACCOUNTS.toString().equals(r.targetType())).count();
  }

  /** The run's pulumi-aws resources provisioned ALL_PROVISIONED_ACCOUNTS, and the component had nothing to do. */
  private String pulumiAwsProvisionedAndComponentNothing(ProgramRun.Outcome outcome) {
    String problem = succeededWith(outcome, 0);
    if (problem != null) {
      return problem;
    }
    return allProvisionedInRun > 0 ? null
        : "no ALL_PROVISIONED_ACCOUNTS request by the pulumi-aws resources, expected their own provisioning";
  }

  private Map<String, String> identityConfig(SsoAdminSandbox sandbox, StandInSts sts) {
    Map<String, String> config = new LinkedHashMap<>();
    config.put("aws:region", "us-east-1");
    config.put("aws:accessKey", "AKIAREHEARSALBASE001");
    config.put("aws:secretKey", "rehearsal-base-secret");
    config.put("aws:assumeRole", "{\"roleArn\":\"" + ROLE_ARN + "\",\"sessionName\":\"pulumi-rehearsal\"}");
    config.put("aws:endpoints", "[{\"sts\":\"" + sts.endpoint() + "\",\"ssoadmin\":\"" + sandbox.endpoint()
        + "\"}]");
    config.put("aws:allowedAccountIds", "[\"" + ACCOUNT + "\"]");
    return config;
  }

  private List<Step> steps(SsoAdminSandbox sandbox, StandInSts sts) {
    if (scenario.equals("fan-out")) {
      return fanOutSteps(sandbox, sts);
    }
    List<String> active = sandbox.seed().accounts().stream().filter(SandboxSeed.Account::active)
        .map(SandboxSeed.Account::id).filter(id -> !id.equals(SandboxSeed.DEFAULT_ACCOUNT_WITHOUT_POLICIES)).toList();
    if (active.size() < 5 || sandbox.seed().users().isEmpty()) {
      throw new IllegalStateException("the sandbox seed needs 5 ACTIVE accounts and a user; it has "
          + active.size() + " and " + sandbox.seed().users().size());
    }
    List<String> three = active.subList(0, 3);
    List<String> five = active.subList(0, 5);
    Map<String, String> base = identityConfig(sandbox, sts);
    base.put(project + ":accountIds", json(three));
    base.put(project + ":principalId", sandbox.seed().users().get(0));
    base.put(project + ":expectedAccountId", ACCOUNT);
    base.put(project + ":ssoAdminEndpoint", sandbox.endpoint().toString());
    base.put(project + ":pollIntervalSeconds", "1");
    base.put(project + ":timeoutSeconds", "120");

    List<Step> steps = new ArrayList<>();
    steps.add(new Step("first pulumi up: create the permission set, assign it in one account, provision it to 3", "",
        base, o -> succeededWith(o, null)));
    if (scenario.equals("fail")) {
      String missing = SandboxSeed.DEFAULT_ACCOUNT_WITHOUT_POLICIES;
      Map<String, String> failing = with(base, project + ":customerManagedPolicyName",
          SandboxSeed.DEFAULT_READ_ONLY_POLICY);
      failing.put(project + ":accountIds", json(List.of(three.get(0), three.get(1), three.get(2), missing)));
      steps.add(new Step("attach a customer managed policy and add an account that lacks it: pulumi-aws provisions "
          + "the 3 accounts that have the set, the component the new one, which FAILS",
          "customerManagedPolicyName = " + SandboxSeed.DEFAULT_READ_ONLY_POLICY + ", accountIds + " + missing
              + " (the policy does not exist in " + missing + ")",
          failing, o -> failedNaming(o, missing)));
      steps.add(new Step("nothing changed: pulumi-aws makes no call (its resources are unchanged), the component "
          + "finds " + missing + " still not provisioned after the earlier FAILED request, tries again and says why",
          "", failing, o -> failedNaming(o, missing)));
      return steps;
    }
    Map<String, String> extended = with(base, project + ":inlinePolicyVariant", "extended");
    steps.add(new Step("inline policy changed: pulumi-aws provisions the set to every account that has it "
        + "(ALL_PROVISIONED_ACCOUNTS) and waits; the component finds nothing to provision",
        "inlinePolicyVariant basic -> extended", extended, this::pulumiAwsProvisionedAndComponentNothing));
    Map<String, String> added = with(extended, project + ":accountIds", json(five));
    steps.add(new Step("two accounts added: they have no assignment, so pulumi-aws cannot provision them; the "
        + "component provisions only those two", "accountIds + " + five.get(3) + ", " + five.get(4), added,
        o -> succeededWith(o, 2)));
    steps.add(new Step("the inline policy edited outside Pulumi: every account is outdated, pulumi-aws sees no "
        + "change; the component updates all " + five.size() + " with one ALL_PROVISIONED_ACCOUNTS request", "",
        added, o -> succeededWith(o, 1),
        new Outside("PutInlinePolicyToPermissionSet on the set (as a console edit would)", client -> {
          String setArn = client.listPermissionSets(r -> r.instanceArn(sandbox.instanceArn())).permissionSets()
              .get(0);
          client.putInlinePolicyToPermissionSet(r -> r.instanceArn(sandbox.instanceArn()).permissionSetArn(setArn)
              .inlinePolicy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":"
                  + "[\"ce:GetCostAndUsage\"],\"Resource\":\"*\"}]}"));
        })));
    steps.add(new Step("nothing changed: no provisioning call", "", added, o -> succeededWith(o, 0)));
    return steps;
  }

  private List<Step> fanOutSteps(SsoAdminSandbox sandbox, StandInSts sts) {
    String group = sandbox.seed().groups().isEmpty() ? null : sandbox.seed().groups().get(0);
    if (group == null) {
      throw new IllegalStateException("the sandbox seed needs a group for the fan-out example");
    }
    Map<String, String> config = identityConfig(sandbox, sts);
    config.put(project + ":accountIds", json(List.of("111111111111", "222222222222", "333333333333")));
    config.put(project + ":auditAccountIds",
        json(List.of("555555555555", "666666666666", "777777777777", "888888888888")));
    config.put(project + ":developersGroupId", group);
    config.put(project + ":auditorsGroupId", group);
    config.put(project + ":ssoAdminEndpoint", sandbox.endpoint().toString());
    config.put(project + ":pollIntervalSeconds", "1");
    Map<String, String> shorter = with(config, project + ":sessionDuration", "PT4H");
    return List.of(
        new Step("first pulumi up: 3 permission sets, 10 assignments, 2 components", "", config,
            o -> succeededWith(o, null)),
        new Step("session duration changed: pulumi-aws updates each set and provisions it to every account that has "
            + "it (ALL_PROVISIONED_ACCOUNTS); the components find nothing to provision",
            "sessionDuration PT8H -> PT4H", shorter, this::pulumiAwsProvisionedAndComponentNothing),
        new Step("nothing changed: no provisioning call", "", shorter, o -> succeededWith(o, 0)));
  }

  private static String succeededWith(ProgramRun.Outcome outcome, Integer requests) {
    if (!outcome.succeeded()) {
      return "the run failed (exit code " + outcome.exitCode() + ")";
    }
    Object failed = outcome.outputs().get("failedCount");
    if (!(failed instanceof Number n) || n.intValue() != 0) {
      return "failedCount is " + failed + ", expected 0";
    }
    Object count = outcome.outputs().get("requestCount");
    if (requests != null && (!(count instanceof Number c) || c.intValue() != requests)) {
      return "requestCount is " + count + ", expected " + requests;
    }
    return null;
  }

  private static String failedNaming(ProgramRun.Outcome outcome, String account) {
    if (outcome.succeeded()) {
      return "the run succeeded, but provisioning to " + account + " should have FAILED";
    }
    boolean named = outcome.exceptions().stream().anyMatch(e -> String.valueOf(e.getMessage()).contains(account))
        || outcome.errors().stream().anyMatch(e -> e.contains(account));
    return named ? null : "the run failed, but no error names account " + account;
  }

  private static Map<String, String> with(Map<String, String> base, String key, String value) {
    Map<String, String> copy = new LinkedHashMap<>(base);
    copy.put(key, value);
    return copy;
  }

  private static String json(List<String> values) {
    return values.stream().map(v -> "\"" + v + "\"").reduce((a, b) -> a + "," + b)
        .map(s -> "[" + s + "]").orElse("[]");
  }

  private static String fmt(double d) {
    return d == Math.rint(d) ? String.valueOf((long) d) : String.format(Locale.ROOT, "%.2f", d);
  }

  // The component builds its client from the SDK's default chain; system properties come first in that chain, so
  // it signs with these dummy values and never with whatever real credentials the machine has.
  static Map<String, String> useDummyCredentials() {
    Map<String, String> saved = new LinkedHashMap<>();
    for (String key : List.of("aws.accessKeyId", "aws.secretAccessKey", "aws.sessionToken")) {
      saved.put(key, System.getProperty(key));
    }
    System.setProperty("aws.accessKeyId", "rehearsal");
    System.setProperty("aws.secretAccessKey", "rehearsal");
    System.clearProperty("aws.sessionToken");
    return saved;
  }

  static void restore(Map<String, String> saved) {
    saved.forEach((key, value) -> {
      if (value == null) {
        System.clearProperty(key);
      } else {
        System.setProperty(key, value);
      }
    });
  }
}
