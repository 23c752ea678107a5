package dev.idcprov.waiter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import dev.idcprov.testing.VirtualScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;
import software.amazon.awssdk.services.ssoadmin.model.DescribePermissionSetProvisioningStatusRequest;
import software.amazon.awssdk.services.ssoadmin.model.ListPermissionSetProvisioningStatusRequest;
import software.amazon.awssdk.services.ssoadmin.model.ListPermissionSetProvisioningStatusResponse;
import software.amazon.awssdk.services.ssoadmin.model.PermissionSetProvisioningStatusMetadata;
import software.amazon.awssdk.services.ssoadmin.model.ResourceNotFoundException;
import software.amazon.awssdk.services.ssoadmin.model.StatusValues;
import software.amazon.awssdk.services.ssoadmin.model.ThrottlingException;

class ProvisioningStatusReaderTest {
  static final String INSTANCE = ProvisioningWaiterTest.INSTANCE;
  static final String ID = "11111111-1111-4111-8111-111111111111";

  VirtualScheduler time;
  SsoAdminClient client;
  ProvisioningStatusReader reader;

  @BeforeEach
  void setUp() {
    time = new VirtualScheduler();
    client = mock(SsoAdminClient.class);
    reader = ProvisioningStatusReader.builder().client(client).context(time.context())
        .requestBudget(RequestBudget.unlimited()).build();
  }

  @AfterEach
  void tearDown() {
    time.shutdown();
  }

  static ListPermissionSetProvisioningStatusResponse page(String token, String... ids) {
    List<PermissionSetProvisioningStatusMetadata> items = new ArrayList<>();
    for (String id : ids) {
      items.add(PermissionSetProvisioningStatusMetadata.builder().requestId(id).status("FAILED").build());
    }
    return ListPermissionSetProvisioningStatusResponse.builder().permissionSetsProvisioningStatus(items)
        .nextToken(token).build();
  }

  @Test
  void list_readsEveryPageWithTheFilter_retryingThrottlingWithBackoffOnTheScheduler() {
    List<ListPermissionSetProvisioningStatusRequest> asked = new ArrayList<>();
    when(client.listPermissionSetProvisioningStatus(any(ListPermissionSetProvisioningStatusRequest.class)))
        .thenAnswer(inv -> {
          asked.add(inv.getArgument(0));
          return page("t1", "a");
        })
        .thenThrow(ThrottlingException.builder().statusCode(400).awsErrorDetails(AwsErrorDetails.builder()
            .errorCode("ThrottlingException").errorMessage("Rate exceeded").build()).build())
        .thenAnswer(inv -> {
          asked.add(inv.getArgument(0));
          return page(null, "b");
        });

    ProvisioningStatusReader.Listing listing = reader.list(INSTANCE, StatusValues.FAILED, 50);

    assertThat(listing.items()).extracting(PermissionSetProvisioningStatusMetadata::requestId)
        .containsExactly("a", "b");
    assertThat(listing.pages()).isEqualTo(2);
    assertThat(asked).allSatisfy(q -> {
      assertThat(q.filter().status()).isEqualTo(StatusValues.FAILED);
      assertThat(q.maxResults()).isEqualTo(50);
    });
    assertThat(asked.get(1).nextToken()).isEqualTo("t1");
    assertThat(time.requestedDelays()).anySatisfy(d -> assertThat(d).isBetween(Duration.ofMillis(100),
        Duration.ofMillis(200)));
  }

  @Test
  void describe_unknownRequestId_failsAtOnceWithNotFound() {
    when(client.describePermissionSetProvisioningStatus(any(DescribePermissionSetProvisioningStatusRequest.class)))
        .thenThrow(ResourceNotFoundException.builder().statusCode(404).awsErrorDetails(AwsErrorDetails.builder()
            .errorCode("ResourceNotFoundException").errorMessage("no such request").build()).build());

    assertThatThrownBy(() -> reader.describe(INSTANCE, ID)).isInstanceOf(AwsApiException.class)
        .hasMessageContaining("no such request").hasMessageContaining("DescribePermissionSetProvisioningStatus")
        .extracting(e -> ((AwsApiException) e).kind()).isEqualTo(AwsApiException.Kind.NOT_FOUND);
    verify(client, times(1)).describePermissionSetProvisioningStatus(
        any(DescribePermissionSetProvisioningStatusRequest.class));
  }

  @Test
  void badInput_isRejectedBeforeAnyCall() {
    assertThatThrownBy(() -> reader.list(INSTANCE, null, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pageSize");
    assertThatThrownBy(() -> reader.list("arn:aws:sso:::nope", null, 100)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("instanceArn");
    assertThatThrownBy(() -> reader.describe(INSTANCE, "x")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("requestId");
    verifyNoInteractions(client);
  }
}
