package dev.idcprov.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;

/** Builder checks, lifecycle misuse, seeds, metrics and recorded requests. */
class SsoAdminSandboxLifecycleTest {

  @Test
  void builderSetters_rejectBadValues_namingTheField() {
    SsoAdminSandbox.Builder b = SsoAdminSandbox.builder();

    assertThatThrownBy(() -> b.port(70000)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port");
    assertThatThrownBy(() -> b.timeScale(0.5)).hasMessageContaining("timeScale");
    assertThatThrownBy(() -> b.requestsPerSecond(0)).hasMessageContaining("requestsPerSecond");
    assertThatThrownBy(() -> b.throttleRate(1.5)).hasMessageContaining("throttleRate");
    assertThatThrownBy(() -> b.generatedAccounts(0)).hasMessageContaining("generatedAccounts");
    assertThatThrownBy(() -> b.latency(Duration.ofSeconds(-1))).hasMessageContaining("latency");
    assertThatThrownBy(() -> b.provisioningDuration(Duration.ofSeconds(5), Duration.ofSeconds(1)))
        .hasMessageContaining("provisioningDuration");
    assertThatThrownBy(() -> b.verifySignatures(Map.of())).hasMessageContaining("verifySignatures");
    assertThatThrownBy(() -> b.seed(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("seed");
  }

  @Test
  void build_rejectsConflictingSettings() {
    assertThatThrownBy(() -> SsoAdminSandbox.builder().seed(SandboxSeed.defaults()).seedFile(Path.of("x.json")).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("seedFile");
    assertThatThrownBy(() -> SsoAdminSandbox.builder().throttleRate(0.6).serverErrorRate(0.6).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("must not exceed 1");
  }

  @Test
  void lifecycleMisuse_isIllegalState() {
    SsoAdminSandbox sandbox = SsoAdminSandbox.builder().build();
    assertThatThrownBy(sandbox::endpoint).isInstanceOf(IllegalStateException.class);

    sandbox.start();
    assertThatThrownBy(sandbox::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("started");
    sandbox.close();
    sandbox.close();
    assertThatThrownBy(sandbox::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
  }

  @Test
  void defaultSeed_hasTenActiveAccounts_oneSuspended_andOneWithoutPolicies() {
    SandboxSeed seed = SandboxSeed.defaults();

    assertThat(seed.accounts()).hasSize(11);
    assertThat(seed.accounts().stream().filter(SandboxSeed.Account::active)).hasSize(10);
    assertThat(seed.accounts()).filteredOn(a -> !a.active()).extracting(SandboxSeed.Account::id)
        .containsExactly(SandboxSeed.DEFAULT_SUSPENDED_ACCOUNT);
    assertThat(seed.accounts()).filteredOn(a -> !a.hasPolicy(SandboxSeed.DEFAULT_READ_ONLY_POLICY, "/"))
        .extracting(SandboxSeed.Account::id).containsExactly(SandboxSeed.DEFAULT_ACCOUNT_WITHOUT_POLICIES);
    assertThat(SsoAdminSandbox.builder().build().accountIds()).startsWith("111111111111", "222222222222");
  }

  @Test
  void seedJson_roundTrips_andFileLoads(@TempDir Path dir) throws Exception {
    SandboxSeed seed = SandboxSeed.defaults();
    Path file = dir.resolve("seed.json");
    Files.writeString(file, seed.toJson());

    SsoAdminSandbox sandbox = SsoAdminSandbox.builder().seedFile(file).build();

    assertThat(sandbox.accountIds()).isEqualTo(SsoAdminSandbox.builder().build().accountIds());
    assertThat(SandboxSeed.fromJson(new StringReader(seed.toJson())).toJson()).isEqualTo(seed.toJson());
    SandboxSeed minimal = SandboxSeed.fromJson(new StringReader("{\"accounts\":[{\"id\":\"012345678901\"}]}"));
    assertThat(minimal.accounts()).singleElement().satisfies(a -> assertThat(a.status()).isEqualTo("ACTIVE"));
    assertThat(minimal.instanceArn()).isEqualTo(SandboxSeed.DEFAULT_INSTANCE_ARN);
  }

  @Test
  void seedJson_withBadValues_isRejectedNamingTheField() {
    assertThatThrownBy(() -> SandboxSeed.fromJson(new StringReader("{}")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("accounts");
    assertThatThrownBy(() -> SandboxSeed.fromJson(new StringReader("{\"accounts\":[{\"id\":\"12\"}]}")))
        .hasMessageContaining("12 digits");
    assertThatThrownBy(() -> SandboxSeed.fromJson(new StringReader(
        "{\"accounts\":[{\"id\":\"012345678901\",\"status\":\"CLOSED\"}]}")))
        .hasMessageContaining("ACTIVE or SUSPENDED");
    assertThatThrownBy(() -> SandboxSeed.fromJson(new StringReader("{\"accounts\":[")))
        .hasMessageContaining("malformed");
  }

  @Test
  void generatedAccounts_replacesTheSeedsAccounts() {
    SsoAdminSandbox sandbox = SsoAdminSandbox.builder().generatedAccounts(1000).build();

    assertThat(sandbox.accountIds()).hasSize(1000).startsWith("200000000000").endsWith("200000000999");
    assertThat(sandbox.seed().accounts()).allSatisfy(a -> {
      assertThat(a.active()).isTrue();
      assertThat(a.hasPolicy(SandboxSeed.DEFAULT_READ_ONLY_POLICY, "/")).isTrue();
    });
  }

  @Test
  void metricsAndRecordedRequests_describeTraffic_withoutCredentials() {
    try (SsoAdminSandbox sandbox = SandboxTestSupport.fast().build().start();
        SsoAdminClient sso = SandboxTestSupport.client(sandbox.endpoint())) {
      sso.listInstances(r -> {});
      sso.createPermissionSet(r -> r.instanceArn(sandbox.instanceArn()).name("M"));
      try {
        sso.createPermissionSet(r -> r.instanceArn(sandbox.instanceArn()).name("M"));
      } catch (software.amazon.awssdk.services.ssoadmin.model.ConflictException expected) {
        // counted as failed
      }

      SandboxMetrics m = sandbox.metrics();

      assertThat(m.operation("CreatePermissionSet")).isEqualTo(new SandboxMetrics.Counts(2, 0, 1, 0));
      assertThat(m.total()).isEqualTo(new SandboxMetrics.Counts(3, 0, 1, 0));
      assertThat(m.format()).contains("CreatePermissionSet").contains("TOTAL").contains("THROTTLED");
      assertThat(sandbox.requests()).extracting(RecordedRequest::operation)
          .containsExactly("ListInstances", "CreatePermissionSet", "CreatePermissionSet");
      assertThat(sandbox.requests().get(2)).satisfies(r -> {
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.errorType()).isEqualTo("ConflictException");
        assertThat(r.target()).isEqualTo("SWBExternalService.CreatePermissionSet");
        assertThat(r.body()).contains("\"Name\":\"M\"");
      });
      assertThat(sandbox.requests().toString()).doesNotContain(SandboxTestSupport.SECRET_KEY)
          .doesNotContain("AWS4-HMAC-SHA256");
    }
  }
}
