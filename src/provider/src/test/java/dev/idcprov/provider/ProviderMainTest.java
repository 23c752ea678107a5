package dev.idcprov.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonParser;
import com.pulumi.provider.internal.ComponentProvider;
import com.pulumi.provider.internal.Metadata;
import com.pulumi.provider.internal.models.ConstructRequest;
import com.pulumi.resources.ComponentResourceOptions;
import dev.idcprov.pulumi.PermissionSetProvisioning;
import dev.idcprov.waiter.ProvisioningContext;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import pulumirpc.Provider.GetSchemaRequest;
import pulumirpc.ResourceProviderGrpc;

/** The plugin's real entry point and its argument handling. */
class ProviderMainTest {

  @Test
  void providerMain_printsItsPort_andServesTheSchema() throws Exception {
    // Given the plugin started as the engine starts it
    try (FakeEngine engine = new FakeEngine();
         ProviderProcess provider = ProviderProcess.start(ProviderMain.class, engine.address())) {
      ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", provider.port()).usePlaintext().build();
      try {
        // When the engine asks for the schema
        String schema = ResourceProviderGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS)
            .getSchema(GetSchemaRequest.getDefaultInstance()).getSchema();

        // Then it is the package's
        assertThat(JsonParser.parseString(schema).getAsJsonObject().get("name").getAsString()).isEqualTo("idcprov");
      } finally {
        channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void engineAddress_isTheOneArgumentLeft_onceTheEnginesLoggingFlagsAreDropped() {
    assertThat(ProviderServer.engineAddress(new String[] {"--logtostderr", "-v=9", "--tracing", "http://t:1",
        "--logflow", "127.0.0.1:4242"})).isEqualTo("127.0.0.1:4242");
  }

  @Test
  void serve_withoutAnAddress_explainsOnStderr_andPrintsNothingOnStdout() throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream stdout = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    int exit;
    try {
      exit = ProviderServer.serve(new String[] {"--logtostderr"}, new IdcprovProvider(
          ProvisioningContext.defaultContext()), new PrintStream(err, true, StandardCharsets.UTF_8));
    } finally {
      System.setOut(stdout);
    }
    assertThat(exit).isEqualTo(2);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("expected one argument, the Pulumi engine's address");
  }

  /**
   * Why the package has its own provider instead of the SDK's stock one: the stock construct refuses a component
   * with more than one constructor (its public two and a private one that reads the deployment before the SDK's
   * Resource constructor). If this starts failing, the component has one constructor again and the stock
   * {@code ComponentProviderHost} could serve it (but without a time-scaled context for the tests).
   */
  @Test
  void stockComponentProvider_refusesTheComponent_forItsTwoConstructors() {
    ComponentProvider stock = new ComponentProvider(new Metadata("idcprov"),
        PermissionSetProvisioning.class.getPackage());

    assertThatThrownBy(() -> stock.construct(new ConstructRequest(PermissionSetProvisioning.TYPE, "x", Map.of(),
        ComponentResourceOptions.builder().build())))
        .hasMessageContaining("must have exactly one constructor, found 3");
  }
}
