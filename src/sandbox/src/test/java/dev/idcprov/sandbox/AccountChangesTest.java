package dev.idcprov.sandbox;

import static dev.idcprov.sandbox.SandboxTestSupport.awaitTerminal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonParser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;
import software.amazon.awssdk.services.ssoadmin.model.ConflictException;
import software.amazon.awssdk.services.ssoadmin.model.PermissionSetProvisioningStatus;
import software.amazon.awssdk.services.ssoadmin.model.ProvisionTargetType;
import software.amazon.awssdk.services.ssoadmin.model.StatusValues;

/** Accounts that change while a run goes on, through the Java control API and the HTTP control endpoint. */
class AccountChangesTest {
  private static final String A = "111111111111";
  private static final String B = "222222222222";

  private SsoAdminSandbox sandbox;
  private SsoAdminClient sso;
  private String instance;

  private void start(SsoAdminSandbox.Builder b) {
    sandbox = b.build().start();
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

  private PermissionSetProvisioningStatus provisionAndWait(String ps, String account) {
    String id = sso.provisionPermissionSet(r -> r.instanceArn(instance).permissionSetArn(ps)
        .targetType(ProvisionTargetType.AWS_ACCOUNT).targetId(account)).permissionSetProvisioningStatus().requestId();
    awaitTerminal(sandbox, id);
    return sso.describePermissionSetProvisioningStatus(r -> r.instanceArn(instance).provisionPermissionSetRequestId(id))
        .permissionSetProvisioningStatus();
  }

  private HttpResponse<String> control(String json) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(sandbox.endpoint() + "/_sandbox/control"))
        .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void accountSuspendedAfterProvisioning_failsTheNextProvisioning_asATemporaryProblem_andStaysListed() {
    start(SandboxTestSupport.fast());
    String ps = create("Ops");
    assertThat(provisionAndWait(ps, A).status()).isEqualTo(StatusValues.SUCCEEDED);

    sandbox.control().suspend(A);
    PermissionSetProvisioningStatus failed = provisionAndWait(ps, A);
    sandbox.control().accountStatus(A, "ACTIVE");
    PermissionSetProvisioningStatus again = provisionAndWait(ps, A);

    assertThat(failed.status()).isEqualTo(StatusValues.FAILED);
    assertThat(failed.failureReason()).isEqualTo("Request to provision the permission set in account " + A
        + " takes longer than usual. Please try again.");
    assertThat(again.status()).isEqualTo(StatusValues.SUCCEEDED);
    assertThat(sso.listAccountsForProvisionedPermissionSet(r -> r.instanceArn(instance).permissionSetArn(ps))
        .accountIds()).containsExactly(A);
  }

  @Test
  void accountClosedOrRemovedFromTheOrganization_failsProvisioning_andIsStillListedWhereItWasProvisioned() {
    start(SandboxTestSupport.fast());
    String ps = create("Ops");
    provisionAndWait(ps, A);
    provisionAndWait(ps, B);

    sandbox.control().accountStatus(A, "PENDING_CLOSURE").removeFromOrganization(B);

    assertThat(provisionAndWait(ps, A).failureReason()).contains("takes longer than usual. Please try again.");
    assertThat(provisionAndWait(ps, B).failureReason()).contains(B + " is not a member of the organization");
    assertThat(sandbox.control().accountStatus(B)).isEqualTo("REMOVED");
    assertThat(sso.listAccountsForProvisionedPermissionSet(r -> r.instanceArn(instance).permissionSetArn(ps))
        .accountIds()).containsExactly(A, B);
    assertThatThrownBy(() -> sandbox.control().suspend("123456789012"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("accountId");
    assertThatThrownBy(() -> sandbox.control().accountStatus(A, "CLOSED"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("status must be one of");
  }

  @Test
  void customerManagedPolicyDeletedThenCreatedInAnAccount_failsThenSucceeds() {
    start(SandboxTestSupport.fast());
    String ps = create("Cmp");
    sso.attachCustomerManagedPolicyReferenceToPermissionSet(r -> r.instanceArn(instance).permissionSetArn(ps)
        .customerManagedPolicyReference(c -> c.name("Extra").path("/team/")));

    PermissionSetProvisioningStatus missing = provisionAndWait(ps, A);
    sandbox.control().createCustomerManagedPolicy(A, "Extra", "/team/");
    PermissionSetProvisioningStatus present = provisionAndWait(ps, A);
    sandbox.control().deleteCustomerManagedPolicy(A, "Extra", "/team/");
    PermissionSetProvisioningStatus deleted = provisionAndWait(ps, A);

    assertThat(missing.failureReason()).contains("arn:aws:iam::" + A + ":policy/team/Extra");
    assertThat(present.status()).isEqualTo(StatusValues.SUCCEEDED);
    assertThat(deleted.status()).isEqualTo(StatusValues.FAILED);
  }

  @Test
  void listLag_changedWhileRunning() {
    SandboxTestSupport.ManualClock clock = new SandboxTestSupport.ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    start(SandboxTestSupport.fast().clock(clock));
    String before = create("Before");
    assertThat(sso.listPermissionSets(r -> r.instanceArn(instance)).permissionSets()).containsExactly(before);
    clock.advance(Duration.ofMillis(20)); // 20 sandbox seconds at time scale 1000

    sandbox.control().listVisibilityLag(Duration.ofSeconds(10), false);
    String after = create("After");
    assertThat(sso.listPermissionSets(r -> r.instanceArn(instance)).permissionSets()).containsExactly(before);
    clock.advance(Duration.ofMillis(10)); // 10 sandbox seconds at time scale 1000
    assertThat(sso.listPermissionSets(r -> r.instanceArn(instance)).permissionSets()).containsExactly(before, after);
  }

  @Test
  void writePropagation_writeBeforeThePreviousOnePropagated_isConflict_thenSucceedsOnRetry() {
    SandboxTestSupport.ManualClock clock = new SandboxTestSupport.ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    start(SandboxTestSupport.fast().clock(clock));
    sandbox.control().writePropagation(Duration.ofSeconds(2));
    String ps = create("Fresh");

    assertThatThrownBy(() -> sso.provisionPermissionSet(r -> r.instanceArn(instance).permissionSetArn(ps)
        .targetType(ProvisionTargetType.AWS_ACCOUNT).targetId(A)))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("not propagated yet");
    assertThat(sso.describePermissionSet(r -> r.instanceArn(instance).permissionSetArn(ps)).permissionSet().name())
        .isEqualTo("Fresh");
    clock.advance(Duration.ofMillis(2)); // 2 sandbox seconds at time scale 1000

    sso.updatePermissionSet(r -> r.instanceArn(instance).permissionSetArn(ps).description("changed"));
    assertThatThrownBy(() -> sso.updatePermissionSet(r -> r.instanceArn(instance).permissionSetArn(ps)
        .description("again"))).isInstanceOf(ConflictException.class);
    clock.advance(Duration.ofMillis(2));
    assertThat(provisionAndWait(ps, A).status()).isEqualTo(StatusValues.SUCCEEDED);
  }

  @Test
  void httpControlEndpoint_changesAccountsAndLag_andRejectsBadChangesNamingTheField() throws Exception {
    start(SandboxTestSupport.fast());
    String ps = create("Http");

    HttpResponse<String> suspend = control("{\"Action\":\"SetAccountStatus\",\"AccountId\":\"" + A
        + "\",\"Status\":\"SUSPENDED\"}");
    HttpResponse<String> lag = control("{\"Action\":\"SetListVisibilityLag\",\"Lag\":\"PT5S\",\"Varies\":true}");
    HttpResponse<String> policy = control("{\"Action\":\"CreateCustomerManagedPolicy\",\"AccountId\":\"" + B
        + "\",\"PolicyName\":\"Added\"}");
    HttpResponse<String> badAction = control("{\"Action\":\"Explode\"}");
    HttpResponse<String> badAccount = control("{\"Action\":\"SetAccountStatus\",\"Status\":\"ACTIVE\"}");

    assertThat(suspend.statusCode()).isEqualTo(200);
    assertThat(lag.statusCode()).isEqualTo(200);
    assertThat(policy.statusCode()).isEqualTo(200);
    assertThat(sandbox.faults().listVisibilityLag()).isEqualTo(Duration.ofSeconds(5));
    assertThat(sandbox.faults().listLagVaries()).isTrue();
    assertThat(provisionAndWait(ps, A).status()).isEqualTo(StatusValues.FAILED);
    assertThat(badAction.statusCode()).isEqualTo(400);
    assertThat(JsonParser.parseString(badAction.body()).getAsJsonObject().get("message").getAsString())
        .contains("Action must be one of");
    assertThat(badAccount.statusCode()).isEqualTo(400);
    assertThat(badAccount.body()).contains("AccountId is required");
    // control calls are not API calls: not recorded, not counted
    assertThat(sandbox.requests()).extracting(RecordedRequest::operation).doesNotContain("null");
  }
}
