package dev.idcprov.cli;

import dev.idcprov.provisioning.PermissionSetCatalog;
import dev.idcprov.provisioning.PermissionSetProvisioner;
import dev.idcprov.provisioning.PlannedTarget;
import dev.idcprov.provisioning.ProvisioningPlan;
import dev.idcprov.provisioning.ProvisioningRequest;
import dev.idcprov.waiter.AwsApiException;
import dev.idcprov.waiter.ProvisioningContext;
import dev.idcprov.waiter.ProvisioningStatusReader;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;
import software.amazon.awssdk.services.ssoadmin.model.PermissionSetProvisioningStatus;
import software.amazon.awssdk.services.ssoadmin.model.PermissionSetProvisioningStatusMetadata;
import software.amazon.awssdk.services.ssoadmin.model.StatusValues;

/**
 * What {@code check} and {@code provision --outdated} read: for each permission set of the instance (or the given
 * ones), the accounts where the latest version is not provisioned, and the accounts whose last provisioning FAILED and
 * that do not run the latest version since. Every call goes through the library (its budget, retries and errors):
 * {@link PermissionSetCatalog} for the sets and their names, {@link PermissionSetProvisioner#plan} for the accounts,
 * {@link ProvisioningStatusReader} for the failures. Progress goes to stderr.
 */
final class DriftCheck {
  /** How often (in permission sets read) a progress line is printed. */
  private static final int PROGRESS_EVERY = 25;

  /** What is wrong with one permission set in one account. */
  enum State { OUTDATED, FAILED }

  /**
   * One finding.
   *
   * @param permissionSetName the set's name
   * @param permissionSetArn  the set's ARN
   * @param accountId         the account
   * @param state             OUTDATED (provisioned, not the latest version) or FAILED (the last provisioning failed
   *                          and the account does not run the set)
   * @param failureReason     the reason of the last FAILED provisioning, or null
   * @param failedRequestId   the RequestId of the last FAILED provisioning, or null
   */
  record Finding(String permissionSetName, String permissionSetArn, String accountId, State state,
                 String failureReason, String failedRequestId) {
  }

  /**
   * The result.
   *
   * @param instanceArn      the instance
   * @param permissionSets   the sets read
   * @param findings         the outdated and failed targets, in the order of the sets
   * @param upToDate         per set, the accounts that run the latest version
   * @param listedUpToDate   the sets of which the read of the up-to-date accounts listed any, even one also listed as
   *                         outdated ({@link ProvisioningPlan#anyUpToDate(String)}): the collapse rule's input
   */
  record Result(String instanceArn, List<String> permissionSets, List<Finding> findings,
                Map<String, List<String>> upToDate, Set<String> listedUpToDate) {
    boolean current() {
      return findings.isEmpty();
    }

    int count(State s) {
      return (int) findings.stream().filter(f -> f.state() == s).count();
    }

    int upToDateCount() {
      return upToDate.values().stream().mapToInt(List::size).sum();
    }

    /** @return the plan that provisions exactly the findings: OUTDATED accounts, and FAILED ones as NOT_PROVISIONED */
    ProvisioningPlan toPlan() {
      return toPlan(false);
    }

    /**
     * The plan that provisions exactly the findings. With {@code collapse}, a set's OUTDATED findings become one
     * {@link PlannedTarget.Reason#ALL_OUTDATED} target (one {@code ALL_PROVISIONED_ACCOUNTS} request whose FAILED end
     * the run follows up per account) by the library's rule,
     * {@link ProvisioningPlan#collapses(boolean, boolean, boolean, boolean)}: every outdated account is a finding
     * (the check read every outdated account of the set) and the read of the set's up-to-date accounts listed none
     * (the planner's input: an account listed up to date forbids the collapse even when it was listed outdated too).
     * FAILED findings (accounts the set does not run) stay one request each.
     *
     * @param collapse whether to collapse (off: {@code --per-account-requests})
     * @return the plan
     */
    ProvisioningPlan toPlan(boolean collapse) {
      Set<String> collapsed = new HashSet<>();
      for (String ps : findings.stream().map(Finding::permissionSetArn).distinct().toList()) {
        boolean anyOutdated = findings.stream()
            .anyMatch(f -> f.state() == State.OUTDATED && f.permissionSetArn().equals(ps));
        if (ProvisioningPlan.collapses(collapse, anyOutdated, true,
            listedUpToDate.contains(ps) || !upToDate.getOrDefault(ps, List.of()).isEmpty())) {
          collapsed.add(ps);
        }
      }
      List<PlannedTarget> targets = new ArrayList<>();
      Map<String, List<String>> covered = new LinkedHashMap<>();
      for (Finding f : findings) {
        String ps = f.permissionSetArn();
        if (f.state() == State.OUTDATED && collapsed.contains(ps)) {
          if (!covered.containsKey(ps)) {
            covered.put(ps, new ArrayList<>());
            targets.add(new PlannedTarget(ps, null, PlannedTarget.Reason.ALL_OUTDATED));
          }
          covered.get(ps).add(f.accountId());
        } else {
          targets.add(new PlannedTarget(ps, f.accountId(),
              f.state() == State.OUTDATED ? PlannedTarget.Reason.OUTDATED : PlannedTarget.Reason.NOT_PROVISIONED));
        }
      }
      return new ProvisioningPlan(instanceArn, targets, upToDate, covered, listedUpToDate);
    }
  }

  private final SsoAdminClient client;
  private final ProvisioningContext context;
  private final PermissionSetProvisioner provisioner;
  private final PrintWriter err;

  DriftCheck(SsoAdminClient client, ProvisioningContext context, PermissionSetProvisioner provisioner,
             PrintWriter err) {
    this.client = client;
    this.context = context;
    this.provisioner = provisioner;
    this.err = err;
  }

  /**
   * @param instanceArn the instance
   * @param given       the permission sets to check, or empty for every set of the instance
   * @return what is outdated or failed
   */
  Result run(String instanceArn, List<String> given) {
    PermissionSetCatalog catalog = PermissionSetCatalog.builder().client(client).context(context).build();
    List<String> sets = given;
    if (sets.isEmpty()) {
      sets = catalog.listPermissionSets(instanceArn);
      progress("check: " + sets.size() + " permission set(s) in " + instanceArn);
    }
    Map<String, List<String>> outdated = new LinkedHashMap<>();
    Map<String, List<String>> upToDate = new LinkedHashMap<>();
    Set<String> listedUpToDate = new HashSet<>();
    int findings = 0;
    for (int i = 0; i < sets.size(); i++) {
      String ps = sets.get(i);
      ProvisioningPlan plan = provisioner.plan(ProvisioningRequest.builder().instanceArn(instanceArn)
          .permissionSetArns(List.of(ps)).allProvisionedAccounts().collapseToAllProvisionedAccounts(false).build());
      List<String> accounts = plan.targets().stream().map(PlannedTarget::accountId).toList();
      outdated.put(ps, accounts);
      upToDate.put(ps, plan.upToDate().getOrDefault(ps, List.of()));
      if (plan.anyUpToDate(ps)) {
        listedUpToDate.add(ps);
      }
      findings += accounts.size();
      if ((i + 1) % PROGRESS_EVERY == 0 || i + 1 == sets.size()) {
        progress("check: " + (i + 1) + "/" + sets.size() + " permission set(s) read, " + findings
            + " outdated account(s) so far");
      }
    }
    Map<String, PermissionSetProvisioningStatus> failed = lastFailures(instanceArn, new HashSet<>(sets));

    List<Finding> list = new ArrayList<>();
    Map<String, String> names = new HashMap<>();
    for (String ps : sets) {
      Set<String> current = new HashSet<>(upToDate.get(ps));
      for (String account : outdated.get(ps)) {
        PermissionSetProvisioningStatus f = failed.remove(ps + " " + account);
        list.add(new Finding(name(catalog, instanceArn, ps, names), ps, account, State.OUTDATED,
            f == null ? null : f.failureReason(), f == null ? null : f.requestId()));
      }
      for (PermissionSetProvisioningStatus f : new ArrayList<>(failed.values())) {
        if (f.permissionSetArn().equals(ps) && !current.contains(f.accountId())) {
          failed.remove(ps + " " + f.accountId());
          list.add(new Finding(name(catalog, instanceArn, ps, names), ps, f.accountId(), State.FAILED,
              f.failureReason(), f.requestId()));
        }
      }
    }
    return new Result(instanceArn, List.copyOf(sets), List.copyOf(list), upToDate, Set.copyOf(listedUpToDate));
  }

  /**
   * The latest FAILED request per "set account" among the given sets (ListPermissionSetProvisioningStatus, Describe).
   */
  private Map<String, PermissionSetProvisioningStatus> lastFailures(String instanceArn, Set<String> sets) {
    ProvisioningStatusReader reader = ProvisioningStatusReader.builder().client(client).context(context).build();
    List<PermissionSetProvisioningStatusMetadata> failed = reader.list(instanceArn, StatusValues.FAILED, 100).items();
    if (!failed.isEmpty()) {
      progress("check: " + failed.size() + " FAILED provisioning request(s) in the instance's history; reading"
          + " their targets");
    }
    Map<String, PermissionSetProvisioningStatus> latest = new LinkedHashMap<>();
    for (PermissionSetProvisioningStatusMetadata m : failed) {
      PermissionSetProvisioningStatus s;
      try {
        s = reader.describe(instanceArn, m.requestId());
      } catch (AwsApiException e) {
        if (e.kind() == AwsApiException.Kind.NOT_FOUND) {
          continue;   // listed, then aged out of the history
        }
        throw e;
      }
      if (s.accountId() == null || !sets.contains(s.permissionSetArn())) {
        continue;
      }
      String key = s.permissionSetArn() + " " + s.accountId();
      PermissionSetProvisioningStatus before = latest.get(key);
      if (before == null || created(s).isAfter(created(before))) {
        latest.put(key, s);
      }
    }
    return latest;
  }

  private static Instant created(PermissionSetProvisioningStatus s) {
    return s.createdDate() == null ? Instant.EPOCH : s.createdDate();
  }

  private static String name(PermissionSetCatalog catalog, String instanceArn, String ps, Map<String, String> names) {
    return names.computeIfAbsent(ps, p -> catalog.name(instanceArn, p));
  }

  private void progress(String line) {
    err.println(line);
    err.flush();
  }
}
