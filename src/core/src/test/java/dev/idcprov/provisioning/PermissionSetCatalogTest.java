package dev.idcprov.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.idcprov.sandbox.SsoAdminSandbox;
import dev.idcprov.sandbox.junit.SsoAdminSandboxExtension;
import dev.idcprov.waiter.AwsApiException;
import dev.idcprov.waiter.ProvisioningStatusReader;
import dev.idcprov.waiter.RequestBudget;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;
import software.amazon.awssdk.services.ssoadmin.model.ProvisionTargetType;
import software.amazon.awssdk.services.ssoadmin.model.StatusValues;

/** {@link PermissionSetCatalog} and {@link ProvisioningStatusReader#page} against the sandbox, over real HTTP. */
class PermissionSetCatalogTest {
  @RegisterExtension
  static final SsoAdminSandboxExtension SANDBOX = SandboxEndToEndTest.sandboxPerTest(b -> { });

  SsoAdminSandbox sandbox;
  SsoAdminClient sso;

  @BeforeEach
  void setUp(SsoAdminSandbox sandbox, SsoAdminClient sso) {
    this.sandbox = sandbox;
    this.sso = sso;
  }

  @Test
  void listsEveryPermissionSetOverPages_andNamesOne() {
    List<String> created = new ArrayList<>();
    IntStream.range(0, 105).forEach(i -> created.add(sso.createPermissionSet(r -> r.instanceArn(sandbox.instanceArn())
        .name("Set" + i)).permissionSet().permissionSetArn()));
    PermissionSetCatalog catalog = PermissionSetCatalog.builder().client(sso).requestBudget(RequestBudget.of(1000))
        .build();

    List<String> listed = catalog.listPermissionSets(sandbox.instanceArn());

    assertThat(listed).containsExactlyInAnyOrderElementsOf(created);
    assertThat(sandbox.requests().stream().filter(r -> r.operation().equals("ListPermissionSets")).count())
        .isEqualTo(2);
    assertThat(catalog.name(sandbox.instanceArn(), created.get(7))).isEqualTo("Set7");
  }

  @Test
  void anUnknownPermissionSet_isNotFound() {
    PermissionSetCatalog catalog = PermissionSetCatalog.builder().client(sso).build();
    String unknown = sandbox.instanceArn().replace(":instance/", ":permissionSet/") + "/ps-0123456789abcdef";

    Throwable t = catchThrowable(() -> catalog.name(sandbox.instanceArn(), unknown));

    assertThat(t).isInstanceOf(AwsApiException.class);
    assertThat(((AwsApiException) t).kind()).isEqualTo(AwsApiException.Kind.NOT_FOUND);
  }

  @Test
  void statusPages_handBackTheNextToken() {
    String ps = sso.createPermissionSet(r -> r.instanceArn(sandbox.instanceArn()).name("Paged")).permissionSet()
        .permissionSetArn();
    for (String account : List.of("111111111111", "222222222222", "333333333333")) {
      sso.provisionPermissionSet(r -> r.instanceArn(sandbox.instanceArn()).permissionSetArn(ps)
          .targetType(ProvisionTargetType.AWS_ACCOUNT).targetId(account));
    }
    ProvisioningStatusReader pages = ProvisioningStatusReader.builder().client(sso).build();

    ProvisioningStatusReader.Page first = pages.page(sandbox.instanceArn(), null, 2, null);
    ProvisioningStatusReader.Page second = pages.page(sandbox.instanceArn(), null, 2, first.nextToken());

    assertThat(first.items()).hasSize(2);
    assertThat(first.nextToken()).isNotNull();
    assertThat(second.items()).hasSize(1);
    assertThat(second.nextToken()).isNull();
    assertThat(catchThrowable(() -> pages.page(sandbox.instanceArn(), StatusValues.UNKNOWN_TO_SDK_VERSION, 2, null)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
