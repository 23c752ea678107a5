package dev.idcprov.cli;

import dev.idcprov.provisioning.AwsClientSettings;
import dev.idcprov.waiter.ProvisioningContext;
import dev.idcprov.waiter.RequestBudget;
import java.net.URI;
import java.net.URISyntaxException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Options shared by the commands that call AWS: where to connect, how to print, how fast to call. */
final class AwsOptions {
  @Spec(Spec.Target.MIXEE)
  private CommandSpec spec;

  @Option(names = "--region", paramLabel = "REGION",
      description = "AWS region of the IAM Identity Center instance, such as eu-west-1 (default: the SDK's region"
          + " chain: AWS_REGION, then the profile's region).")
  String region;

  @Option(names = "--profile", paramLabel = "NAME",
      description = "Named profile of ~/.aws/config and ~/.aws/credentials (default: the SDK's credential chain).")
  String profile;

  @Option(names = "--endpoint-url", paramLabel = "URL",
      description = "Send requests to this endpoint instead of AWS, such as the sandbox's http://127.0.0.1:4566.")
  String endpointUrl;

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
      description = "Result format on stdout: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  OutputFormat output;

  @Option(names = {"-v", "--verbose"},
      description = "Debug logging of the library on stderr, and stack traces of unexpected errors.")
  boolean verbose;

  @Option(names = "--max-requests-per-second", paramLabel = "N",
      description = "SSO Admin calls per second this run may make against the instance, above 0 and at most"
          + " 1000 (default: " + RequestBudget.DEFAULT_REQUESTS_PER_SECOND + "; the service allows 20 per second"
          + " per account, shared by every caller).")
  Double maxRequestsPerSecond;

  /** @return client settings from the options; bad values are reported naming the option */
  AwsClientSettings settings() {
    AwsClientSettings.Builder b = AwsClientSettings.builder();
    try {
      b.region(region);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--region '" + region
          + "' is not valid: expected a region name such as eu-west-1 or us-east-1");
    }
    if (profile != null && profile.isBlank()) {
      throw new ParameterException(spec.commandLine(),
          "--profile must not be blank: give a profile name of ~/.aws/config or leave it out");
    }
    b.profile(profile);
    if (endpointUrl != null) {
      String problem = "--endpoint-url '" + EndpointHygiene.redact(endpointUrl)
          + "' is not valid: expected an absolute http or https URL such as http://127.0.0.1:4566";
      URI uri;
      try {
        uri = new URI(endpointUrl);
      } catch (URISyntaxException e) {
        throw new ParameterException(spec.commandLine(), problem);
      }
      try {
        b.endpoint(uri);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), uri.getRawUserInfo() != null ? "--" + e.getMessage()
            .replaceFirst("^endpoint", "endpoint-url") : problem);
      }
      String warning = EndpointHygiene.plainHttpWarning(uri);
      if (warning != null) {
        spec.commandLine().getErr().println(warning);
        spec.commandLine().getErr().flush();
      }
    }
    return b.build();
  }

  /** Checks {@code --max-requests-per-second}; call before any AWS call. */
  void validateRate() {
    if (maxRequestsPerSecond != null && (!(maxRequestsPerSecond > 0) || maxRequestsPerSecond > 1000)) {
      throw new ParameterException(spec.commandLine(), "--max-requests-per-second " + maxRequestsPerSecond
          + " is not valid: expected a number above 0 and at most 1000, such as 10");
    }
  }

  /** Applies {@code --max-requests-per-second} to the context's budget of the instance, when given. */
  void applyRate(ProvisioningContext context, String instanceArn) {
    validateRate();
    if (maxRequestsPerSecond != null) {
      context.configureBudget(instanceArn, maxRequestsPerSecond);
    }
  }

  /** Raises the library's log level when {@code --verbose} is given (slf4j-simple reads it per logger). */
  void applyVerbosity() {
    if (verbose) {
      System.setProperty("org.slf4j.simpleLogger.log.dev.idcprov", "debug");
    }
  }
}
