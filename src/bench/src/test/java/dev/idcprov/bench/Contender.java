package dev.idcprov.bench;

/** One side of the comparison: provisions a {@link Target} through the sandbox and reports every request's status. */
public interface Contender {
  /** Name of our contender. */
  String OURS = "ours";
  /** Name of the Terraform-style baseline. */
  String BASELINE = "baseline";

  /** @return the name shown in the report */
  String name();

  /**
   * Provisions every (permission set, account) pair of the target and waits for each, recording into {@code run}.
   * Returns when every request is reported, given up at the deadline, or failed; never throws for an AWS error.
   *
   * @param target what to provision
   * @param run    where to record reports and errors
   */
  void run(Target target, ContenderRun run);

  /**
   * @param name {@link #OURS}, {@link #BASELINE} or {@link TerraformUpdate#NAME}
   * @return the contender
   */
  static Contender named(String name) {
    return switch (name) {
      case OURS -> "waiter".equals(System.getProperty("bench.ours")) ? new OursWaiterContender()
          : new OursContender();
      case BASELINE -> new BaselinePoller();
      case TerraformUpdate.NAME -> new TerraformUpdate();
      default -> throw new IllegalArgumentException("contender must be ours, baseline or " + TerraformUpdate.NAME + ", got " + name);
    };
  }
}
