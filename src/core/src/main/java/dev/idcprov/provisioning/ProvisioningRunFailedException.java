package dev.idcprov.provisioning;

import dev.idcprov.waiter.ProvisioningFailedException;
import java.util.Objects;

/**
 * The provisioner's {@link ProvisioningFailedException}: every request of the run finished (none is IN_PROGRESS any
 * more) and at least one of them FAILED (other than an {@code ALL_PROVISIONED_ACCOUNTS} request whose accounts were
 * all provisioned afterwards). Besides the wait's result it carries the run's {@link #report()}, so that a caller
 * learns per account what the run did ({@link ProvisioningReport#accountResults()}) even when it failed.
 */
public class ProvisioningRunFailedException extends ProvisioningFailedException {
  private static final long serialVersionUID = 1L;

  private final transient ProvisioningReport report;

  /**
   * @param report the run's report; its wait result must contain at least one FAILED outcome
   * @throws NullPointerException     if {@code report} is null or has no wait result
   * @throws IllegalArgumentException if its wait result has no FAILED outcome
   */
  public ProvisioningRunFailedException(ProvisioningReport report) {
    super(Objects.requireNonNull(report, "report").waitResult()
        .orElseThrow(() -> new NullPointerException("report: a failed run's report needs its wait result")));
    this.report = report;
  }

  /**
   * The report is not serialized (the field is transient): on an exception that was deserialized this is null (as
   * is {@link #result()}); the message, which names each FAILED request, is kept.
   *
   * @return the run's report: its plan, the requests AWS accepted, the wait's result and the per-account view; null
   *         on a deserialized exception
   */
  public ProvisioningReport report() {
    return report;
  }
}
