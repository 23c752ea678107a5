package dev.idcprov.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;
import software.amazon.awssdk.services.ssoadmin.model.ConflictException;
import software.amazon.awssdk.services.ssoadmin.model.CustomerManagedPolicyReference;
import software.amazon.awssdk.services.ssoadmin.model.InstanceMetadata;
import software.amazon.awssdk.services.ssoadmin.model.ListPermissionSetsResponse;
import software.amazon.awssdk.services.ssoadmin.model.PermissionSet;
import software.amazon.awssdk.services.ssoadmin.model.ResourceNotFoundException;
import software.amazon.awssdk.services.ssoadmin.model.Tag;
import software.amazon.awssdk.services.ssoadmin.model.ValidationException;

/** Instances, permission sets, policies, boundaries and tags through the real SDK client. */
class PermissionSetOperationsTest {
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

  @Test
  void listInstances_returnsTheSeededInstance() {
    List<InstanceMetadata> instances = sso.listInstances(r -> {}).instances();

    assertThat(instances).singleElement().satisfies(i -> {
      assertThat(i.instanceArn()).isEqualTo(SandboxSeed.DEFAULT_INSTANCE_ARN);
      assertThat(i.identityStoreId()).isEqualTo(SandboxSeed.DEFAULT_IDENTITY_STORE_ID);
      assertThat(i.statusAsString()).isEqualTo("ACTIVE");
      assertThat(i.createdDate()).isNotNull();
    });
  }

  @Test
  void createDescribeUpdateDelete_roundTripsThePermissionSet() {
    PermissionSet created = sso.createPermissionSet(r -> r.instanceArn(instance).name("Admins")
        .description("admins").sessionDuration("PT4H").relayState("https://console.aws.amazon.com/")).permissionSet();
    assertThat(created.permissionSetArn()).matches(
        "arn:aws:sso:::permissionSet/ssoins-72230f1e5a6b4c3d/ps-[0-9a-f]{16}");
    assertThat(created.createdDate()).isNotNull();

    sso.updatePermissionSet(r -> r.instanceArn(instance).permissionSetArn(created.permissionSetArn())
        .description("changed").sessionDuration("PT8H"));
    PermissionSet described = sso.describePermissionSet(r -> r.instanceArn(instance)
        .permissionSetArn(created.permissionSetArn())).permissionSet();
    assertThat(described.description()).isEqualTo("changed");
    assertThat(described.sessionDuration()).isEqualTo("PT8H");
    assertThat(described.relayState()).isEqualTo("https://console.aws.amazon.com/");
    assertThat(described.name()).isEqualTo("Admins");

    sso.deletePermissionSet(r -> r.instanceArn(instance).permissionSetArn(created.permissionSetArn()));
    assertThatThrownBy(() -> sso.describePermissionSet(r -> r.instanceArn(instance)
        .permissionSetArn(created.permissionSetArn())))
        .isInstanceOf(ResourceNotFoundException.class);
  }

  @Test
  void createPermissionSet_withTakenName_isConflict() {
    create("Dup");

    assertThatThrownBy(() -> create("Dup"))
        .isInstanceOf(ConflictException.class)
        .satisfies(e -> assertThat(((ConflictException) e).statusCode()).isEqualTo(400));
  }

  @Test
  void createPermissionSet_withInvalidNameOrDuration_isValidationError() {
    assertThatThrownBy(() -> create("has space"))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("'name' failed to satisfy constraint");
    assertThatThrownBy(() -> sso.createPermissionSet(r -> r.instanceArn(instance).name("Long").sessionDuration("PT13H")))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("PT1H and PT12H");
    assertThatThrownBy(() -> sso.createPermissionSet(r -> r.instanceArn("arn:aws:sso:::instance/bad").name("X")))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("instanceArn");
  }

  @Test
  void listPermissionSets_paginatesInCreationOrder() {
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      created.add(create("Set" + i));
    }

    List<String> seen = new ArrayList<>();
    int pages = 0;
    String token = null;
    do {
      String t = token;
      ListPermissionSetsResponse page = sso.listPermissionSets(r -> r.instanceArn(instance).maxResults(2).nextToken(t));
      assertThat(page.permissionSets()).hasSizeLessThanOrEqualTo(2);
      seen.addAll(page.permissionSets());
      token = page.nextToken();
      pages++;
    } while (token != null);

    assertThat(pages).isEqualTo(3);
    assertThat(seen).containsExactlyElementsOf(created);
    assertThat(sso.listPermissionSetsPaginator(r -> r.instanceArn(instance).maxResults(1)).permissionSets())
        .containsExactlyElementsOf(created);
  }

  @Test
  void inlinePolicy_putGetDelete() {
    String ps = create("Inline");
    String doc = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:Get*\","
        + "\"Resource\":\"*\"}]}";

    sso.putInlinePolicyToPermissionSet(r -> r.instanceArn(instance).permissionSetArn(ps).inlinePolicy(doc));
    assertThat(sso.getInlinePolicyForPermissionSet(r -> r.instanceArn(instance).permissionSetArn(ps)).inlinePolicy())
        .isEqualTo(doc);

    sso.deleteInlinePolicyFromPermissionSet(r -> r.instanceArn(instance).permissionSetArn(ps));
    assertThat(sso.getInlinePolicyForPermissionSet(r -> r.instanceArn(instance).permissionSetArn(ps)).inlinePolicy())
        .isNull();
    assertThatThrownBy(() -> sso.putInlinePolicyToPermissionSet(r -> r.instanceArn(instance).permissionSetArn(ps)
        .inlinePolicy("not json")))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("not a valid IAM policy document: Syntax errors in policy.");
  }

  @Test
  void managedPolicies_attachListDetach() {
    String ps = create("Managed");
    String arn = "arn:aws:iam::aws:policy/ReadOnlyAccess";

    sso.attachManagedPolicyToPermissionSet(r -> r.instanceArn(instance).permissionSetArn(ps).managedPolicyArn(arn));
    assertThat(sso.listManagedPoliciesInPermissionSet(r -> r.instanceArn(instance).permissionSetArn(ps))
        .attachedManagedPolicies())
        .singleElement()
        .satisfies(p -> {
          assertThat(p.arn()).isEqualTo(arn);
          assertThat(p.name()).isEqualTo("ReadOnlyAccess");
        });
    assertThatThrownBy(() -> sso.attachManagedPolicyToPermissionSet(r -> r.instanceArn(instance)
        .permissionSetArn(ps).managedPolicyArn(arn)))
        .isInstanceOf(ConflictException.class);

    sso.detachManagedPolicyFromPermissionSet(r -> r.instanceArn(instance).permissionSetArn(ps).managedPolicyArn(arn));
    assertThat(sso.listManagedPoliciesInPermissionSet(r -> r.instanceArn(instance).permissionSetArn(ps))
        .attachedManagedPolicies()).isEmpty();
    assertThatThrownBy(() -> sso.detachManagedPolicyFromPermissionSet(r -> r.instanceArn(instance)
        .permissionSetArn(ps).managedPolicyArn(arn)))
        .isInstanceOf(ResourceNotFoundException.class);
    assertThatThrownBy(() -> sso.attachManagedPolicyToPermissionSet(r -> r.instanceArn(instance)
        .permissionSetArn(ps).managedPolicyArn("arn:aws:iam::123456789012:policy/NotAws")))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("managedPolicyArn");
  }

  @Test
  void customerManagedPolicyReferences_attachListDetach() {
    String ps = create("Customer");
    CustomerManagedPolicyReference ref = CustomerManagedPolicyReference.builder()
        .name(SandboxSeed.DEFAULT_READ_ONLY_POLICY).build();

    sso.attachCustomerManagedPolicyReferenceToPermissionSet(r -> r.instanceArn(instance).permissionSetArn(ps)
        .customerManagedPolicyReference(ref));
    assertThat(sso.listCustomerManagedPolicyReferencesInPermissionSet(r -> r.instanceArn(instance)
        .permissionSetArn(ps)).customerManagedPolicyReferences())
        .containsExactly(ref.toBuilder().path("/").build());

    sso.detachCustomerManagedPolicyReferenceFromPermissionSet(r -> r.instanceArn(instance).permissionSetArn(ps)
        .customerManagedPolicyReference(ref));
    assertThat(sso.listCustomerManagedPolicyReferencesInPermissionSet(r -> r.instanceArn(instance)
        .permissionSetArn(ps)).customerManagedPolicyReferences()).isEmpty();
  }

  @Test
  void permissionsBoundary_putGetDelete_andRejectsBothKinds() {
    String ps = create("Boundary");
    assertThatThrownBy(() -> sso.getPermissionsBoundaryForPermissionSet(r -> r.instanceArn(instance)
        .permissionSetArn(ps)))
        .isInstanceOf(ResourceNotFoundException.class);

    sso.putPermissionsBoundaryToPermissionSet(r -> r.instanceArn(instance).permissionSetArn(ps)
        .permissionsBoundary(b -> b.customerManagedPolicyReference(c -> c.name(SandboxSeed.DEFAULT_BOUNDARY_POLICY)
            .path("/boundaries/"))));
    assertThat(sso.getPermissionsBoundaryForPermissionSet(r -> r.instanceArn(instance).permissionSetArn(ps))
        .permissionsBoundary().customerManagedPolicyReference().name())
        .isEqualTo(SandboxSeed.DEFAULT_BOUNDARY_POLICY);

    assertThatThrownBy(() -> sso.putPermissionsBoundaryToPermissionSet(r -> r.instanceArn(instance)
        .permissionSetArn(ps).permissionsBoundary(b -> b.managedPolicyArn("arn:aws:iam::aws:policy/PowerUserAccess")
            .customerManagedPolicyReference(c -> c.name("X")))))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("exactly one");

    sso.deletePermissionsBoundaryFromPermissionSet(r -> r.instanceArn(instance).permissionSetArn(ps));
    assertThatThrownBy(() -> sso.deletePermissionsBoundaryFromPermissionSet(r -> r.instanceArn(instance)
        .permissionSetArn(ps)))
        .isInstanceOf(ResourceNotFoundException.class);
  }

  @Test
  void tags_tagListUntag_onPermissionSetAndInstance() {
    String ps = sso.createPermissionSet(r -> r.instanceArn(instance).name("Tagged")
        .tags(Tag.builder().key("team").value("platform").build())).permissionSet().permissionSetArn();

    sso.tagResource(r -> r.instanceArn(instance).resourceArn(ps).tags(Tag.builder().key("env").value("dev").build()));
    assertThat(sso.listTagsForResource(r -> r.instanceArn(instance).resourceArn(ps)).tags())
        .extracting(Tag::key).containsExactly("env", "team");

    sso.untagResource(r -> r.instanceArn(instance).resourceArn(ps).tagKeys("team"));
    assertThat(sso.listTagsForResource(r -> r.instanceArn(instance).resourceArn(ps)).tags())
        .extracting(Tag::key).containsExactly("env");

    sso.tagResource(r -> r.resourceArn(instance).tags(Tag.builder().key("owner").value("me").build()));
    assertThat(sso.listTagsForResource(r -> r.resourceArn(instance)).tags()).extracting(Tag::value)
        .containsExactly("me");
    assertThatThrownBy(() -> sso.listTagsForResource(r -> r.resourceArn(
        "arn:aws:sso:::permissionSet/ssoins-72230f1e5a6b4c3d/ps-0000000000000000")))
        .isInstanceOf(ResourceNotFoundException.class);
  }
}
