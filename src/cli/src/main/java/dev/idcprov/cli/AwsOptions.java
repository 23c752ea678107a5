package dev.idcprov.cli;

import com.google.gson.JsonElement;
import dev.idcprov.provisioning.AwsClientSettings;
import dev.idcprov.waiter.ProvisioningContext;
import dev.idcprov.waiter.RequestBudget;
import io.burt.jmespath.Expression;
import io.burt.jmespath.JmesPathException;
import io.burt.jmespath.gson.GsonRuntime;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Options shared by the commands that call AWS: where to connect, how to print, how fast to call. Each falls back to
 * the AWS CLI's environment variable when not given, so a shell set up for {@code aws} works unchanged.
 */
final class AwsOptions {
  private static final GsonRuntime JMESPATH = new GsonRuntime();

  @Spec(Spec.Target.MIXEE)
  private CommandSpec spec;

  private final Environment env;

  @Option(names = "--region", paramLabel = "REGION",
      description = "AWS region of the IAM Identity Center instance, such as eu-west-1 (default: AWS_REGION,"
          + " then AWS_DEFAULT_REGION, then the profile's region).")
  String region;

  @Option(names = "--profile", paramLabel = "NAME",
      description = "Named profile of the shared AWS config and credentials files (default: AWS_PROFILE, then"
          + " AWS_DEFAULT_PROFILE, then the SDK's default credential chain).")
  String profile;

  @Option(names = "--endpoint-url", paramLabel = "URL",
      description = "Send requests here instead of AWS, such as the sandbox's http://127.0.0.1:4566 (default:"
          + " AWS_ENDPOINT_URL_SSO_ADMIN, then AWS_ENDPOINT_URL).")
  String endpointUrl;

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT",
      description = "Result format on stdout: ${COMPLETION-CANDIDATES} (default: AWS_DEFAULT_OUTPUT, else text).")
  OutputFormat outputOption;

  @Option(names = "--query", paramLabel = "JMESPATH",
      description = "JMESPath expression applied to the JSON result before it is printed in the output format,"
          + " such as 'requests[?status==`FAILED`].accountId'.")
  String query;

  @Option(names = "--ca-bundle", paramLabel = "PEM_FILE",
      description = "Certificates to trust for HTTPS, in PEM (default: AWS_CA_BUNDLE, else the JVM's trust store).")
  Path caBundle;

  @Option(names = "--debug",
      description = "Log each SSO Admin request and response and the SDK's debug log on stderr (signatures,"
          + " tokens and secrets redacted); errors keep the SDK's full text.")
  boolean debug;

  @Option(names = {"-v", "--verbose"},
      description = "Debug logging of the library on stderr, and stack traces of unexpected errors.")
  boolean verbose;

  @Option(names = "--max-requests-per-second", paramLabel = "N",
      description = "SSO Admin calls per second this run may make against the instance, above 0 and at most"
          + " 1000 (default: " + RequestBudget.DEFAULT_REQUESTS_PER_SECOND + "; the service allows 20 per second"
          + " per account, shared by every caller).")
  Double maxRequestsPerSecond;

  private Expression<JsonElement> compiledQuery;

  AwsOptions(Environment env) {
    this.env = env;
  }

  /** @return client settings from the options and the environment, with no fallbacks from a document */
  AwsClientSettings settings() {
    return settings(null, null);
  }

  /**
   * @param regionFromInput   the region a piped document names, used when {@code --region} is not given, or null
   * @param endpointFromInput the endpoint a piped document names, used when {@code --endpoint-url} is not given
   * @return client settings; bad values are reported naming the option or variable they came from
   */
  AwsClientSettings settings(String regionFromInput, String endpointFromInput) {
    AwsClientSettings.Builder b = AwsClientSettings.builder();
    Environment.Variable r = region != null ? new Environment.Variable("--region", region)
        : regionFromInput != null ? new Environment.Variable("the region of the document on stdin", regionFromInput)
        : env.first("AWS_REGION", "AWS_DEFAULT_REGION");
    if (r != null) {
      try {
        b.region(r.value());
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), r.name() + " '" + r.value()
            + "' is not valid: expected a region name such as eu-west-1 or us-east-1");
      }
    }
    if (profile != null && profile.isBlank()) {
      throw new ParameterException(spec.commandLine(),
          "--profile must not be blank: give a profile name of ~/.aws/config or leave it out");
    }
    Environment.Variable p = profile != null ? new Environment.Variable("--profile", profile)
        : env.first("AWS_PROFILE", "AWS_DEFAULT_PROFILE");
    b.profile(p == null ? null : p.value());
    Environment.Variable e = endpointUrl != null ? new Environment.Variable("--endpoint-url", endpointUrl)
        : endpointFromInput != null ? new Environment.Variable("the endpoint of the document on stdin",
            endpointFromInput)
        : env.first("AWS_ENDPOINT_URL_SSO_ADMIN", "AWS_ENDPOINT_URL");
    if (e != null) {
      String problem = e.name() + " '" + EndpointHygiene.redact(e.value())
          + "' is not valid: expected an absolute http or https URL such as http://127.0.0.1:4566";
      URI uri;
      try {
        uri = new URI(e.value());
      } catch (URISyntaxException ex) {
        throw new ParameterException(spec.commandLine(), problem);
      }
      try {
        b.endpoint(uri);
      } catch (IllegalArgumentException ex) {
        throw new ParameterException(spec.commandLine(), uri.getRawUserInfo() != null
            ? e.name() + ex.getMessage().replaceFirst("^endpoint", "") : problem);
      }
      String warning = EndpointHygiene.plainHttpWarning(uri);
      if (warning != null) {
        spec.commandLine().getErr().println(warning);
        spec.commandLine().getErr().flush();
      }
    }
    return b.build();
  }

  /** @return how the command line's client connects: CA bundle, wire log, environment; checked before any call */
  ClientOptions clientOptions() {
    Environment.Variable ca = caBundle != null ? new Environment.Variable("--ca-bundle", caBundle.toString())
        : env.first("AWS_CA_BUNDLE");
    Path pem = null;
    if (ca != null) {
      pem = Path.of(ca.value());
      try {
        AwsClients.trustManagers(pem);
      } catch (IllegalArgumentException ex) {
        throw new ParameterException(spec.commandLine(), ca.name() + " '" + ca.value() + "' is not valid: it "
            + ex.getMessage() + "; expected a PEM file of CA certificates");
      }
    }
    return new ClientOptions(pem, debug, env.asMap());
  }

  /** @return the output format: {@code -o}, else {@code AWS_DEFAULT_OUTPUT}, else text */
  OutputFormat format() {
    if (outputOption != null) {
      return outputOption;
    }
    String v = env.get("AWS_DEFAULT_OUTPUT");
    if (v == null) {
      return OutputFormat.text;
    }
    try {
      return OutputFormat.valueOf(v.toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "AWS_DEFAULT_OUTPUT '" + v + "' is not valid: expected"
          + " json, text, table or yaml (or give -o)");
    }
  }

  /** @return the compiled {@code --query}, or null; a syntax error is reported naming the option */
  Expression<JsonElement> query() {
    if (query == null) {
      return null;
    }
    if (compiledQuery == null) {
      try {
        compiledQuery = JMESPATH.compile(query);
      } catch (JmesPathException e) {
        throw new ParameterException(spec.commandLine(), "--query '" + query + "' is not valid JMESPath: "
            + e.getMessage());
      }
    }
    return compiledQuery;
  }

  /** @return how results are printed: the format and the query */
  Rendering output() {
    return new Rendering(format(), query());
  }

  /** Checks the options that need no AWS call (rate, output, query, CA bundle); call before any AWS call. */
  void validate() {
    validateRate();
    format();
    query();
    clientOptions();
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

  /**
   * Raises log levels: {@code --verbose} the library's, {@code --debug} also the SDK's and the wire log
   * (slf4j-simple reads them per logger). Also checks the output options, so that a bad {@code --query} or
   * {@code AWS_DEFAULT_OUTPUT} stops the command before any AWS call.
   */
  void applyVerbosity() {
    validate();
    if (verbose || debug) {
      System.setProperty("org.slf4j.simpleLogger.log.dev.idcprov", "debug");
    }
    if (debug) {
      System.setProperty("org.slf4j.simpleLogger.log.software.amazon.awssdk", "debug");
      // the signer logs the canonical request, which holds the session token: kept quiet
      System.setProperty("org.slf4j.simpleLogger.log.software.amazon.awssdk.auth", "info");
      System.setProperty("org.slf4j.simpleLogger.log.software.amazon.awssdk.http.auth", "info");
      System.setProperty("org.slf4j.simpleLogger.log.software.amazon.awssdk.profiles", "info");
      // the credential suppliers' debug lines name a credential_process's command line, which may hold a secret
      System.setProperty("org.slf4j.simpleLogger.log.software.amazon.awssdk.utils.cache", "info");
      System.setProperty("org.slf4j.simpleLogger.log." + WireLog.LOGGER, "debug");
    }
  }

  /**
   * @param client   the command's client
   * @param settings the settings it was made from
   * @return the region the client calls (for the JSON document), or null when unknown
   */
  static String regionOf(software.amazon.awssdk.services.ssoadmin.SsoAdminClient client, AwsClientSettings settings) {
    if (settings.region().isPresent()) {
      return settings.region().get();
    }
    var config = client.serviceClientConfiguration();
    return config == null || config.region() == null ? null : config.region().id();
  }

  /**
   * @param settings the command's settings
   * @return the endpoint override (for the JSON document), or null for AWS's endpoint
   */
  static String endpointOf(AwsClientSettings settings) {
    return settings.endpoint().map(URI::toString).orElse(null);
  }

  /** @return true when {@code --debug} was given */
  boolean debug() {
    return debug;
  }
}
