package dev.idcprov.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.reset;
import static org.mockito.Mockito.verifyNoInteractions;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;

/** Every bad input exits 2 with a message naming the option, the problem and what is allowed, and calls no AWS API. */
class BadInputTest {
  static final String INSTANCE = "arn:aws:sso:::instance/ssoins-0123456789abcdef";
  static final String PS = "arn:aws:sso:::permissionSet/ssoins-0123456789abcdef/ps-0123456789abcdef";
  static final String OTHER_PS = "arn:aws:sso:::permissionSet/ssoins-fedcba9876543210/ps-0123456789abcdef";
  static final String GOV_PS = "arn:aws-us-gov:sso:::permissionSet/ssoins-0123456789abcdef/ps-0123456789abcdef";
  static final String REQ = "3f1c2a9e-8b1d-4c6e-9f0a-1b2c3d4e5f60";

  private static final SsoAdminClient client = mock(SsoAdminClient.class);
  private AtomicInteger clientsCreated;
  private CliServices services;

  @BeforeEach
  void setUp() {
    reset(client);
    clientsCreated = new AtomicInteger();
    services = settings -> {
      clientsCreated.incrementAndGet();
      return client;
    };
  }

  static Stream<Arguments> badInputs() {
    return Stream.of(
        // provision
        Arguments.of(new String[] {"provision", "--account", "111111111111"},
            new String[] {"--permission-set-arn is required", "--outdated"}),
        Arguments.of(new String[] {"provision", "--outdated", "--account", "111111111111", "--permission-set-arn", PS},
            new String[] {"--outdated excludes --account"}),
        Arguments.of(new String[] {"provision", "--outdated"},
            new String[] {"--instance-arn is required when no --permission-set-arn is given"}),
        Arguments.of(new String[] {"provision", "--outdated", "--permission-set-arn", PS, "--dry-run", "--no-wait"},
            new String[] {"--dry-run and --no-wait exclude each other"}),
        // check
        Arguments.of(new String[] {"check"}, new String[] {"--instance-arn is required when no --permission-set-arn"}),
        Arguments.of(new String[] {"check", "--instance-arn", "arn:aws:sso:::instance/ssoins-1111111111111111",
            "--permission-set-arn", PS}, new String[] {"belongs to instance", "every permission set must belong"}),
        // status paging
        Arguments.of(new String[] {"status", "--instance-arn", "arn:aws:sso:::instance/ssoins-1111111111111111",
            "--max-items", "0"}, new String[] {"--max-items 0 is not valid"}),
        Arguments.of(new String[] {"status", "--instance-arn", "arn:aws:sso:::instance/ssoins-1111111111111111",
            "--starting-token", "zzz"}, new String[] {"--starting-token 'zzz' is not valid"}),
        Arguments.of(new String[] {"provision", "--permission-set-arn", "ps-123", "--account", "111111111111"},
            new String[] {"--permission-set-arn 'ps-123' is not valid", "expected a permission set ARN such as"}),
        Arguments.of(new String[] {"provision", "--permission-set-arn", PS, "--account", "12345"},
            new String[] {"--account '12345' is not valid", "12-digit AWS account id"}),
        Arguments.of(new String[] {"provision", "--permission-set-arn", PS, "--account", "111111111111,111111111111"},
            new String[] {"--account '111111111111' is given twice", "each account may appear once"}),
        Arguments.of(new String[] {"provision", "--permission-set-arn", PS + "," + PS, "--account", "111111111111"},
            new String[] {"--permission-set-arn", "is given twice"}),
        Arguments.of(new String[] {"provision", "--permission-set-arn", PS},
            new String[] {"targets are missing", "--account ACCOUNT_ID", "--all-provisioned-accounts"}),
        Arguments.of(new String[] {"provision", "--permission-set-arn", PS, "--account", "111111111111",
            "--all-provisioned-accounts"}, new String[] {"--account and --all-provisioned-accounts exclude each other"}),
        Arguments.of(new String[] {"provision", "--instance-arn", INSTANCE, "--permission-set-arn", OTHER_PS,
            "--account", "111111111111"}, new String[] {"belongs to instance ssoins-fedcba9876543210",
            "--instance-arn"}),
        Arguments.of(new String[] {"provision", "--permission-set-arn", PS + "," + OTHER_PS, "--account",
            "111111111111"}, new String[] {"belongs to instance ssoins-fedcba9876543210", "same instance"}),
        // same instance id in another partition: once caught only by the provisioner, after a client was built
        Arguments.of(new String[] {"provision", "--instance-arn", INSTANCE, "--permission-set-arn", GOV_PS,
            "--account", "111111111111"}, new String[] {"belongs to instance ssoins-0123456789abcdef in partition"
            + " aws-us-gov, not to ssoins-0123456789abcdef in partition aws (--instance-arn)"}),
        Arguments.of(new String[] {"provision", "--permission-set-arn", "arn:aws-eusc:sso:::permissionSet/"
            + "ssoins-0123456789abcdef/ps-0123456789abcdef", "--account", "12"}, new String[] {"--account '12'"}),
        Arguments.of(new String[] {"provision", "--instance-arn", "arn:aws:sso:::instance/nope",
            "--permission-set-arn", PS, "--account", "111111111111"},
            new String[] {"--instance-arn 'arn:aws:sso:::instance/nope' is not valid", "instance ARN such as"}),
        Arguments.of(new String[] {"provision", "--permission-set-arn", PS, "--account", "111111111111", "--dry-run",
            "--no-wait"}, new String[] {"--dry-run and --no-wait exclude each other"}),
        Arguments.of(new String[] {"provision", "--permission-set-arn", PS, "--account", "111111111111", "--timeout",
            "10x"}, new String[] {"'--timeout'", "'10x' is not a duration", "PT10M"}),
        Arguments.of(new String[] {"provision", "--permission-set-arn", PS, "--account", "111111111111", "--timeout",
            "0s"}, new String[] {"--timeout must be above zero"}),
        Arguments.of(new String[] {"provision", "--permission-set-arn", PS, "--account", "111111111111",
            "--poll-interval", "30s"}, new String[] {"--poll-interval (30.0s) must not exceed --max-poll-interval"}),
        Arguments.of(new String[] {"provision", "--permission-set-arn", PS, "--account", "111111111111", "--region",
            "Mars"}, new String[] {"--region 'Mars' is not valid", "eu-west-1"}),
        Arguments.of(new String[] {"provision", "--permission-set-arn", PS, "--account", "111111111111",
            "--endpoint-url", "ftp://example.com"}, new String[] {"--endpoint-url 'ftp://example.com' is not valid",
            "http or https URL"}),
        Arguments.of(new String[] {"provision", "--permission-set-arn", PS, "--account", "111111111111",
            "--endpoint-url", "not a url"}, new String[] {"--endpoint-url 'not a url' is not valid"}),
        Arguments.of(new String[] {"provision", "--permission-set-arn", PS, "--account", "111111111111", "--output",
            "xml"}, new String[] {"--output", "text, json", "xml"}),
        Arguments.of(new String[] {"provision", "--permission-set-arn", PS, "--account", "111111111111",
            "--max-requests-per-second", "0"}, new String[] {"--max-requests-per-second 0.0 is not valid",
            "above 0 and at most 1000"}),
        Arguments.of(new String[] {"provision", "--permission-set-arn", PS, "--account", "111111111111", "--profile",
            " "}, new String[] {"--profile must not be blank"}),
        Arguments.of(new String[] {"provision", "--permission-set-arn", PS, "--acount", "111111111111"},
            new String[] {"Unknown options: '--acount'", "Possible solutions: --account"}),
        // wait
        Arguments.of(new String[] {"wait", "--instance-arn", INSTANCE},
            new String[] {"no RequestId given", "--request-id", "'-'"}),
        Arguments.of(new String[] {"wait", REQ}, new String[] {"--instance-arn is required", "instance ARN"}),
        Arguments.of(new String[] {"wait", "--instance-arn", INSTANCE, "not-a-request"},
            new String[] {"REQUEST_ID 'not-a-request' is not valid", "lower-case UUID"}),
        Arguments.of(new String[] {"wait", "--instance-arn", INSTANCE, REQ, "--request-id", REQ},
            new String[] {"RequestId '" + REQ + "' is given twice"}),
        Arguments.of(new String[] {"wait", "--instance-arn", INSTANCE, REQ, "--max-poll-interval", "soon"},
            new String[] {"'--max-poll-interval'", "'soon' is not a duration"}),
        // status
        Arguments.of(new String[] {"status", "--instance-arn", INSTANCE, "--status", "DONE"},
            new String[] {"--status", "IN_PROGRESS, FAILED, SUCCEEDED", "DONE"}),
        Arguments.of(new String[] {"status"}, new String[] {"--instance-arn is required"}),
        Arguments.of(new String[] {"status", "--instance-arn", INSTANCE, "--page-size", "101"},
            new String[] {"--page-size 101 is not valid", "1 to 100"}),
        Arguments.of(new String[] {"status", "--instance-arn", INSTANCE, "--status", "FAILED", "--request-id", REQ},
            new String[] {"--status and --request-id exclude each other"}),
        Arguments.of(new String[] {"status", "--instance-arn", INSTANCE, "--request-id", "ABC"},
            new String[] {"--request-id 'ABC' is not valid"}),
        // sandbox
        Arguments.of(new String[] {"sandbox", "--throttle-rate", "2"}, new String[] {"--throttle-rate 2.0 is not valid"}),
        Arguments.of(new String[] {"sandbox", "--port", "70000"}, new String[] {"--port 70000 is not valid"}),
        Arguments.of(new String[] {"sandbox", "--time-scale", "0.5"}, new String[] {"--time-scale 0.5 is not valid"}),
        Arguments.of(new String[] {"sandbox", "--provisioning-min", "1m"},
            new String[] {"--provisioning-min/--provisioning-max", "must not exceed"}),
        Arguments.of(new String[] {"sandbox", "--throttle-rate", "0.6", "--server-error-rate", "0.6"},
            new String[] {"sandbox options are not valid", "must not exceed 1"}),
        Arguments.of(new String[] {"sandbox", "--seed-file", "/no/such/seed.json"},
            new String[] {"--seed-file '/no/such/seed.json' cannot be read"}),
        // top level
        Arguments.of(new String[] {"provisoin"}, new String[] {"Unmatched argument", "Did you mean", "provision"}),
        Arguments.of(new String[] {}, new String[] {"a command is required"}));
  }

  @ParameterizedTest
  @MethodSource("badInputs")
  void badInput_exits2NamingTheProblem_withoutAnyAwsCall(String[] args, String[] expectedInMessage) {
    CliRunner.Run run = CliRunner.run(services, args);

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.err()).startsWith("error: ").contains(expectedInMessage).contains("--help");
    assertThat(run.out()).isEmpty();
    assertThat(clientsCreated).hasValue(0);
    verifyNoInteractions(client);
  }

  @Test
  void unreadableStdinLine_exits2NamingTheLine() {
    CliRunner.Run run = CliRunner.runWithStdin(services, REQ + "\n\n# comment\nnope\n", "wait", "--instance-arn", INSTANCE,
        "-");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.err()).contains("stdin line 4 'nope' is not valid");
    verifyNoInteractions(client);
  }

  @Test
  void stdinJsonWithoutRequests_exits2SayingWhatIsExpected() {
    CliRunner.Run run = CliRunner.runWithStdin(services, "{\"instanceArn\": \"" + INSTANCE + "\"}", "wait", "-");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.err()).contains("\"requests\" array is missing");
    verifyNoInteractions(client);
  }

  @Test
  void emptyStdin_exits2SayingStdinHadNoRequestId() {
    CliRunner.Run run = CliRunner.runWithStdin(services, "\n", "wait", "--instance-arn", INSTANCE, "-");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.err()).contains("no RequestId given").contains("stdin had none");
  }

  @Test
  void help_listsEveryExitCode_andExits0() {
    CliRunner.Run run = CliRunner.run(services, "wait", "--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("Exit codes:")
        .containsPattern("0\\s+success").containsPattern("1\\s+provisioning FAILED")
        .containsPattern("2\\s+bad input").containsPattern("3\\s+--timeout passed")
        .containsPattern("4\\s+AWS error").containsPattern("5\\s+interrupted")
        .containsPattern("6\\s+unexpected error");
  }
}
