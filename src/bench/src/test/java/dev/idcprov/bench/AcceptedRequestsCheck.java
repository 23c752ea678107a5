package dev.idcprov.bench;

import dev.idcprov.provisioning.PermissionSetProvisioner;
import dev.idcprov.provisioning.ProvisioningExecution;
import dev.idcprov.provisioning.ProvisioningOutcome;
import dev.idcprov.provisioning.ProvisioningRequest;
import dev.idcprov.provisioning.SubmittedRequest;
import dev.idcprov.sandbox.ProvisioningRecord;
import dev.idcprov.waiter.RequestBudget;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;

/**
 * Issue 9's checks of a fault run against the sandbox's own record of every {@code ProvisionPermissionSet} request:
 * <b>lost</b> (a request the sandbox accepted that no journal or outcome names), <b>duplicated</b> (a target
 * provisioned more than once) and <b>false successes</b> (reported SUCCEEDED, recorded otherwise).
 */
final class AcceptedRequestsCheck {
  private AcceptedRequestsCheck() {
  }

  /**
   * The figures of one run.
   *
   * @param id          the scenario
   * @param targets     planned targets
   * @param recorded    provisioning requests the sandbox recorded
   * @param lost        recorded requests named nowhere
   * @param duplicated  targets provisioned more than once
   * @param falseSucc   requests reported SUCCEEDED the sandbox did not record as SUCCEEDED
   * @param adopted     requests adopted rather than submitted
   * @param reasons     how each run ended
   * @param dropped     calls whose answer (or request) the sandbox dropped
   * @param errors      the errors that ended the runs, if any
   */
  record Figures(String id, int targets, int recorded, int lost, int duplicated, int falseSucc, int adopted,
                 List<ProvisioningOutcome.EndReason> reasons, long dropped, List<String> errors) {
    @Override
    public String toString() {
      return String.format(Locale.ROOT, "[ledger] %s: %d targets, %d recorded, lost %d, duplicated %d, "
          + "false successes %d, adopted %d, ended %s, dropped calls %d%s", id, targets, recorded, lost, duplicated,
          falseSucc, adopted, reasons, dropped, errors.isEmpty() ? "" : " " + errors);
    }
  }

  /**
   * Provisions two permission sets to {@code accounts} accounts with responses dropped after (and before)
   * processing; with {@code killAfter} > 0 the first run is abandoned (as by {@code kill -9}: only its journal
   * survives) once that many requests were accepted, and a fresh provisioner reruns the same request.
   */
  static Figures run(String id, int accounts, double timeScale, double dropAfter, double dropBefore, int killAfter) {
    return run(id, accounts, timeScale, 0, 0, dropAfter, dropBefore, killAfter);
  }

  /** As {@link #run(String, int, double, double, double, int)}, with throttling and 5xx as well. */
  static Figures run(String id, int accounts, double timeScale, double throttle, double serverError, double dropAfter,
                     double dropBefore, int killAfter) {
    Workload w = Workload.fault(id, accounts, timeScale, Workload.Faults.NONE, 0, 0);
    try (BenchSandbox bs = new BenchSandbox(w)) {
      bs.sandbox().faults().throttleRate(throttle).serverErrorRate(serverError).dropResponseRate(dropAfter)
          .dropConnectionRate(dropBefore);
      Target target = bs.target(Contender.OURS);
      List<SubmittedRequest> journal = new CopyOnWriteArrayList<>();
      List<ProvisioningOutcome> outcomes = new CopyOnWriteArrayList<>();
      try (SsoAdminClient client = BenchClients.withoutRetries(target, new ContenderRun())) {
        ProvisioningRequest request = request(target);
        if (killAfter > 0) {
          // the first run: abandoned once killAfter requests were accepted; its calls in the air still land
          PermissionSetProvisioner first = provisioner(client, target);
          ProvisioningExecution killed = first.start(request, r -> {
            journal.add(r);
          });
          long until = System.nanoTime() + target.deadline().toNanos();
          while (journal.size() < killAfter && System.nanoTime() < until && !killed.outcome().isDone()) {
            Thread.onSpinWait();
          }
          killed.stop();
        }
        // the (re)run, by a provisioner that knows nothing of the first one
        outcomes.add(provisioner(client, target).start(request, journal::add).awaitOutcome());
      }
      return figures(id, bs.records(), journal, outcomes, w.requests(),
          bs.metricsSinceSetup().values().stream().mapToLong(c -> c.dropped()).sum());
    }
  }

  private static PermissionSetProvisioner provisioner(SsoAdminClient client, Target target) {
    return PermissionSetProvisioner.builder().client(client)
        .requestBudget(RequestBudget.of(RequestBudget.DEFAULT_REQUESTS_PER_SECOND * target.timeScale())).build();
  }

  private static ProvisioningRequest request(Target target) {
    return ProvisioningRequest.builder().instanceArn(target.instanceArn())
        .permissionSetArns(target.permissionSetArns()).accountIds(target.accountIds())
        .waitOptions(OursReporting.scaledOptions(target))
        .conflictBaseDelay(target.scaled(ProvisioningRequest.DEFAULT_CONFLICT_BASE_DELAY))
        .conflictMaxDelay(target.scaled(ProvisioningRequest.DEFAULT_CONFLICT_MAX_DELAY))
        .build();
  }

  private static Figures figures(String id, List<ProvisioningRecord> records, List<SubmittedRequest> journal,
                                 List<ProvisioningOutcome> outcomes, int targets, long dropped) {
    Set<String> named = new HashSet<>();
    journal.forEach(r -> named.add(r.requestId()));
    outcomes.forEach(o -> o.accepted().forEach(a -> named.add(a.request().requestId())));
    Map<String, ProvisioningRecord> byId = new HashMap<>();
    Map<String, Integer> perTarget = new HashMap<>();
    int lost = 0;
    for (ProvisioningRecord r : records) {
      byId.put(r.requestId(), r);
      perTarget.merge(r.permissionSetArn() + "/" + r.accountId(), 1, Integer::sum);
      if (!named.contains(r.requestId())) {
        lost++;
      }
    }
    int duplicated = (int) perTarget.values().stream().filter(n -> n > 1).count();
    int falseSuccess = 0;
    int adopted = 0;
    for (ProvisioningOutcome o : outcomes) {
      for (ProvisioningOutcome.AcceptedRequest a : o.accepted()) {
        ProvisioningRecord r = byId.get(a.request().requestId());
        if (a.status() == ProvisioningOutcome.LastStatus.SUCCEEDED && (r == null || !"SUCCEEDED".equals(r.status()))) {
          falseSuccess++;
        }
        if (a.request().adopted()) {
          adopted++;
        }
      }
    }
    return new Figures(id, targets, records.size(), lost, duplicated, falseSuccess, adopted,
        outcomes.stream().map(ProvisioningOutcome::reason).toList(), dropped,
        outcomes.stream().flatMap(o -> o.error().stream()).map(e -> String.valueOf(e.getMessage()))
            .map(m -> m.length() > 300 ? m.substring(0, 300) : m).toList());
  }
}
