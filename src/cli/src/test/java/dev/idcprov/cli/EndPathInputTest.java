package dev.idcprov.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;

/**
 * Issue 9: {@code wait -} checks every field it reads (types and AWS patterns) and overflowing durations and rates
 * are refused, each with exit 2 naming the field, no JSON library wording, no long value echoed whole, and no AWS
 * call.
 */
class EndPathInputTest {
  static final String INSTANCE = BadInputTest.INSTANCE;
  static final String PS = BadInputTest.PS;
  static final String REQ = BadInputTest.REQ;

  private final SsoAdminClient client = mock(SsoAdminClient.class);
  private AtomicInteger clientsCreated;
  private CliServices services;

  @BeforeEach
  void setUp() {
    clientsCreated = new AtomicInteger();
    services = settings -> {
      clientsCreated.incrementAndGet();
      return client;
    };
  }

  static String doc(String request) {
    return "{\"instanceArn\":\"" + INSTANCE + "\",\"requests\":[" + request + "]}";
  }

  static Stream<Arguments> badStdin() {
    String big = "x".repeat(100_000);
    return Stream.of(
        Arguments.of(doc("{\"requestId\":\"" + REQ + "\",\"accountId\":\"abc\"}"), "requests[0].accountId"),
        Arguments.of(doc("{\"requestId\":[\"" + REQ + "\"]}"), "requests[0].requestId is an array"),
        Arguments.of(doc("{\"requestId\":{\"a\":1}}"), "requests[0].requestId is an object"),
        Arguments.of(doc("{\"requestId\":\"" + REQ + "\",\"permissionSetArn\":\"ps-1\"}"),
            "requests[0].permissionSetArn"),
        Arguments.of(doc("{\"requestId\":\"" + REQ + "\",\"createdDate\":\"yesterday\"}"),
            "requests[0].createdDate 'yesterday' is not an instant"),
        Arguments.of(doc("\"" + REQ + "\""), "requests[0] is a string"),
        Arguments.of("{\"requests\": [ {\"requestId\": ", "it is not valid JSON"),
        Arguments.of("{\"requests\": {}}", "\"requests\" array is an object"),
        Arguments.of(doc("{\"requestId\":\"" + big + "\"}"), "(100000 characters)"));
  }

  @ParameterizedTest
  @MethodSource("badStdin")
  void waitStdin_badField_exits2NamingIt(String stdin, String expected) {
    CliRunner.Run run = CliRunner.runWithStdin(services, stdin, "wait", "-");

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.err()).contains(expected).doesNotContain("Strictness").doesNotContain("LENIENT")
        .doesNotContain("Exception").hasSizeLessThan(2_000);
    assertThat(run.out()).isEmpty();
    assertThat(clientsCreated).hasValue(0);
    verifyNoInteractions(client);
  }

  static Stream<Arguments> overflowing() {
    return Stream.of(
        Arguments.of(new String[] {"provision", "--permission-set-arn", PS, "--account", "111111111111",
            "--timeout", "PT2700000H"}, "timeout"),
        Arguments.of(new String[] {"wait", "--instance-arn", INSTANCE, "--timeout", "PT2700000H", REQ}, "timeout"),
        Arguments.of(new String[] {"provision", "--permission-set-arn", PS, "--account", "111111111111",
            "--max-requests-per-second", "1e-10"}, "0.001"));
  }

  @ParameterizedTest
  @MethodSource("overflowing")
  void overflowingDurationOrRate_exits2NamingTheField(String[] args, String expected) {
    CliRunner.Run run = CliRunner.run(services, args);

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.err()).contains(expected);
    assertThat(clientsCreated).hasValue(0);
  }

  @org.junit.jupiter.api.Test
  void endpointWithUserInfo_exits2_neverPrintingThePassword() {
    CliRunner.Run run = CliRunner.run(services, "wait", "--instance-arn", INSTANCE, "--endpoint-url",
        "http://admin:s3cr3t-pw@127.0.0.1:4566", REQ);

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.err()).contains("--endpoint-url must not carry user information").doesNotContain("s3cr3t-pw")
        .doesNotContain("admin:");
    assertThat(run.out()).doesNotContain("s3cr3t-pw");
    assertThat(clientsCreated).hasValue(0);
  }

  @org.junit.jupiter.api.Test
  void plainHttpToAnotherHost_warns_loopbackDoesNot() {
    CliRunner.Run remote = CliRunner.run(services, "provision", "--permission-set-arn", PS, "--account",
        "111111111111", "--dry-run", "--endpoint-url", "http://sso.example.internal:8080");
    CliRunner.Run local = CliRunner.run(services, "provision", "--permission-set-arn", PS, "--account",
        "111111111111", "--dry-run", "--endpoint-url", "http://127.0.0.1:4566");

    assertThat(remote.err()).contains("warning: --endpoint-url http://sso.example.internal:8080 is plain http");
    assertThat(local.err()).doesNotContain("plain http");
  }

  @org.junit.jupiter.api.Test
  void redact_hidesUserInfoOnly() {
    assertThat(EndpointHygiene.redact("https://u:p@host:1/x")).isEqualTo("https://***@host:1/x");
    assertThat(EndpointHygiene.redact("https://host:1/x@y")).isEqualTo("https://host:1/x@y");
  }
}
