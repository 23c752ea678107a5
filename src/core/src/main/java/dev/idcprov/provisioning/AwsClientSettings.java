package dev.idcprov.provisioning;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClientBuilder;

/**
 * How to build an {@link SsoAdminClient}: region, named profile and endpoint override, each optional.
 * Unset values fall back to the AWS SDK's default region and credential chains. Clients built here have the
 * SDK's own retries turned off, because the library's Failsafe policies own every retry decision.
 *
 * <pre>{@code
 * try (SsoAdminClient client = AwsClientSettings.builder().region("eu-west-1").build().createClient()) { ... }
 * }</pre>
 */
public final class AwsClientSettings {
  /** Time allowed to open a connection. */
  public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  /** Time allowed between two reads of a response. */
  public static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(20);
  /** Time allowed for one HTTP attempt. */
  public static final Duration API_CALL_ATTEMPT_TIMEOUT = Duration.ofSeconds(20);
  /** Time allowed for one API call (one attempt, since SDK retries are off). */
  public static final Duration API_CALL_TIMEOUT = Duration.ofSeconds(30);

  private final String region;
  private final String profile;
  private final URI endpoint;

  private AwsClientSettings(Builder b) {
    this.region = b.region;
    this.profile = b.profile;
    this.endpoint = b.endpoint;
  }

  /** @return a new builder */
  public static Builder builder() {
    return new Builder();
  }

  /** @return settings that use the SDK's default chains for everything */
  public static AwsClientSettings defaults() {
    return builder().build();
  }

  /** @return the region, if set */
  public Optional<String> region() {
    return Optional.ofNullable(region);
  }

  /** @return the named profile, if set */
  public Optional<String> profile() {
    return Optional.ofNullable(profile);
  }

  /** @return the endpoint override, if set */
  public Optional<URI> endpoint() {
    return Optional.ofNullable(endpoint);
  }

  /**
   * Builds a client; the caller owns it and must close it.
   *
   * <p>The client uses the URL-connection HTTP client ({@link #CONNECT_TIMEOUT} to connect,
   * {@link #SOCKET_TIMEOUT} per read), {@link #API_CALL_ATTEMPT_TIMEOUT} per attempt and {@link #API_CALL_TIMEOUT}
   * per call, and <b>no SDK retries</b> ({@code AwsRetryStrategy.doNotRetry()}): the waiter's and provisioner's
   * Failsafe policies own every retry decision, so attempts never multiply. The region comes from
   * {@link #region()}, else the SDK's region chain (of {@link #profile()} when set); credentials from the named
   * profile, else the SDK's default credential chain.
   *
   * @return a new client
   * @throws software.amazon.awssdk.core.exception.SdkClientException if no region can be found
   */
  public SsoAdminClient createClient() {
    return clientBuilder(o -> { }).build();
  }

  /**
   * The builder {@link #createClient()} builds from, for callers that add to it (execution interceptors through
   * {@code more}; their own HTTP client, started from {@link #httpClientBuilder()} to keep the timeouts). The caller
   * owns the client it builds.
   *
   * @param more further settings, applied after this class's (timeouts, no SDK retries, the profile)
   * @return a builder with the region, credentials and endpoint of these settings
   * @throws NullPointerException if {@code more} is null
   */
  public SsoAdminClientBuilder clientBuilder(Consumer<ClientOverrideConfiguration.Builder> more) {
    Objects.requireNonNull(more, "more");
    SsoAdminClientBuilder b = SsoAdminClient.builder()
        .httpClientBuilder(httpClientBuilder())
        .overrideConfiguration(o -> {
          overrides(o);
          if (profile != null) {
            o.defaultProfileName(profile);
          }
          more.accept(o);
        });
    if (region != null) {
      b.region(Region.of(region));
    }
    if (profile != null) {
      b.credentialsProvider(ProfileCredentialsProvider.create(profile));
    } else {
      b.credentialsProvider(DefaultCredentialsProvider.builder().build());
    }
    if (endpoint != null) {
      b.endpointOverride(endpoint);
    }
    return b;
  }

  /**
   * @return the HTTP client every SSO Admin client of this library uses: the URL-connection client with
   *         {@link #CONNECT_TIMEOUT} to connect and {@link #SOCKET_TIMEOUT} per read
   */
  public static UrlConnectionHttpClient.Builder httpClientBuilder() {
    return UrlConnectionHttpClient.builder().connectionTimeout(CONNECT_TIMEOUT).socketTimeout(SOCKET_TIMEOUT);
  }

  /**
   * Applies what every SSO Admin client of this library needs: <b>no SDK retries</b> (the waiter's and provisioner's
   * Failsafe policies own every retry decision, so attempts never multiply), {@link #API_CALL_ATTEMPT_TIMEOUT} per
   * attempt and {@link #API_CALL_TIMEOUT} per call.
   *
   * @param o the client's override configuration
   */
  public static void overrides(ClientOverrideConfiguration.Builder o) {
    o.retryStrategy(AwsRetryStrategy.doNotRetry())
        .apiCallAttemptTimeout(API_CALL_ATTEMPT_TIMEOUT)
        .apiCallTimeout(API_CALL_TIMEOUT);
  }

  @Override
  public String toString() {
    return "AwsClientSettings{region=" + region + ", profile=" + profile + ", endpoint=" + endpoint + '}';
  }

  /** Builds {@link AwsClientSettings}. */
  public static final class Builder {
    private String region;
    private String profile;
    private URI endpoint;

    private Builder() {
    }

    /**
     * @param region an AWS region such as {@code eu-west-1}, or null for the SDK's region chain
     * @return this builder
     * @throws IllegalArgumentException if not a region name
     */
    public Builder region(String region) {
      if (region != null && !region.matches("[a-z]{2}(-[a-z]+)+-\\d+")) {
        throw new IllegalArgumentException("region '" + region + "' is not valid: expected a region name such as eu-west-1");
      }
      this.region = region;
      return this;
    }

    /**
     * @param profile a named profile of the shared AWS config files, or null for the default chain
     * @return this builder
     * @throws IllegalArgumentException if blank
     */
    public Builder profile(String profile) {
      if (profile != null && profile.isBlank()) {
        throw new IllegalArgumentException("profile must not be blank: give a profile name or leave it unset");
      }
      this.profile = profile;
      return this;
    }

    /**
     * @param endpoint an http(s) endpoint override such as the sandbox's, or null for the AWS endpoint
     * @return this builder
     * @throws IllegalArgumentException if not an absolute http or https URI, or if it carries user information
     *                                  ({@code user:password@}; the message never repeats it)
     */
    public Builder endpoint(URI endpoint) {
      if (endpoint != null && endpoint.getRawUserInfo() != null) {
        throw new IllegalArgumentException("endpoint must not carry user information (user:password@ before the"
            + " host): requests are signed with the credential chain's keys; give the URL without it, such as "
            + endpoint.getScheme() + "://" + endpoint.getHost() + (endpoint.getPort() < 0 ? "" : ":"
            + endpoint.getPort()));
      }
      if (endpoint != null && (endpoint.getScheme() == null || !endpoint.getScheme().matches("https?")
          || endpoint.getHost() == null)) {
        throw new IllegalArgumentException("endpoint '" + endpoint
            + "' is not valid: expected an absolute http or https URL such as http://127.0.0.1:4566");
      }
      this.endpoint = endpoint;
      return this;
    }

    /** @return the settings */
    public AwsClientSettings build() {
      return new AwsClientSettings(this);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AwsClientSettings s && Objects.equals(region, s.region) && Objects.equals(profile, s.profile)
        && Objects.equals(endpoint, s.endpoint);
  }

  @Override
  public int hashCode() {
    return Objects.hash(region, profile, endpoint);
  }
}
