package dev.idcprov.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import dev.idcprov.provisioning.AwsClientSettings;
import dev.idcprov.waiter.WaitRequest;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The AWS CLI's environment variables and their precedence, and the help layout, in-process. */
class AwsCliEnvironmentTest {
  private static final String INSTANCE = "arn:aws:sso:::instance/ssoins-72230f1e5a6b4c3d";
  private static final String ID = "3f1c2a9e-8b1d-4c6e-9f0a-1b2c3d4e5f60";
  private final MockedServices services = new MockedServices();

  private AwsClientSettings settingsOfWait(Map<String, String> env, String stdin, String... extra) {
    when(services.provisioner.plan(any())).thenThrow(new AssertionError("no plan in wait"));
    when(services.waiter.waitUntilProvisioned(any(WaitRequest.class))).thenThrow(
        new IllegalStateException("stop here"));
    List<String> args = new java.util.ArrayList<>(List.of("wait"));
    args.addAll(List.of(extra));
    CliRunner.runWithEnv(services, env, stdin, args.toArray(String[]::new));
    assertThat(services.settings).hasSize(1);
    return services.settings.get(0);
  }

  @Test
  void awsRegionWinsOverAwsDefaultRegion_andTheFlagOverBoth() {
    AwsClientSettings s = settingsOfWait(Map.of("AWS_DEFAULT_REGION", "eu-west-1"), "", "--instance-arn", INSTANCE,
        ID);
    assertThat(s.region()).contains("eu-west-1");

    MockedServices again = new MockedServices();
    CliRunner.runWithEnv(again, Map.of("AWS_DEFAULT_REGION", "eu-west-1", "AWS_REGION", "eu-central-1"), "",
        "wait", "--instance-arn", INSTANCE, ID);
    assertThat(again.settings.get(0).region()).contains("eu-central-1");

    MockedServices flag = new MockedServices();
    CliRunner.runWithEnv(flag, Map.of("AWS_REGION", "eu-central-1"), "", "wait", "--region", "us-west-2",
        "--instance-arn", INSTANCE, ID);
    assertThat(flag.settings.get(0).region()).contains("us-west-2");
  }

  @Test
  void profileAndEndpointVariables_inTheAwsCliOrder() {
    AwsClientSettings s = settingsOfWait(Map.of("AWS_DEFAULT_PROFILE", "old", "AWS_PROFILE", "deployer",
        "AWS_ENDPOINT_URL", "http://127.0.0.1:1111", "AWS_ENDPOINT_URL_SSO_ADMIN", "http://127.0.0.1:2222",
        "AWS_REGION", "us-east-1"), "", "--instance-arn", INSTANCE, ID);
    assertThat(s.profile()).contains("deployer");
    assertThat(s.endpoint()).contains(URI.create("http://127.0.0.1:2222"));
  }

  @Test
  void provisionJsonOnStdin_givesRegionAndEndpoint_unlessAFlagSaysOtherwise() {
    String doc = "{\"command\":\"provision\",\"instanceArn\":\"" + INSTANCE + "\",\"region\":\"ap-southeast-2\","
        + "\"endpointUrl\":\"http://127.0.0.1:4566\",\"requests\":[{\"requestId\":\"" + ID + "\"}]}";
    AwsClientSettings s = settingsOfWait(Map.of("AWS_REGION", "eu-west-1"), doc, "-");
    assertThat(s.region()).contains("ap-southeast-2");
    assertThat(s.endpoint()).contains(URI.create("http://127.0.0.1:4566"));

    MockedServices flag = new MockedServices();
    CliRunner.runWithEnv(flag, Map.of(), doc, "wait", "-", "--region", "us-east-1");
    assertThat(flag.settings.get(0).region()).contains("us-east-1");
  }

  @Test
  void badVariables_areReportedNamingTheVariable_beforeAnyCall() {
    CliRunner.Run output = CliRunner.runWithEnv(services, Map.of("AWS_DEFAULT_OUTPUT", "xml"), "", "status",
        "--instance-arn", INSTANCE);
    assertThat(output.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(output.err()).contains("AWS_DEFAULT_OUTPUT 'xml' is not valid").contains("json, text, table or yaml");

    CliRunner.Run region = CliRunner.runWithEnv(services, Map.of("AWS_DEFAULT_REGION", "Frankfurt"), "", "status",
        "--instance-arn", INSTANCE);
    assertThat(region.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(region.err()).contains("AWS_DEFAULT_REGION 'Frankfurt' is not valid");

    CliRunner.Run ca = CliRunner.runWithEnv(services, Map.of("AWS_CA_BUNDLE", "/nonexistent/ca.pem"), "", "status",
        "--instance-arn", INSTANCE);
    assertThat(ca.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(ca.err()).contains("AWS_CA_BUNDLE '/nonexistent/ca.pem' is not valid").contains("PEM");

    CliRunner.Run query = CliRunner.runWithEnv(services, Map.of(), "", "status", "--instance-arn", INSTANCE,
        "--query", "requests[");
    assertThat(query.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(query.err()).contains("--query 'requests[' is not valid JMESPath");
    verifyNoInteractions(services.client);
  }

  @Test
  void help_examplesAreNeverWrapped_andEachCommandListsOnlyItsExitCodes() {
    CommandLine cli = Main.newCommandLine(services, System.in, Map.of());
    for (var e : cli.getSubcommands().entrySet()) {
      String help = e.getValue().getUsageMessage();
      for (String footer : e.getValue().getCommandSpec().usageMessage().footer()) {
        if (!footer.isBlank()) {
          assertThat(help).as(e.getKey() + " help shows the example line whole").contains(footer);
        }
      }
      assertThat(help).as(e.getKey()).contains("Exit codes:");
    }
    assertThat(cli.getSubcommands().get("status").getUsageMessage())
        .doesNotContainPattern("(?m)^\\s+1\\s").doesNotContainPattern("(?m)^\\s+3\\s");
    assertThat(cli.getSubcommands().get("sandbox").getUsageMessage())
        .doesNotContainPattern("(?m)^\\s+4\\s").doesNotContainPattern("(?m)^\\s+5\\s");
    assertThat(cli.getSubcommands().get("check").getUsageMessage()).containsPattern("(?m)^\\s+7\\s+check found");
  }
}
