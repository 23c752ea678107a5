package dev.idcprov.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.idcprov.testing.FakeStatusService;
import dev.idcprov.testing.VirtualScheduler;
import dev.idcprov.waiter.AwsApiException;
import dev.idcprov.waiter.RequestBudget;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;
import software.amazon.awssdk.services.ssoadmin.model.AccessDeniedException;
import software.amazon.awssdk.services.ssoadmin.model.ConflictException;
import software.amazon.awssdk.services.ssoadmin.model.ListAccountsForProvisionedPermissionSetRequest;
import software.amazon.awssdk.services.ssoadmin.model.ListAccountsForProvisionedPermissionSetResponse;
import software.amazon.awssdk.services.ssoadmin.model.PermissionSetProvisioningStatus;
import software.amazon.awssdk.services.ssoadmin.model.ProvisionPermissionSetRequest;
import software.amazon.awssdk.services.ssoadmin.model.ProvisionPermissionSetResponse;
import software.amazon.awssdk.services.ssoadmin.model.ProvisioningStatus;

/**
 * Issue 9: a lost answer, a ConflictException or a previous run's request is reconciled (found IN_PROGRESS and
 * adopted), never provisioned blindly again; and every end path hands back every accepted request.
 */
class ReconcileAndOutcomeTest {
  static final String INSTANCE = "arn:aws:sso:::instance/ssoins-0123456789abcdef";
  static final String PS1 = "arn:aws:sso:::permissionSet/ssoins-0123456789abcdef/ps-0123456789abcdef";
  static final String A = "111111111111";
  static final String B = "222222222222";
  static final String C = "333333333333";

  VirtualScheduler time;
  SsoAdminClient client;
  FakeStatusService aws;
  PermissionSetProvisioner provisioner;
  List<ProvisionPermissionSetRequest> provisionCalls = new CopyOnWriteArrayList<>();
  AtomicInteger ids = new AtomicInteger(100);
  /** Per account, what the next ProvisionPermissionSet call does instead of answering normally. */
  Map<String, Function<ProvisionPermissionSetRequest, ProvisionPermissionSetResponse>> script = new HashMap<>();

  @BeforeEach
  void setUp() {
    time = new VirtualScheduler();
    client = mock(SsoAdminClient.class);
    aws = new FakeStatusService(time);
    aws.install(client);
    provisioner = PermissionSetProvisioner.builder().client(client).context(time.context())
        .requestBudget(RequestBudget.unlimited()).build();
    when(client.listAccountsForProvisionedPermissionSet(any(ListAccountsForProvisionedPermissionSetRequest.class)))
        .thenAnswer(inv -> {
          ListAccountsForProvisionedPermissionSetRequest q = inv.getArgument(0);
          boolean filtered = q.provisioningStatus() == ProvisioningStatus.LATEST_PERMISSION_SET_NOT_PROVISIONED;
          return ListAccountsForProvisionedPermissionSetResponse.builder()
              .accountIds(filtered ? List.of(A, B, C) : List.of(A, B, C)).build();
        });
    when(client.provisionPermissionSet(any(ProvisionPermissionSetRequest.class))).thenAnswer(inv -> {
      ProvisionPermissionSetRequest q = inv.getArgument(0);
      provisionCalls.add(q);
      Function<ProvisionPermissionSetRequest, ProvisionPermissionSetResponse> f;
      synchronized (script) {
        f = script.remove(q.targetId());
      }
      return f != null ? f.apply(q) : accept(q);
    });
  }

  @AfterEach
  void tearDown() {
    time.shutdown();
  }

  ProvisionPermissionSetResponse accept(ProvisionPermissionSetRequest q) {
    String id = register(q.targetId());
    return ProvisionPermissionSetResponse.builder().permissionSetProvisioningStatus(PermissionSetProvisioningStatus
        .builder().requestId(id).status("IN_PROGRESS").createdDate(time.clock().instant()).build()).build();
  }

  /** A request AWS runs for {@code account} (ours or anyone's), succeeding after 5 s. */
  String register(String account) {
    String id = FakeStatusService.id(ids.incrementAndGet());
    aws.add(id).account(account).permissionSet(PS1).succeedsAfter(Duration.ofSeconds(5));
    return id;
  }

  ProvisioningRequest request(String... accounts) {
    // one request per account: these tests are about per-account submission
    return ProvisioningRequest.builder().instanceArn(INSTANCE).permissionSetArns(List.of(PS1))
        .accountIds(List.of(accounts)).collapseToAllProvisionedAccounts(false).build();
  }

  static RuntimeException lostAnswer() {
    return SdkClientException.builder().message("Unable to execute HTTP request: connection reset")
        .cause(new IOException("Connection reset")).build();
  }

  static ConflictException conflict() {
    return ConflictException.builder().statusCode(400).awsErrorDetails(AwsErrorDetails.builder()
        .errorCode("ConflictException").errorMessage("Operation is in conflict with a previous request").build())
        .build();
  }

  @Test
  void answerLostAfterAwsAcceptedTheRequest_isAdoptedNotProvisionedAgain() {
    // Given AWS processes the call for B but its answer is lost on the way back
    List<String> processed = new ArrayList<>();
    script.put(B, q -> {
      processed.add(register(B));
      throw lostAnswer();
    });

    // When we provision A, B and C
    List<SubmittedRequest> journal = new CopyOnWriteArrayList<>();
    ProvisioningOutcome outcome = provisioner.start(request(A, B, C), journal::add).awaitOutcome();

    // Then B was called once only: its running request was found and adopted, and waited for like the others
    assertThat(provisionCalls).filteredOn(q -> q.targetId().equals(B)).hasSize(1);
    assertThat(outcome.reason()).isEqualTo(ProvisioningOutcome.EndReason.SUCCEEDED);
    SubmittedRequest b = journal.stream().filter(r -> r.target().accountId().equals(B)).findFirst().orElseThrow();
    assertThat(b.requestId()).isEqualTo(processed.get(0));
    assertThat(b.adopted()).isTrue();
    assertThat(outcome.accepted()).hasSize(3).allSatisfy(a ->
        assertThat(a.status()).isEqualTo(ProvisioningOutcome.LastStatus.SUCCEEDED));
    assertThat(outcome.report().orElseThrow().outcomes()).hasSize(3);
  }

  @Test
  void answerLostBeforeAwsProcessedIt_isProvisionedAgainOnce() {
    // Given the call for B is lost before AWS processed it
    script.put(B, q -> {
      throw lostAnswer();
    });

    ProvisioningOutcome outcome = provisioner.start(request(A, B, C), r -> { }).awaitOutcome();

    // Then nothing was found for B, so it was provisioned once more, and all three succeeded
    assertThat(provisionCalls).filteredOn(q -> q.targetId().equals(B)).hasSize(2);
    assertThat(outcome.reason()).isEqualTo(ProvisioningOutcome.EndReason.SUCCEEDED);
    assertThat(outcome.accepted()).extracting(a -> a.request().adopted()).containsOnly(false);
  }

  @Test
  void requestAlreadyRunningForATarget_isAdoptedAtStart_withoutAnyCallForIt() {
    // Given a killed run (or another pipeline) left a request for B IN_PROGRESS
    String running = register(B);

    ProvisioningOutcome outcome = provisioner.start(request(A, B, C), r -> { }).awaitOutcome();

    // Then B is not provisioned again: its running request is adopted and waited for
    assertThat(provisionCalls).extracting(ProvisionPermissionSetRequest::targetId).containsExactlyInAnyOrder(A, C);
    assertThat(outcome.reason()).isEqualTo(ProvisioningOutcome.EndReason.SUCCEEDED);
    assertThat(outcome.accepted()).filteredOn(a -> a.request().target().accountId().equals(B))
        .singleElement().satisfies(a -> {
          assertThat(a.request().requestId()).isEqualTo(running);
          assertThat(a.request().adopted()).isTrue();
          assertThat(a.status()).isEqualTo(ProvisioningOutcome.LastStatus.SUCCEEDED);
        });
  }

  @Test
  void conflictWithARequestStartedMeanwhile_isAdopted() {
    // Given another pipeline's request for B starts between our scan and our call
    List<String> theirs = new ArrayList<>();
    script.put(B, q -> {
      theirs.add(register(B));
      throw conflict();
    });

    ProvisioningOutcome outcome = provisioner.start(request(A, B, C), r -> { }).awaitOutcome();

    assertThat(provisionCalls).filteredOn(q -> q.targetId().equals(B)).hasSize(1);
    assertThat(outcome.reason()).isEqualTo(ProvisioningOutcome.EndReason.SUCCEEDED);
    assertThat(outcome.accepted()).filteredOn(a -> a.request().target().accountId().equals(B))
        .extracting(a -> a.request().requestId()).containsExactly(theirs.get(0));
  }

  @Test
  void apiErrorDuringSubmission_outcomeNamesTheAcceptedRequestsAndTheUnsubmittedTargets() {
    // Given B is refused for good
    script.put(B, q -> {
      throw AccessDeniedException.builder().statusCode(403).awsErrorDetails(AwsErrorDetails.builder()
          .errorCode("AccessDeniedException").errorMessage("not allowed").build()).build();
    });

    ProvisioningOutcome outcome = provisioner.start(request(A, B, C), r -> { }).awaitOutcome();

    assertThat(outcome.reason()).isEqualTo(ProvisioningOutcome.EndReason.API_ERROR);
    assertThat(outcome.error().orElseThrow()).isInstanceOf(SubmissionFailedException.class);
    assertThat(((AwsApiException) outcome.error().orElseThrow()).kind()).isEqualTo(AwsApiException.Kind.ACCESS_DENIED);
    List<String> accepted = outcome.accepted().stream().map(a -> a.request().target().accountId()).toList();
    List<String> notSubmitted = outcome.notSubmitted().stream().map(PlannedTarget::accountId).toList();
    assertThat(accepted).doesNotContain(B);
    assertThat(notSubmitted).contains(B);
    assertThat(accepted.size() + notSubmitted.size()).isEqualTo(3);
    assertThat(accepted).hasSize(provisionCalls.size() - 1);
  }

  @Test
  void stoppedWhileACallIsInFlight_theCallFinishesAndItsRequestIsInTheOutcome() {
    // Given the call for A is still on the wire when the run is stopped
    java.util.concurrent.CompletableFuture<ProvisioningExecution> run = new java.util.concurrent.CompletableFuture<>();
    script.put(A, q -> {
      run.join().stop();
      return accept(q);
    });
    run.complete(provisioner.start(request(A), r -> { }));

    ProvisioningOutcome outcome = run.join().awaitOutcome();

    // Then the run ended as interrupted, but the request AWS accepted is not lost
    assertThat(outcome.reason()).isEqualTo(ProvisioningOutcome.EndReason.INTERRUPTED);
    assertThat(outcome.accepted()).singleElement().satisfies(a -> {
      assertThat(a.request().target().accountId()).isEqualTo(A);
      assertThat(a.status()).isEqualTo(ProvisioningOutcome.LastStatus.IN_PROGRESS);
    });
  }

  @Test
  void overflowingDurationsAndRates_areRejectedNamingTheField() {
    // a timeout of 2,700,000 hours overflows nanoseconds (a deadline that never comes); 1e-10 calls/s likewise
    assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> dev.idcprov.waiter.WaitOptions.builder()
        .timeout(Duration.parse("PT2700000H"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("timeout must be at most PT8784H (366 days)");
    assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> RequestBudget.of(1e-10)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("requestsPerSecond must be at least 0.001");
    assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> RequestBudget.of(1e-300)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1.0E-300");
    assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> ProvisioningRequest.builder()
        .conflictMaxDelay(Duration.ofDays(400000))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("conflictMaxDelay must be at most");
  }
}
