package dev.idcprov.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.ssoadmin.model.AccessDeniedException;
import software.amazon.awssdk.services.ssoadmin.model.DescribePermissionSetProvisioningStatusRequest;
import software.amazon.awssdk.services.ssoadmin.model.DescribePermissionSetProvisioningStatusResponse;
import software.amazon.awssdk.services.ssoadmin.model.ListPermissionSetProvisioningStatusRequest;
import software.amazon.awssdk.services.ssoadmin.model.ListPermissionSetProvisioningStatusResponse;
import software.amazon.awssdk.services.ssoadmin.model.PermissionSetProvisioningStatus;
import software.amazon.awssdk.services.ssoadmin.model.PermissionSetProvisioningStatusMetadata;
import software.amazon.awssdk.services.ssoadmin.model.ThrottlingException;

/** status lists every page with the server-side filter, describes given ids, and maps AWS errors to exit 4. */
class StatusCommandTest {
  static final String INSTANCE = BadInputTest.INSTANCE;
  static final String ID1 = "11111111-1111-4111-8111-111111111111";
  static final String ID2 = "22222222-2222-4222-8222-222222222222";

  private MockedServices services;

  @BeforeEach
  void setUp() {
    services = new MockedServices();
  }

  private static PermissionSetProvisioningStatusMetadata item(String id, String status) {
    return PermissionSetProvisioningStatusMetadata.builder().requestId(id).status(status)
        .createdDate(Instant.parse("2026-01-02T03:04:05Z")).build();
  }

  @Test
  void list_followsEveryPage_withTheStatusFilter() {
    when(services.client.listPermissionSetProvisioningStatus(any(ListPermissionSetProvisioningStatusRequest.class)))
        .thenReturn(ListPermissionSetProvisioningStatusResponse.builder()
            .permissionSetsProvisioningStatus(item(ID1, "IN_PROGRESS")).nextToken("page2").build())
        .thenReturn(ListPermissionSetProvisioningStatusResponse.builder()
            .permissionSetsProvisioningStatus(item(ID2, "IN_PROGRESS")).build());

    CliRunner.Run run = CliRunner.run(services, "status", "--instance-arn", INSTANCE, "--status", "in_progress",
        "-o", "json");

    assertThat(run.exitCode()).as(run.err()).isZero();
    ArgumentCaptor<ListPermissionSetProvisioningStatusRequest> captor =
        ArgumentCaptor.forClass(ListPermissionSetProvisioningStatusRequest.class);
    verify(services.client, times(2)).listPermissionSetProvisioningStatus(captor.capture());
    assertThat(captor.getAllValues()).allSatisfy(r -> {
      assertThat(r.filter().statusAsString()).isEqualTo("IN_PROGRESS");
      assertThat(r.maxResults()).isEqualTo(100);
      assertThat(r.instanceArn()).isEqualTo(INSTANCE);
    });
    assertThat(captor.getAllValues().get(0).nextToken()).isNull();
    assertThat(captor.getAllValues().get(1).nextToken()).isEqualTo("page2");
    JsonObject doc = JsonParser.parseString(run.out()).getAsJsonObject();
    assertThat(doc.get("count").getAsInt()).isEqualTo(2);
    assertThat(doc.get("pages").getAsInt()).isEqualTo(2);
    assertThat(doc.get("statusFilter").getAsString()).isEqualTo("IN_PROGRESS");
    verify(services.client).close();
  }

  @Test
  void describe_printsAccountPermissionSetAndReason() {
    when(services.client.describePermissionSetProvisioningStatus(
        any(DescribePermissionSetProvisioningStatusRequest.class)))
        .thenReturn(DescribePermissionSetProvisioningStatusResponse.builder().permissionSetProvisioningStatus(
            PermissionSetProvisioningStatus.builder().requestId(ID1).status("FAILED").accountId("444444444444")
                .permissionSetArn(BadInputTest.PS).failureReason("policy missing").build()).build());

    CliRunner.Run run = CliRunner.run(services, "status", "--instance-arn", INSTANCE, "--request-id", ID1);

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains(ID1).contains("FAILED").contains("444444444444").contains("policy missing");
  }

  @Test
  void accessDenied_exits4_withHint() {
    when(services.client.listPermissionSetProvisioningStatus(any(ListPermissionSetProvisioningStatusRequest.class)))
        .thenThrow(AccessDeniedException.builder().statusCode(400).awsErrorDetails(AwsErrorDetails.builder()
            .errorCode("AccessDeniedException").errorMessage("not authorized").build()).build());

    CliRunner.Run run = CliRunner.run(services, "status", "--instance-arn", INSTANCE);

    assertThat(run.exitCode()).isEqualTo(ExitCodes.AWS_ERROR);
    assertThat(run.err()).contains("ACCESS_DENIED").contains("not authorized")
        .contains("sso:ListPermissionSetProvisioningStatus");
    verify(services.client, times(1)).listPermissionSetProvisioningStatus(
        any(ListPermissionSetProvisioningStatusRequest.class));
  }

  @Test
  void throttling_isRetried_thenSucceeds() {
    when(services.client.listPermissionSetProvisioningStatus(any(ListPermissionSetProvisioningStatusRequest.class)))
        .thenThrow(ThrottlingException.builder().statusCode(400).awsErrorDetails(AwsErrorDetails.builder()
            .errorCode("ThrottlingException").errorMessage("Rate exceeded").build()).build())
        .thenReturn(ListPermissionSetProvisioningStatusResponse.builder()
            .permissionSetsProvisioningStatus(List.of(item(ID1, "SUCCEEDED"))).build());

    CliRunner.Run run = CliRunner.run(services, "status", "--instance-arn", INSTANCE);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains(ID1).contains("1 request(s) (1 page(s))");
  }
}
