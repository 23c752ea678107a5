package dev.idcprov.sandbox;

import static dev.idcprov.sandbox.SandboxTestSupport.awaitTerminal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;
import software.amazon.awssdk.services.ssoadmin.model.PermissionSetProvisioningStatus;
import software.amazon.awssdk.services.ssoadmin.model.ProvisionTargetType;
import software.amazon.awssdk.services.ssoadmin.model.ServiceQuotaExceededException;
import software.amazon.awssdk.services.ssoadmin.model.SsoAdminException;
import software.amazon.awssdk.services.ssoadmin.model.StatusValues;
import software.amazon.awssdk.services.ssoadmin.model.Tag;
import software.amazon.awssdk.services.ssoadmin.model.ValidationException;

/** The limits AWS enforces on a provisioning workflow, through the SDK client. */
class LimitsTest {
  private static final String ACCOUNT = "111111111111";

  private SsoAdminSandbox sandbox;
  private SsoAdminClient sso;
  private String instance;

  @BeforeEach
  void start() {
    sandbox = SandboxTestSupport.fast().build().start();
    sso = SandboxTestSupport.client(sandbox.endpoint());
    instance = sandbox.instanceArn();
  }

  @AfterEach
  void stop() {
    SandboxTestSupport.close(sso, sandbox);
  }

  private String create(String name) {
    return sso.createPermissionSet(r -> r.instanceArn(instance).name(name)).permissionSet().permissionSetArn();
  }

  private void putInline(String ps, String doc) {
    sso.putInlinePolicyToPermissionSet(r -> r.instanceArn(instance).permissionSetArn(ps).inlinePolicy(doc));
  }

  /** A valid policy of exactly {@code nonWhitespace} non-whitespace characters (a long resource), plus spaces. */
  private static String policyOf(int nonWhitespace, int spaces) {
    String head = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\","
        + "\"Resource\":[\"arn:aws:s3:::";
    String tail = "/*\"]}]}";
    return head + "b".repeat(nonWhitespace - head.length() - tail.length()) + tail + " ".repeat(spaces);
  }

  @Test
  void inlinePolicy_over10240NonWhitespaceCharacters_isRejectedWithItsSize_whitespaceDoesNotCount() {
    String ps = create("Big");
    String atLimit = policyOf(10_240, 5_000);
    String over = policyOf(13_318, 0);
    assertThat(atLimit.length()).isGreaterThan(15_000);

    putInline(ps, atLimit);
    assertThatThrownBy(() -> putInline(ps, over)).isInstanceOfSatisfying(ValidationException.class, e -> {
      assertThat(e.statusCode()).isEqualTo(400);
      assertThat(e.awsErrorDetails().errorMessage()).contains("13318 non-whitespace characters")
          .contains("10240");
    });
    assertThat(sso.getInlinePolicyForPermissionSet(r -> r.instanceArn(instance).permissionSetArn(ps)).inlinePolicy())
        .isEqualTo(atLimit);
  }

  @Test
  void inlinePolicy_thatIsNotAnIamPolicy_isRejectedWithIamsWording() {
    String ps = create("Invalid");
    String allow = "\"Effect\":\"Allow\",\"Action\":\"s3:*\"";

    assertThatThrownBy(() -> putInline(ps, "{\"foo\":\"bar\"}")).isInstanceOf(ValidationException.class)
        .hasMessageContaining("Syntax errors in policy.");
    assertThatThrownBy(() -> putInline(ps, "{\"Version\":\"2012-10-17\"}")).isInstanceOf(ValidationException.class)
        .hasMessageContaining("Missing required field Statement");
    assertThatThrownBy(() -> putInline(ps, "{\"Version\":\"2012-10-17\",\"Statement\":{" + allow + "}}"))
        .isInstanceOf(ValidationException.class).hasMessageContaining("Policy statement must contain resources.");
    assertThatThrownBy(() -> putInline(ps, "{\"Statement\":{" + allow + ",\"Resource\":\"*\",\"Principal\":\"*\"}}"))
        .isInstanceOf(ValidationException.class).hasMessageContaining("should not specify a principal");
    assertThatThrownBy(() -> putInline(ps, "{\"Version\":\"2013-01-01\",\"Statement\":{" + allow
        + ",\"Resource\":\"*\"}}")).isInstanceOf(ValidationException.class)
        .hasMessageContaining("The policy failed legacy parsing");
    putInline(ps, "{\"Statement\":{" + allow + ",\"Resource\":\"*\"}}");
  }

  @Test
  void twentyManagedAndCustomerManagedPolicies_together_thenQuotaExceeded() {
    String ps = create("Twenty");
    for (int i = 0; i < 12; i++) {
      String arn = "arn:aws:iam::aws:policy/Managed" + i;
      sso.attachManagedPolicyToPermissionSet(r -> r.instanceArn(instance).permissionSetArn(ps).managedPolicyArn(arn));
    }
    for (int i = 0; i < 8; i++) {
      String name = "Customer" + i;
      sso.attachCustomerManagedPolicyReferenceToPermissionSet(r -> r.instanceArn(instance).permissionSetArn(ps)
          .customerManagedPolicyReference(c -> c.name(name)));
    }

    assertThatThrownBy(() -> sso.attachManagedPolicyToPermissionSet(r -> r.instanceArn(instance)
        .permissionSetArn(ps).managedPolicyArn("arn:aws:iam::aws:policy/OneMore")))
        .isInstanceOf(ServiceQuotaExceededException.class).hasMessageContaining("20");
    assertThatThrownBy(() -> sso.attachCustomerManagedPolicyReferenceToPermissionSet(r -> r.instanceArn(instance)
        .permissionSetArn(ps).customerManagedPolicyReference(c -> c.name("OneMore"))))
        .isInstanceOf(ServiceQuotaExceededException.class);
  }

  @Test
  void moreManagedPoliciesThanTheAccountsIamQuota_failsProvisioningThere_untilTheQuotaIsRaised() {
    String ps = create("Eleven");
    for (int i = 0; i < 11; i++) {
      String arn = "arn:aws:iam::aws:policy/Managed" + i;
      sso.attachManagedPolicyToPermissionSet(r -> r.instanceArn(instance).permissionSetArn(ps).managedPolicyArn(arn));
    }

    PermissionSetProvisioningStatus failed = provisionAndWait(ps);
    sandbox.control().managedPoliciesPerRole(ACCOUNT, 20);
    PermissionSetProvisioningStatus ok = provisionAndWait(ps);

    assertThat(failed.status()).isEqualTo(StatusValues.FAILED);
    assertThat(failed.failureReason()).contains("Cannot exceed quota for PoliciesPerRole: 10");
    assertThat(ok.status()).isEqualTo(StatusValues.SUCCEEDED);
  }

  @Test
  void permissionSetsPerInstance_andProvisionedPerAccount_quotas() {
    sandbox.control().quotas(2, 1);
    String first = create("One");
    String second = create("Two");
    assertThatThrownBy(() -> create("Three")).isInstanceOf(ServiceQuotaExceededException.class)
        .hasMessageContaining("(2)");

    assertThat(provisionAndWait(first).status()).isEqualTo(StatusValues.SUCCEEDED);
    PermissionSetProvisioningStatus over = provisionAndWait(second);
    assertThat(over.status()).isEqualTo(StatusValues.FAILED);
    assertThat(over.failureReason()).contains("maximum of 1 provisioned permission sets");
  }

  @Test
  void nameDescriptionRelayStateAndSessionDuration_constraints() {
    assertThatThrownBy(() -> create("n".repeat(33))).isInstanceOf(ValidationException.class)
        .hasMessageContaining("'name'").hasMessageContaining("less than or equal to 32");
    assertThatThrownBy(() -> create("has space")).isInstanceOf(ValidationException.class)
        .hasMessageContaining("regular expression pattern");
    assertThatThrownBy(() -> sso.createPermissionSet(r -> r.instanceArn(instance).name("D")
        .description("d".repeat(701)))).isInstanceOf(ValidationException.class)
        .hasMessageContaining("'description'");
    assertThatThrownBy(() -> sso.createPermissionSet(r -> r.instanceArn(instance).name("R")
        .relayState("r".repeat(241)))).isInstanceOf(ValidationException.class)
        .hasMessageContaining("'relayState'");
    assertThatThrownBy(() -> sso.createPermissionSet(r -> r.instanceArn(instance).name("S")
        .sessionDuration("PT13H"))).isInstanceOf(ValidationException.class)
        .hasMessageContaining("PT12H");
    assertThat(sso.createPermissionSet(r -> r.instanceArn(instance).name("Ok").sessionDuration("PT12H")
        .relayState("r".repeat(240)).description("d".repeat(700))).permissionSet().sessionDuration())
        .isEqualTo("PT12H");
  }

  @Test
  void fiftyTagsPerResource() {
    List<Tag> fiftyOne = IntStream.range(0, 51).mapToObj(i -> Tag.builder().key("k" + i).value("v").build()).toList();
    assertThatThrownBy(() -> sso.createPermissionSet(r -> r.instanceArn(instance).name("TooMany").tags(fiftyOne)))
        .isInstanceOf(ServiceQuotaExceededException.class);
    List<Tag> fifty = IntStream.range(0, 50).mapToObj(i -> Tag.builder().key("k" + i).value("v").build())
        .collect(Collectors.toCollection(ArrayList::new));
    String ps = sso.createPermissionSet(r -> r.instanceArn(instance).name("Tags").tags(fifty)).permissionSet()
        .permissionSetArn();

    assertThatThrownBy(() -> sso.tagResource(r -> r.instanceArn(instance).resourceArn(ps)
        .tags(Tag.builder().key("k50").value("v").build())))
        .isInstanceOf(ServiceQuotaExceededException.class).hasMessageContaining("50");
    sso.tagResource(r -> r.instanceArn(instance).resourceArn(ps).tags(Tag.builder().key("k0").value("new").build()));
  }

  @Test
  void aRequestOverAwssSizeLimit_isHttp413ThroughTheSdk() {
    String ps = create("Huge");
    assertThatThrownBy(() -> putInline(ps, "x".repeat(1_700_000)))
        .isInstanceOfSatisfying(SsoAdminException.class, e -> assertThat(e.statusCode()).isEqualTo(413));
    assertThat(sandbox.requests().get(sandbox.requests().size() - 1).body()).isEmpty();
  }

  private PermissionSetProvisioningStatus provisionAndWait(String ps) {
    String id = sso.provisionPermissionSet(r -> r.instanceArn(instance).permissionSetArn(ps)
        .targetType(ProvisionTargetType.AWS_ACCOUNT).targetId(ACCOUNT)).permissionSetProvisioningStatus().requestId();
    awaitTerminal(sandbox, id);
    return sso.describePermissionSetProvisioningStatus(r -> r.instanceArn(instance).provisionPermissionSetRequestId(id))
        .permissionSetProvisioningStatus();
  }
}
