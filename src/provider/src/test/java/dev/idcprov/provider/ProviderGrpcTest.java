package dev.idcprov.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.google.gson.JsonParser;
import com.google.protobuf.Empty;
import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.idcprov.pulumi.PermissionSetProvisioning;
import dev.idcprov.sandbox.ProvisioningRecord;
import dev.idcprov.sandbox.RecordedRequest;
import dev.idcprov.sandbox.SandboxSeed;
import dev.idcprov.sandbox.SsoAdminSandbox;
import dev.idcprov.sandbox.StandInSts;
import dev.idcprov.sandbox.junit.SsoAdminSandboxExtension;
import dev.idcprov.waiter.ProvisioningContext;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import pulumirpc.EngineOuterClass.LogRequest;
import pulumirpc.EngineOuterClass.LogSeverity;
import pulumirpc.Provider.ConstructRequest;
import pulumirpc.Provider.ConstructResponse;
import pulumirpc.Provider.GetSchemaRequest;
import pulumirpc.Resource.RegisterResourceRequest;
import pulumirpc.ResourceProviderGrpc;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;

/**
 * The package over the provider gRPC protocol, as the Pulumi engine drives it: the provider runs in a JVM of its own
 * (started with the engine's address, its port read from its standard output), the test calls {@code GetSchema} and
 * {@code Construct} on it, and the component it constructs registers with an in-process fake engine (ResourceMonitor and
 * Engine services) and provisions against a local SSO Admin sandbox.
 */
class ProviderGrpcTest {
  /** The provider's context: one input second lasts 20 ms, the sandbox runs 1000 times faster than real time. */
  private static final String TIME_SCALE = "50";
  private static final String ACTIVE_1 = "111111111111";
  private static final String ACTIVE_2 = "222222222222";

  private FakeEngine engine;
  private ProviderProcess provider;
  private ManagedChannel channel;
  /** STS for the component's caller identity, named in the stack config of every Construct (aws:endpoints). */
  private StandInSts sts;
  /** How many SSO Admin requests the sandbox had recorded when each GetCallerIdentity arrived. */
  private final List<Integer> ssoRequestsAtCallerIdentity = new CopyOnWriteArrayList<>();

  @RegisterExtension
  final SsoAdminSandboxExtension sandboxExtension = SsoAdminSandboxExtension.builder()
      .sandbox(b -> b.timeScale(1000).provisioningDuration(Duration.ofSeconds(2), Duration.ofSeconds(30))
          .randomSeed(42))
      .build();

  private SsoAdminSandbox sandbox;
  private String permissionSetArn;
  private int setupRequests;

  /**
   * One engine and one provider process per test, as the engine starts a provider per deployment. (Sharing one
   * process across tests also runs a preview construct after a failed update construct; with the Pulumi SDK 1.36.1
   * that later construct can run on the failed construct's deployment: see docs/PACKAGE.md, "Known issues".)
   */
  @BeforeEach
  void startEngineAndProvider() throws Exception {
    sts = StandInSts.builder().onCall(call -> {
      if (call.action().equals("GetCallerIdentity")) {
        ssoRequestsAtCallerIdentity.add(sandbox.requests().size());
      }
    }).start();
    engine = new FakeEngine();
    provider = ProviderProcess.start(TimeScaledProviderMain.class, engine.address(),
        "-Didcprov.test.timeScale=" + TIME_SCALE);
    channel = ManagedChannelBuilder.forAddress("127.0.0.1", provider.port()).usePlaintext().build();
  }

  @AfterEach
  void stopProviderAndEngine() throws Exception {
    if (channel != null) {
      channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }
    if (provider != null) {
      provider.close();
    }
    if (engine != null) {
      engine.close();
    }
    if (sts != null) {
      sts.close();
    }
  }

  @BeforeEach
  void createPermissionSet(SsoAdminSandbox sandbox, SsoAdminClient sso) {
    // before the component runs: only its own requests are counted

    this.sandbox = sandbox;
    permissionSetArn = sso.createPermissionSet(r -> r.instanceArn(sandbox.instanceArn()).name("Admins"))
        .permissionSet().permissionSetArn();
    setupRequests = sandbox.requests().size();
  }

  /** @return the requests the component made (the test's own setup left out) */
  private List<String> componentOperations() {
    List<RecordedRequest> all = sandbox.requests();
    return all.subList(setupRequests, all.size()).stream().map(RecordedRequest::operation).toList();
  }

  /**
   * @return the error diagnostics the provider sent the engine: what `pulumi up` prints under the resource (the
   *     construct's own gRPC error carries the SDK's "Multiple exceptions occurred" for these failures)
   */
  private String errorLogs() {
    return engine.logs.stream().filter(l -> l.getSeverity() == LogSeverity.ERROR).map(LogRequest::getMessage)
        .reduce("", (a, b) -> a + b + "\n");
  }

  private ResourceProviderGrpc.ResourceProviderBlockingStub stub() {
    return ResourceProviderGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
  }

  private Struct.Builder inputs(String... accounts) {
    return Struct.newBuilder()
        .putFields("instanceArn", string(sandbox.instanceArn()))
        .putFields("permissionSetArns", list(permissionSetArn))
        .putFields("accountIds", list(accounts))
        .putFields("endpoint", string(sandbox.endpoint().toString()));
  }

  private ConstructRequest construct(String name, Struct.Builder inputs, boolean dryRun) {
    return ConstructRequest.newBuilder()
        .setProject(FakeEngine.PROJECT)
        .setStack(FakeEngine.STACK)
        .setMonitorEndpoint(engine.address())
        .setDryRun(dryRun)
        .putConfig("aws:region", "us-east-1")
        // as a user's stack config would: STS at the stand-in, SSO Admin at the input endpoint
        .putConfig("aws:endpoints", sts.endpointsConfig())
        .setType(PermissionSetProvisioning.TYPE)
        .setName(name)
        .setParent(FakeEngine.STACK_URN)
        .addDependencies(FakeEngine.STACK_URN.replace("pulumi:pulumi:Stack::consumer-dev",
            "pulumi:pulumi:Stack$aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy::policy"))
        .setAcceptsOutputValues(true)
        .setInputs(inputs)
        .build();
  }

  /**
   * The component asked STS who its credentials are (signed with the provider's environment credentials) before its
   * first SSO Admin call: when that GetCallerIdentity arrived, the sandbox had seen only the test's own setup.
   */
  private void assertCallerResolvedBeforeAnySsoAdminCall() {
    assertThat(sts.calls("GetCallerIdentity")).isNotEmpty()
        .allSatisfy(c -> assertThat(c.signingKey()).isEqualTo(ProviderProcess.ACCESS_KEY_ID));
    assertThat(ssoRequestsAtCallerIdentity).first().isEqualTo(setupRequests);
    assertThat(componentOperations()).isNotEmpty();
  }

  private long count(String operation) {
    return sandbox.requests().stream().map(RecordedRequest::operation).filter(operation::equals).count();
  }

  @Test
  void getSchema_overGrpc_isTheCheckedInSchema() throws Exception {
    String served = stub().getSchema(GetSchemaRequest.newBuilder().setVersion(0).build()).getSchema();

    assertThat(JsonParser.parseString(served))
        .isEqualTo(SchemaTest.checkedInSchemaWithVersion(new IdcprovProvider(ProvisioningContext.defaultContext())
            .version()));
  }

  @Test
  void construct_registersTheComponent_provisions_andReturnsItsOutputs() {
    // Given a permission set never provisioned to two accounts
    // When the engine constructs the component in an update
    ConstructResponse response = stub().construct(construct("admins", inputs(ACTIVE_1, ACTIVE_2), false));

    // Then the component registered under the stack with its dependency, provisioned both accounts and returned
    // its outputs
    RegisterResourceRequest registered = registration("admins");
    assertThat(registered.getParent()).isEqualTo(FakeEngine.STACK_URN);
    assertThat(registered.getDependenciesList()).singleElement().asString().endsWith("::policy");
    assertThat(response.getUrn()).isEqualTo(FakeEngine.urn(registered));
    assertThat(count("ProvisionPermissionSet")).isEqualTo(2);
    assertThat(sandbox.provisioningRecords()).extracting(ProvisioningRecord::status).containsOnly("SUCCEEDED");
    Map<String, Value> state = Outputs.plain(response.getState());
    assertThat(state.get("requestCount").getNumberValue()).isEqualTo(2);
    assertThat(state.get("succeededCount").getNumberValue()).isEqualTo(2);
    assertThat(state.get("failedCount").getNumberValue()).isZero();
    assertThat(state.get("summary").getStringValue()).contains("2 account(s) provisioned");
    List<Value> results = state.get("results").getListValue().getValuesList();
    assertThat(results).extracting(r -> r.getStructValue().getFieldsOrThrow("accountId").getStringValue())
        .containsExactlyInAnyOrder(ACTIVE_1, ACTIVE_2);
    assertThat(results).extracting(r -> r.getStructValue().getFieldsOrThrow("requestId").getStringValue())
        .containsExactlyInAnyOrderElementsOf(sandbox.provisioningRecords().stream()
            .map(ProvisioningRecord::requestId).toList());
    assertThat(engine.outputRegistrations).anySatisfy(o -> assertThat(o.getUrn()).isEqualTo(response.getUrn()));
    assertCallerResolvedBeforeAnySsoAdminCall();
  }

  @Test
  void construct_whenProvisioningFails_failsWithTheAccountAndTheAwsReason() {
    // Given targets that include a SUSPENDED account
    String suspended = SandboxSeed.DEFAULT_SUSPENDED_ACCOUNT;

    // When the engine constructs the component in an update
    // Then the construct fails with the account, the permission set and AWS's reason
    assertThatThrownBy(() -> stub().construct(construct("failing", inputs(ACTIVE_1, suspended), false)))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          ProvisioningRecord failed = sandbox.provisioningRecords().stream()
              .filter(r -> suspended.equals(r.accountId())).findFirst().orElseThrow();
          assertThat(failed.status()).isEqualTo("FAILED");
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
          assertThat(errorLogs())
              .contains("PermissionSetProvisioning 'failing' failed")
              .contains("account " + suspended)
              .contains(permissionSetArn)
              .contains(failed.failureReason());
        });
  }

  @Test
  void construct_inPreview_plansWithReadsOnly_andMakesNoWrite() {
    // Given a permission set never provisioned to two accounts
    // When the engine constructs the component in a preview
    ConstructResponse response = stub().construct(construct("planned", inputs(ACTIVE_1, ACTIVE_2), true));

    // Then nothing was written: only read calls reached the sandbox, and the plan names both accounts
    assertThat(componentOperations()).isNotEmpty()
        .allSatisfy(op -> assertThat(op).matches("(List|Describe|Get).*"));
    assertThat(count("ProvisionPermissionSet")).isZero();
    Map<String, Value> state = Outputs.plain(response.getState());
    assertThat(state.get("summary").getStringValue()).startsWith("would provision 2 account(s)");
    assertThat(state.get("plannedTargets").getListValue().getValuesList())
        .extracting(r -> r.getStructValue().getFieldsOrThrow("accountId").getStringValue())
        .containsExactlyInAnyOrder(ACTIVE_1, ACTIVE_2);
    assertCallerResolvedBeforeAnySsoAdminCall();
  }

  @Test
  void construct_withoutARequiredInput_isRejectedNamingIt_beforeAnyAwsCall() {
    // Given inputs without instanceArn
    Struct.Builder inputs = inputs(ACTIVE_1).removeFields("instanceArn");
    int before = sandbox.requests().size();

    // When the engine constructs the component
    // Then the construct fails naming the input, and no AWS call was made
    assertThatThrownBy(() -> stub().construct(construct("no-instance", inputs, false)))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getDescription()).isEqualTo(PermissionSetProvisioning.TYPE
                + " 'no-instance': bad input: Missing required field instanceArn in type "
                + "dev.idcprov.pulumi.PermissionSetProvisioningArgs"));
    assertThat(sandbox.requests()).hasSize(before);
    assertThat(sts.calls()).isEmpty();
  }

  @Test
  void construct_ofAnotherType_isRejectedNamingTheOneOffered() {
    ConstructRequest request = construct("other", inputs(ACTIVE_1), false).toBuilder()
        .setType("idcprov:index:SomethingElse").build();

    assertThatThrownBy(() -> stub().construct(request))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> assertThat(e.getStatus().getDescription())
            .isEqualTo("package idcprov has no component idcprov:index:SomethingElse; it offers "
                + PermissionSetProvisioning.TYPE));
    assertThat(componentOperations()).isEmpty();
  }

  @Test
  void construct_withAMalformedInput_isRejectedNamingIt_beforeAnyAwsCall() {
    // Given an account id that is not 12 digits
    int before = sandbox.requests().size();

    // When the engine constructs the component
    // Then the construct fails naming the input and what is allowed, and no AWS call was made
    assertThatThrownBy(() -> stub().construct(construct("bad-account", inputs("12345"), false)))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL));
    assertThat(errorLogs()).contains("'bad-account' has an invalid input: accountIds[0] '12345'")
        .contains("12-digit");
    assertThat(sandbox.requests()).hasSize(before);
    assertThat(sts.calls()).isEmpty();
  }

  @Test
  void oneDeployment_aConstructAfterAFailedOne_stillProvisions_andALaterFailureStillFails() {
    // Given one provider serving one update: a component whose provisioning FAILS
    String suspended = SandboxSeed.DEFAULT_SUSPENDED_ACCOUNT;
    assertThatThrownBy(() -> stub().construct(construct("first", inputs(ACTIVE_1, suspended), false)))
        .isInstanceOf(StatusRuntimeException.class);
    int before = sandbox.requests().size();

    // When the engine then constructs a second component, and a third that fails too
    ConstructResponse second = stub().construct(construct("second", inputs(ACTIVE_2)
        .putFields("force", Value.newBuilder().setBoolValue(true).build()), false));
    List<String> secondOperations = sandbox.requests().subList(before, sandbox.requests().size()).stream()
        .map(RecordedRequest::operation).toList();
    Throwable third = catchThrowable(() -> stub().construct(construct("third",
        inputs(suspended).putFields("force", Value.newBuilder().setBoolValue(true).build()), false)));

    // Then the second provisioned and returned its outputs, and the third failed with its own reason
    assertThat(secondOperations).contains("ProvisionPermissionSet");
    assertThat(Outputs.plain(second.getState()).get("summary").getStringValue()).contains("1 account(s) provisioned");
    assertThat(second.getUrn()).isEqualTo(FakeEngine.urn(registration("second")));
    assertThat(third).isInstanceOf(StatusRuntimeException.class);
    assertThat(errorLogs()).contains("PermissionSetProvisioning 'third' failed").contains("account " + suspended);
  }

  @Test
  void getPluginInfo_answers_andTheProviderStaysUp() {
    assertThat(stub().getPluginInfo(Empty.getDefaultInstance()).getVersion()).isNotEmpty();
    assertThat(provider.isAlive()).as("provider stderr:%n%s", provider.stderr()).isTrue();
  }

  private RegisterResourceRequest registration(String name) {
    return engine.registrations.stream()
        .filter(r -> r.getType().equals(PermissionSetProvisioning.TYPE) && r.getName().equals(name))
        .findFirst().orElseThrow(() -> new AssertionError("no registration of " + name + "; saw "
            + engine.registrations.stream().map(r -> r.getType() + " " + r.getName()).toList()));
  }

  private static Value string(String s) {
    return Value.newBuilder().setStringValue(s).build();
  }

  private static Value list(String... items) {
    ListValue.Builder list = ListValue.newBuilder();
    for (String item : items) {
      list.addValues(string(item));
    }
    return Value.newBuilder().setListValue(list).build();
  }
}
