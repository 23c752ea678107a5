package dev.idcprov.pulumi;

import static dev.idcprov.pulumi.PulumiSandboxSupport.admin;
import static dev.idcprov.pulumi.PulumiSandboxSupport.count;
import static dev.idcprov.pulumi.PulumiSandboxSupport.createPermissionSet;
import static dev.idcprov.pulumi.PulumiSandboxSupport.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.pulumi.core.Output;
import com.pulumi.core.annotations.Export;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.ProviderResource;
import com.pulumi.resources.ResourceArgs;
import com.pulumi.core.annotations.Import;
import com.pulumi.test.PulumiTest;
import com.pulumi.test.TestResult;
import dev.idcprov.pulumi.PulumiSandboxSupport.CapturingHandler;
import dev.idcprov.pulumi.PulumiSandboxSupport.SandboxMocks;
import dev.idcprov.sandbox.RecordedRequest;
import dev.idcprov.sandbox.SsoAdminSandbox;
import dev.idcprov.sandbox.StandInSts;
import dev.idcprov.waiter.ProvisioningContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;

/**
 * The component acts as the stack's AWS identity: a stand-in STS on 127.0.0.1 hands out the role's keys, and the
 * sandbox accepts only calls signed with them.
 */
class StackIdentityTest {
  private static final String BASE_KEY = "AKIABASE000000000001";
  private static final String BASE_SECRET = "base-secret-do-not-print";
  private static final String ROLE_ARN = "arn:aws:iam::111111111111:role/IdentityCenterAdmin";
  private static final String ACCOUNT_1 = "111111111111";
  private static final String ACCOUNT_2 = "222222222222";
  private static final List<String> SECRETS = List.of(BASE_SECRET, StandInSts.DEFAULT_ROLE_SECRET,
      StandInSts.DEFAULT_ROLE_TOKEN);

  private final ProvisioningContext context = PulumiSandboxSupport.context();
  private StandInSts sts;
  private SsoAdminSandbox sandbox;
  private String instanceArn;
  private String permissionSetArn;

  @BeforeEach
  void start() {
    sts = StandInSts.start();
    // Given a sandbox that accepts only calls signed with the role's temporary keys
    sandbox = SsoAdminSandbox.builder().timeScale(1000).provisioningDuration(Duration.ofSeconds(2),
        Duration.ofSeconds(10)).randomSeed(42).verifySignatures(Map.of(StandInSts.DEFAULT_ROLE_KEY,
        StandInSts.DEFAULT_ROLE_SECRET, "AKIDTEST", "secret")).build().start();
    try (SsoAdminClient sso = admin(sandbox)) {
      instanceArn = sandbox.instanceArn();
      permissionSetArn = createPermissionSet(sso, instanceArn, "Admins");
    }
  }

  @AfterEach
  void stop() {
    sandbox.close();
    sts.close();
    context.close();
  }

  private Map<String, String> baseConfig() {
    Map<String, String> config = new LinkedHashMap<>();
    config.put("aws:region", "us-east-1");
    config.put("aws:accessKey", BASE_KEY);
    config.put("aws:secretKey", BASE_SECRET);
    config.put("aws:endpoints", "[{\"sts\":\"" + sts.endpoint() + "\",\"ssoadmin\":\"" + sandbox.endpoint() + "\"}]");
    return config;
  }

  private PermissionSetProvisioningArgs.Builder args() {
    return PermissionSetProvisioningArgs.builder().instanceArn(instanceArn).permissionSetArns(permissionSetArn)
        .accountIds(ACCOUNT_1, ACCOUNT_2);
  }

  private List<RecordedRequest> writesAndReads() {
    return sandbox.requests().stream().filter(r -> !r.operation().equals("CreatePermissionSet")).toList();
  }

  private static String everything(TestResult result, CapturingHandler log, PermissionSetProvisioning component) {
    List<String> parts = new ArrayList<>(log.snapshot());
    result.exceptions().forEach(e -> parts.add(String.valueOf(e)));
    result.errors().forEach(parts::add);
    if (component != null) {
      for (Output<?> o : List.of(component.results(), component.plannedTargets(), component.summary())) {
        try {
          parts.add(String.valueOf(PulumiTest.extractValue(o)));
        } catch (RuntimeException e) {
          parts.add(String.valueOf(e));
        }
      }
    }
    return String.join("\n", parts);
  }

  private static String errorText(TestResult result) {
    StringBuilder sb = new StringBuilder();
    result.exceptions().forEach(e -> sb.append(e.getMessage()).append('\n'));
    result.errors().forEach(e -> sb.append(e).append('\n'));
    return sb.toString();
  }

  @Test
  void assumeRoleConfig_reachesTheSandboxWithTheRolesKeysOnly_andNoSecretIsShown() {
    // Given static base keys and aws:assumeRole (pulumi-aws 6.x) with every setting it reads
    Map<String, String> config = baseConfig();
    config.put("aws:assumeRole", "{\"roleArn\":\"" + ROLE_ARN + "\",\"sessionName\":\"pulumi-up\",\"externalId\":"
        + "\"ext-123\",\"duration\":\"1h30m\",\"sourceIdentity\":\"alice\",\"tags\":{\"team\":\"platform\"},"
        + "\"transitiveTagKeys\":[\"team\"]}");
    Logger logger = Logger.getLogger("identity-" + System.nanoTime());
    CapturingHandler log = CapturingHandler.attachTo(logger);
    var component = new AtomicReference<PermissionSetProvisioning>();

    // When the component runs in an update
    TestResult result = run(false, new SandboxMocks(sandbox, Duration.ZERO), config, logger,
        ctx -> component.set(new PermissionSetProvisioning("admins", args().build(), null, context)));

    // Then it assumed the role with the base keys, with every setting, and asked STS who it is as the role
    assertThat(result.exceptions()).isEmpty();
    List<StandInSts.Call> calls = sts.calls();
    assertThat(calls).extracting(StandInSts.Call::action).containsExactly("AssumeRole", "GetCallerIdentity");
    assertThat(calls.get(0).signingKey()).isEqualTo(BASE_KEY);
    assertThat(calls.get(0).parameters()).containsEntry("RoleArn", ROLE_ARN)
        .containsEntry("RoleSessionName", "pulumi-up").containsEntry("ExternalId", "ext-123")
        .containsEntry("DurationSeconds", "5400").containsEntry("SourceIdentity", "alice")
        .containsEntry("Tags.member.1.Key", "team").containsEntry("Tags.member.1.Value", "platform")
        .containsEntry("TransitiveTagKeys.member.1", "team");
    assertThat(calls.get(1).signingKey()).isEqualTo(StandInSts.DEFAULT_ROLE_KEY);
    // and every SSO Admin call was signed with the role's keys (the sandbox rejects anything else)
    assertThat(writesAndReads()).isNotEmpty().allSatisfy(r -> assertThat(r.succeeded()).as(r.operation()).isTrue());
    assertThat(count(sandbox, "ProvisionPermissionSet")).isEqualTo(2);
    // and the first line names the account and the principal
    assertThat(log.snapshot().get(0)).startsWith("[admins] as account 111111111111 "
        + "(arn:aws:sts::111111111111:assumed-role/IdentityCenterAdmin/pulumi-up): checking");
    // and no secret appears in the log, the outputs or the errors
    String shown = everything(result, log, component.get());
    SECRETS.forEach(secret -> assertThat(shown).doesNotContain(secret));
  }

  @Test
  void preview_showsTheIdentity_andAssumeRolesChainsEachHopWithThePreviousKeys() {
    // Given aws:assumeRoles (pulumi-aws 7.x): two hops
    Map<String, String> config = baseConfig();
    config.put("aws:assumeRoles", "[{\"roleArn\":\"arn:aws:iam::111111111111:role/Hop1\"},{\"roleArn\":\""
        + ROLE_ARN + "\",\"sessionName\":\"hop2\"}]");
    Logger logger = Logger.getLogger("identity-" + System.nanoTime());
    CapturingHandler log = CapturingHandler.attachTo(logger);

    // When the component runs in preview
    TestResult result = run(true, new SandboxMocks(sandbox, Duration.ZERO), config, logger,
        ctx -> new PermissionSetProvisioning("admins", args().build(), null, context));

    // Then the first hop signed with the base keys, the second with the first hop's, GetCallerIdentity with the last
    assertThat(result.exceptions()).isEmpty();
    assertThat(sts.calls()).extracting(StandInSts.Call::action)
        .containsExactly("AssumeRole", "AssumeRole", "GetCallerIdentity");
    assertThat(sts.calls()).extracting(StandInSts.Call::signingKey)
        .containsExactly(BASE_KEY, StandInSts.DEFAULT_ROLE_KEY, StandInSts.DEFAULT_ROLE_KEY);
    assertThat(sts.calls().get(1).parameters()).containsEntry("RoleArn", ROLE_ARN);
    // and the preview names who it plans as, and writes nothing
    assertThat(log.snapshot().get(0)).startsWith("[admins] preview as account 111111111111 "
        + "(arn:aws:sts::111111111111:assumed-role/IdentityCenterAdmin/hop2)");
    assertThat(count(sandbox, "ProvisionPermissionSet")).isZero();
  }

  @Test
  void accountNotAllowed_failsBeforeAnySsoAdminCall_namingIt() {
    // Given aws:allowedAccountIds that does not list the caller's account
    Map<String, String> config = baseConfig();
    config.put("aws:allowedAccountIds", "[\"999999999999\"]");

    // When the component runs in an update
    TestResult result = run(false, new SandboxMocks(sandbox, Duration.ZERO), config,
        ctx -> new PermissionSetProvisioning("admins", args().build(), null, context));

    // Then it fails naming the account and the rule, with no SSO Admin call at all
    assertThat(errorText(result)).contains("refuses to act in account 111111111111")
        .contains("aws:allowedAccountIds allows only 999999999999").contains("Nothing was read or provisioned");
    assertThat(writesAndReads()).isEmpty();
  }

  @Test
  void forbiddenAccountOrOtherExpectedAccount_failsBeforeAnySsoAdminCall() {
    // Given the caller's account in aws:forbiddenAccountIds
    Map<String, String> forbidden = baseConfig();
    forbidden.put("aws:forbiddenAccountIds", "[\"111111111111\"]");
    TestResult first = run(false, new SandboxMocks(sandbox, Duration.ZERO), forbidden,
        ctx -> new PermissionSetProvisioning("admins", args().build(), null, context));
    assertThat(errorText(first)).contains("refuses to act in account 111111111111")
        .contains("aws:forbiddenAccountIds");

    // Given an expectedAccountId other than the caller's
    TestResult second = run(false, new SandboxMocks(sandbox, Duration.ZERO), baseConfig(),
        ctx -> new PermissionSetProvisioning("admins", args().expectedAccountId("222222222222").build(), null,
            context));
    assertThat(errorText(second)).contains("acts in account 111111111111")
        .contains("expectedAccountId is 222222222222");

    // Then neither made an SSO Admin call
    assertThat(writesAndReads()).isEmpty();
  }

  @Test
  void unreachableSts_failsBeforeAnySsoAdminCall_describingTheCredentialsWithoutTheSecret() {
    // Given an STS endpoint nobody listens on
    Map<String, String> config = baseConfig();
    config.put("aws:assumeRole", "{\"roleArn\":\"" + ROLE_ARN + "\"}");
    config.put("aws:endpoints", "[{\"sts\":\"http://127.0.0.1:1\",\"ssoadmin\":\"" + sandbox.endpoint() + "\"}]");

    // When the component runs in an update
    TestResult result = run(false, new SandboxMocks(sandbox, Duration.ZERO), config,
        ctx -> new PermissionSetProvisioning("admins", args().build(), null, context));

    // Then it says it could not resolve its identity, with the masked key and the role, never a secret
    assertThat(errorText(result)).contains("could not resolve who it acts as (sts:GetCallerIdentity with static "
        + "keys AKIA**** -> assume " + ROLE_ARN).contains("Nothing was read or provisioned");
    SECRETS.forEach(secret -> assertThat(errorText(result)).doesNotContain(secret));
    assertThat(writesAndReads()).isEmpty();
  }

  @Test
  void awsProviderInOptions_withoutItsRole_failsNamingTheInput_andWithTheRoleUsesItsKeys() {
    // Given an aws Provider with static keys handed to the component, its role not given
    Map<String, String> config = new LinkedHashMap<>();
    config.put("aws:region", "us-east-1");
    config.put("aws:endpoints", "[{\"sts\":\"" + sts.endpoint() + "\"}]");
    TestResult missing = run(false, new SandboxMocks(sandbox, Duration.ZERO), config, ctx -> {
      var provider = new FakeAwsProvider("deployer", BASE_KEY, BASE_SECRET);
      new PermissionSetProvisioning("admins", args().endpoint(sandbox.endpoint().toString())
          .stsEndpoint(sts.endpoint().toString()).build(),
          ComponentResourceOptions.builder().provider(provider).build(), context);
    });

    // Then it refuses to guess: it names the input to give, and makes no call
    assertThat(errorText(missing)).contains("assumeRoleArn is required with the aws Provider 'deployer'")
        .doesNotContain(BASE_SECRET);
    assertThat(sts.calls()).isEmpty();
    assertThat(writesAndReads()).isEmpty();

    // When the role it assumes is given as inputs
    TestResult ok = run(false, new SandboxMocks(sandbox, Duration.ZERO), config, ctx -> {
      var provider = new FakeAwsProvider("deployer", BASE_KEY, BASE_SECRET);
      new PermissionSetProvisioning("admins", args().endpoint(sandbox.endpoint().toString())
          .stsEndpoint(sts.endpoint().toString()).assumeRoleArn(ROLE_ARN).assumeRoleExternalId("ext-9").build(),
          ComponentResourceOptions.builder().providers(provider).build(), context);
    });

    // Then it assumed that role with the provider's keys and provisioned as the role
    assertThat(ok.exceptions()).isEmpty();
    assertThat(sts.calls().get(0).signingKey()).isEqualTo(BASE_KEY);
    assertThat(sts.calls().get(0).parameters()).containsEntry("RoleArn", ROLE_ARN).containsEntry("ExternalId", "ext-9");
    assertThat(count(sandbox, "ProvisionPermissionSet")).isEqualTo(2);
  }

  /** Stands in for pulumi-aws's {@code aws.Provider}: same type token, same output accessors. */
  public static final class FakeAwsProvider extends ProviderResource {
    @Export(name = "region", refs = {String.class}, tree = "[0]")
    private Output<String> region;
    @Export(name = "accessKey", refs = {String.class}, tree = "[0]")
    private Output<String> accessKey;
    @Export(name = "secretKey", refs = {String.class}, tree = "[0]")
    private Output<String> secretKey;

    FakeAwsProvider(String name, String accessKey, String secretKey) {
      super("aws", name, new Args("us-east-1", accessKey, secretKey), CustomResourceOptions.Empty);
    }

    /** @return the region */
    public Output<Optional<String>> region() {
      return region.applyValue(Optional::ofNullable);
    }

    /** @return the access key */
    public Output<Optional<String>> accessKey() {
      return accessKey.applyValue(Optional::ofNullable);
    }

    /** @return the secret key */
    public Output<Optional<String>> secretKey() {
      return secretKey.applyValue(Optional::ofNullable);
    }

    static final class Args extends ResourceArgs {
      @Import(name = "region")
      private final Output<String> region;
      @Import(name = "accessKey")
      private final Output<String> accessKey;
      @Import(name = "secretKey")
      private final Output<String> secretKey;

      Args(String region, String accessKey, String secretKey) {
        this.region = Output.of(region);
        this.accessKey = Output.of(accessKey);
        this.secretKey = Output.ofSecret(secretKey);
      }
    }
  }
}
