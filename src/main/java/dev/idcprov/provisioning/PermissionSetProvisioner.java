package dev.idcprov.provisioning;

import dev.idcprov.waiter.ProvisioningWaiter;
import dev.idcprov.waiter.RequestBudget;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;

/**
 * Decides which accounts need a permission set provisioned, provisions them and waits for the result.
 *
 * <ul>
 *   <li>{@link #plan(ProvisioningRequest)} makes read-only calls only
 *       ({@code ListAccountsForProvisionedPermissionSet} with {@code LATEST_PERMISSION_SET_NOT_PROVISIONED}
 *       and without the filter): by default only outdated accounts, and given accounts that never had the
 *       set, are planned; {@code force} plans every target.</li>
 *   <li>{@link #submit(ProvisioningRequest, ProvisioningPlan)} calls {@code ProvisionPermissionSet} once per
 *       planned target inside the {@link RequestBudget}, retrying ConflictException with bounded backoff.
 *       An empty plan makes no call.</li>
 *   <li>{@link #provision(ProvisioningRequest)} plans, submits and hands the RequestIds to the
 *       {@link ProvisioningWaiter}.</li>
 * </ul>
 *
 * <p>The provisioner does not own the client it is given.
 *
 * <pre>{@code
 * PermissionSetProvisioner provisioner = PermissionSetProvisioner.builder().client(ssoAdminClient).build();
 * ProvisioningReport report = provisioner.provision(request);   // throws ProvisioningFailedException on FAILED
 * }</pre>
 */
public final class PermissionSetProvisioner {
  private final SsoAdminClient client;
  private final Clock clock;
  private final ScheduledExecutorService scheduler;
  private final RequestBudget budget;
  private final ProvisioningWaiter waiter;

  private PermissionSetProvisioner(Builder b) {
    this.client = b.client;
    this.clock = b.clock;
    this.scheduler = b.scheduler;
    this.budget = b.budget;
    this.waiter = b.waiter;
  }

  /** @return a new builder */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Decides what to provision, with read-only calls.
   *
   * @param request what to provision
   * @return the plan
   * @throws dev.idcprov.waiter.AwsApiException if a read call failed for good
   */
  public ProvisioningPlan plan(ProvisioningRequest request) {
    Objects.requireNonNull(request, "request");
    throw new UnsupportedOperationException("provisioner not wired yet");
  }

  /**
   * Calls {@code ProvisionPermissionSet} for each planned target; makes no call for an empty plan.
   *
   * @param request the request the plan was made for (conflict retry settings)
   * @param plan    the plan
   * @return the accepted requests, in plan order
   * @throws dev.idcprov.waiter.AwsApiException if a call failed for good; requests accepted before it are
   *                                            named in its message
   */
  public List<SubmittedRequest> submit(ProvisioningRequest request, ProvisioningPlan plan) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(plan, "plan");
    throw new UnsupportedOperationException("provisioner not wired yet");
  }

  /**
   * Plans, submits and waits.
   *
   * @param request what to provision
   * @return the report, every request SUCCEEDED
   * @throws dev.idcprov.waiter.ProvisioningFailedException      if any request FAILED
   * @throws dev.idcprov.waiter.ProvisioningTimeoutException     if the deadline passed
   * @throws dev.idcprov.waiter.ProvisioningInterruptedException if interrupted
   * @throws dev.idcprov.waiter.AwsApiException                  if an API call failed for good
   */
  public ProvisioningReport provision(ProvisioningRequest request) {
    Objects.requireNonNull(request, "request");
    throw new UnsupportedOperationException("provisioner not wired yet");
  }

  /**
   * The non-blocking twin of {@link #provision(ProvisioningRequest)}; cancelling the future stops it.
   *
   * @param request what to provision
   * @return the future report
   */
  public CompletableFuture<ProvisioningReport> provisionAsync(ProvisioningRequest request) {
    Objects.requireNonNull(request, "request");
    throw new UnsupportedOperationException("provisioner not wired yet");
  }

  /** Builds a {@link PermissionSetProvisioner}. */
  public static final class Builder {
    private SsoAdminClient client;
    private Clock clock = Clock.systemUTC();
    private ScheduledExecutorService scheduler;
    private RequestBudget budget;
    private ProvisioningWaiter waiter;

    private Builder() {
    }

    /**
     * @param client the SSO Admin client; not closed by the provisioner
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder client(SsoAdminClient client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    /**
     * @param clock the clock (default: system UTC)
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * @param scheduler runs delays and async work (default: the library's shared daemon scheduler)
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder scheduler(ScheduledExecutorService scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /**
     * @param budget the rate budget (default: {@link RequestBudget#forInstance(String)})
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder requestBudget(RequestBudget budget) {
      this.budget = Objects.requireNonNull(budget, "budget");
      return this;
    }

    /**
     * @param waiter the waiter (default: one built on the same client, clock, scheduler and budget)
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder waiter(ProvisioningWaiter waiter) {
      this.waiter = Objects.requireNonNull(waiter, "waiter");
      return this;
    }

    /**
     * @return the provisioner
     * @throws IllegalStateException if no client was set
     */
    public PermissionSetProvisioner build() {
      if (client == null) {
        throw new IllegalStateException("client is required");
      }
      return new PermissionSetProvisioner(this);
    }
  }
}
