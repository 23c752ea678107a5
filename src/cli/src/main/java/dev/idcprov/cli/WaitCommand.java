package dev.idcprov.cli;

import dev.idcprov.waiter.AwsApiException;
import dev.idcprov.waiter.AwsIds;
import dev.idcprov.waiter.ProvisioningFailedException;
import dev.idcprov.waiter.ProvisioningInterruptedException;
import dev.idcprov.waiter.ProvisioningTimeoutException;
import dev.idcprov.waiter.ProvisioningWaiter;
import dev.idcprov.waiter.TrackedRequest;
import dev.idcprov.waiter.WaitRequest;
import dev.idcprov.waiter.WaitResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;

/** {@code wait}: waits for provisioning requests already submitted, by RequestId. */
@Command(name = "wait", sortOptions = false,
    header = "Wait for provisioning requests by RequestId.",
    description = {
        "Waits until each provisioning request has left IN_PROGRESS and reports it SUCCEEDED or FAILED with the AWS"
            + " reason. Polls ListPermissionSetProvisioningStatus (about one call per 100 in-progress requests in"
            + " the instance per round) rather than describing each request.",
        "RequestIds come as arguments, with --request-id, or from stdin with '-': one RequestId per line, or the"
            + " JSON document of 'provision --no-wait --output json' (which also gives the instance ARN, the region"
            + " and the endpoint, used unless --instance-arn, --region or --endpoint-url say otherwise)."},
    footer = {"", "Examples:",
        "  wait --instance-arn INSTANCE_ARN 3f1c2a9e-8b1d-4c6e-9f0a-1b2c3d4e5f60",
        "  provision ... --no-wait -o json | idc-provisioning wait -",
        "    (the JSON names the instance, region and endpoint: no flags to repeat)",
        "  jq -r '.requests[].requestId' out.json | idc-provisioning wait --instance-arn ARN -"})
final class WaitCommand implements Callable<Integer> {
  private final CliServices services;
  private final Supplier<InputStream> stdin;

  @Spec
  private CommandSpec spec;

  @Option(names = "--instance-arn", paramLabel = "ARN",
      description = "IAM Identity Center instance ARN (may come from the JSON document read with '-').")
  private String instanceArn;

  @Option(names = "--request-id", paramLabel = "REQUEST_ID", split = ",",
      description = "RequestId to wait for; repeatable, or comma-separated.")
  private List<String> requestIdOptions = new ArrayList<>();

  @Parameters(paramLabel = "REQUEST_ID", arity = "0..*",
      description = "RequestIds to wait for; '-' reads them from stdin.")
  private List<String> requestIdArgs = new ArrayList<>();

  @Mixin
  private WaitTimingOptions timing;

  @Mixin
  private AwsOptions aws;

  WaitCommand(CliServices services, Supplier<InputStream> stdin, Environment env) {
    this.services = services;
    this.stdin = stdin;
    this.aws = new AwsOptions(env);
  }

  @Override
  public Integer call() {
    CommandLine cmd = spec.commandLine();
    List<TrackedRequest> tracked = new ArrayList<>();
    String instanceFromStdin = null;
    StdinRequests fromStdin = null;
    List<String> named = new ArrayList<>(requestIdOptions);
    boolean readStdin = false;
    for (String a : requestIdArgs) {
      if (a.equals("-")) {
        readStdin = true;
      } else {
        named.add(a);
      }
    }
    for (String id : named) {
      String trimmed = id.trim();
      tracked.add(TrackedRequest.of(checkId(cmd, "REQUEST_ID", trimmed.length() > StdinDocument.MAX_ECHO ? null
          : trimmed, trimmed)));
    }
    if (readStdin) {
      fromStdin = readStdin(cmd);
      tracked.addAll(fromStdin.requests());
      instanceFromStdin = fromStdin.instanceArn();
    }
    if (tracked.isEmpty()) {
      throw new ParameterException(cmd, "no RequestId given: pass RequestIds as arguments, with --request-id, or"
          + " '-' to read them from stdin" + (readStdin ? " (stdin had none)" : ""));
    }
    Set<String> seen = new HashSet<>();
    for (TrackedRequest t : tracked) {
      if (!seen.add(t.requestId())) {
        throw new ParameterException(cmd, "RequestId '" + t.requestId() + "' is given twice: each RequestId may"
            + " appear once");
      }
    }
    String instance;
    if (instanceArn != null) {
      instance = Inputs.instanceArn(cmd, instanceArn);
    } else if (instanceFromStdin != null) {
      instance = Inputs.instanceArn(cmd, instanceFromStdin);
    } else {
      instance = Inputs.instanceArn(cmd, null);
    }
    var waitOptions = timing.toWaitOptions();
    // the region and endpoint of provision's JSON, when the flags and their variables do not say
    var settings = fromStdin == null ? aws.settings() : aws.settings(fromStdin.region(), fromStdin.endpointUrl());
    aws.applyVerbosity();
    aws.applyRate(services.context(), instance);

    PrintWriter out = cmd.getOut();
    PrintWriter err = cmd.getErr();
    WaitRequest request = WaitRequest.builder().instanceArn(instance).requests(tracked).options(waitOptions)
        .listener(new ProgressPrinter(err)).build();
    err.println("waiting for " + tracked.size() + " provisioning request(s), up to "
        + Durations.format(waitOptions.timeout()));
    err.flush();
    ResultView view = new ResultView("wait", instance);
    try (SsoAdminClient client = services.createClient(settings, aws.clientOptions())) {
      view.connection(AwsOptions.regionOf(client, settings), AwsOptions.endpointOf(settings));
      ProvisioningWaiter waiter = services.waiter(client);
      try {
        WaitResult result = waiter.waitUntilProvisioned(request);
        view.outcome("SUCCEEDED").tracked(tracked, result).print(aws.output(), out);
        return ExitCodes.OK;
      } catch (ProvisioningFailedException e) {
        view.outcome("FAILED").tracked(tracked, e.result()).print(aws.output(), out);
        throw e;
      } catch (ProvisioningTimeoutException e) {
        view.outcome("TIMED_OUT").tracked(tracked, e.partialResult()).print(aws.output(), out);
        throw e;
      } catch (ProvisioningInterruptedException e) {
        view.outcome("INTERRUPTED").tracked(tracked, null).print(aws.output(), out);
        throw e;
      } catch (AwsApiException e) {
        // exit 4 prints the result too: every request is still named (IN_PROGRESS: not known to have ended)
        view.outcome("API_ERROR").tracked(tracked, null).print(aws.output(), out);
        throw e;
      }
    }
  }

  private record StdinRequests(String instanceArn, String region, String endpointUrl, List<TrackedRequest> requests) {
  }

  /** Reads stdin: the JSON document of {@code provision --output json}, or one RequestId per line. */
  private StdinRequests readStdin(CommandLine cmd) {
    String text;
    try (BufferedReader r = new BufferedReader(new InputStreamReader(stdin.get(), StandardCharsets.UTF_8))) {
      text = r.lines().collect(Collectors.joining("\n"));
    } catch (IOException | UncheckedIOException e) {
      throw new ParameterException(cmd, "could not read RequestIds from stdin: " + e.getMessage());
    }
    if (text.stripLeading().startsWith("{")) {
      return fromJson(cmd, text);
    }
    List<TrackedRequest> list = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].trim();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      list.add(TrackedRequest.of(checkId(cmd, "stdin line " + (i + 1), line.length() > StdinDocument.MAX_ECHO
          ? null : line, line)));
    }
    return new StdinRequests(null, null, null, list);
  }

  private static StdinRequests fromJson(CommandLine cmd, String text) {
    try {
      StdinDocument.Read read = StdinDocument.parse(text);
      return new StdinRequests(read.instanceArn(), read.region(), read.endpointUrl(), read.requests());
    } catch (StdinDocument.BadField e) {
      throw new ParameterException(cmd, e.getMessage());
    }
  }

  /** Checks a RequestId; {@code shown} null means too long to repeat in the message. */
  private static String checkId(CommandLine cmd, String source, String shown, String id) {
    if (shown == null) {
      throw new ParameterException(cmd, source + " is not a provisioning RequestId: got " + StdinDocument.echo(id));
    }
    return checkId(cmd, source, id);
  }

  private static String checkId(CommandLine cmd, String source, String id) {
    if (id == null) {
      throw new ParameterException(cmd, source + " is missing: expected a provisioning RequestId");
    }
    try {
      return AwsIds.requireRequestId(source, id);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(cmd, e.getMessage());
    }
  }
}
