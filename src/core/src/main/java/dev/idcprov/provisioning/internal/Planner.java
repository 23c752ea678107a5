package dev.idcprov.provisioning.internal;

import dev.idcprov.provisioning.PlannedTarget;
import dev.idcprov.provisioning.ProvisioningPlan;
import dev.idcprov.provisioning.ProvisioningRequest;
import dev.idcprov.waiter.internal.ApiCaller;
import dev.idcprov.waiter.internal.Paginator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;
import software.amazon.awssdk.services.ssoadmin.model.ListAccountsForProvisionedPermissionSetRequest;
import software.amazon.awssdk.services.ssoadmin.model.ListAccountsForProvisionedPermissionSetResponse;
import software.amazon.awssdk.services.ssoadmin.model.ProvisioningStatus;

/**
 * Decides the targets of a provisioning run with read-only {@code ListAccountsForProvisionedPermissionSet} calls,
 * filtered by status: the outdated accounts ({@code LATEST_PERMISSION_SET_NOT_PROVISIONED}) and the up-to-date ones
 * ({@code LATEST_PERMISSION_SET_PROVISIONED}); together they are every account a set is provisioned to.
 *
 * <p>List answers are eventually consistent: one may show the state of up to
 * {@link dev.idcprov.waiter.WaitOptions#listStaleness()} ago, so right after another tool's provisioning
 * SUCCEEDED the filtered list can still show its accounts as outdated. An account is therefore planned as
 * {@link PlannedTarget.Reason#OUTDATED} only when a confirmation read, started once {@code listStaleness} has passed
 * since the set's first read began (on the run's timer), still lists it: that answer cannot show a state older
 * than the start of planning, so every change finished before the run is in it. The confirmation decides (an
 * account it lists that the first read did not is outdated as of a state no older than the start of planning,
 * so it is planned too). No confirmation when {@code listStaleness} is zero, with {@code force} (every target is
 * planned anyway), or when the first read lists no target.
 *
 * <p>When a confirmation is made, the read of the up-to-date accounts is sent after the wait too, so that it also
 * shows a state no older than the start of planning. It decides which targets never had the set, and whether no
 * account the set is provisioned to is up to date: then (unless
 * {@link ProvisioningRequest#collapseToAllProvisionedAccounts()} is off, or {@code force}) the outdated targets
 * become one {@link PlannedTarget.Reason#ALL_OUTDATED} target, by the rule of
 * {@link ProvisioningPlan#collapses(boolean, boolean, boolean, boolean)}. The collapse is never decided from an
 * answer that may be older than the start of planning, so an account provisioned and up to date before the run
 * cannot be missing from it and be re-provisioned by the collapsed request.
 *
 * <p>Cost. With explicit accounts: the outdated accounts listed in full (every target must be found), again for
 * the confirmation, and the up-to-date ones once (one page when there are none). With
 * {@code allProvisionedAccounts()}: one page of the outdated accounts first (whether any is outdated); when one is,
 * after {@code listStaleness} the up-to-date accounts, and then, if none is up to date and the collapse is allowed,
 * one page of the outdated accounts (that some still are): the {@code ALL_PROVISIONED_ACCOUNTS} request stands for
 * every account the set is provisioned to, and they are not listed ({@link ProvisioningPlan#coveredBy(String)} is
 * empty); otherwise every page of the outdated accounts, each one target. An update of a set provisioned to 1,000
 * accounts, all outdated, costs 3 reads instead of 30.
 */
public final class Planner {
  /** {@code ListAccountsForProvisionedPermissionSet}. */
  public static final String LIST_ACCOUNTS = "ListAccountsForProvisionedPermissionSet";
  /** Page size of the account lists (the API's maximum). */
  static final int PAGE_SIZE = 100;

  private final SsoAdminClient client;
  private final ApiCaller api;
  private final ScheduledExecutorService timer;

  /**
   * @param client the client
   * @param api    the call boundary (its budget and deadline bound the confirmation reads too)
   * @param timer  the context's timer, on which the confirmation read waits out {@code listStaleness}
   */
  public Planner(SsoAdminClient client, ApiCaller api, ScheduledExecutorService timer) {
    this.client = client;
    this.api = api;
    this.timer = timer;
  }

  /**
   * Plans every permission set at once (their reads share the rate budget, and their {@code listStaleness} waits
   * run side by side instead of one after the other); the plan lists the sets in the request's order.
   *
   * @param request what to provision
   * @return the plan
   */
  public CompletableFuture<ProvisioningPlan> plan(ProvisioningRequest request) {
    List<String> sets = request.permissionSetArns();
    List<List<PlannedTarget>> targetsPerSet = new ArrayList<>();
    List<Map<String, List<String>>> upToDatePerSet = new ArrayList<>();
    List<Map<String, List<String>>> coveredPerSet = new ArrayList<>();
    CompletableFuture<?>[] each = new CompletableFuture<?>[sets.size()];
    for (int i = 0; i < sets.size(); i++) {
      targetsPerSet.add(new ArrayList<>());
      upToDatePerSet.add(new LinkedHashMap<>());
      coveredPerSet.add(new LinkedHashMap<>());
      each[i] = planOne(request, sets.get(i), targetsPerSet.get(i), upToDatePerSet.get(i), coveredPerSet.get(i));
    }
    return CompletableFuture.allOf(each).thenApply(v -> {
      List<PlannedTarget> targets = new ArrayList<>();
      Map<String, List<String>> upToDate = new LinkedHashMap<>();
      Map<String, List<String>> covered = new LinkedHashMap<>();
      for (int i = 0; i < sets.size(); i++) {
        synchronized (targetsPerSet.get(i)) {
          targets.addAll(targetsPerSet.get(i));
          upToDate.putAll(upToDatePerSet.get(i));
          covered.putAll(coveredPerSet.get(i));
        }
      }
      return new ProvisioningPlan(request.instanceArn(), targets, upToDate, covered);
    });
  }

  private CompletableFuture<Void> planOne(ProvisioningRequest request, String ps, List<PlannedTarget> targets,
                                          Map<String, List<String>> upToDate, Map<String, List<String>> covered) {
    if (request.allProvisionedAccounts() && request.force()) {
      // one ALL_PROVISIONED_ACCOUNTS request covers every account; nothing to read
      synchronized (targets) {
        targets.add(new PlannedTarget(ps, null, PlannedTarget.Reason.ALL_PROVISIONED_ACCOUNTS));
        upToDate.put(ps, List.of());
      }
      return CompletableFuture.completedFuture(null);
    }
    String instance = request.instanceArn();
    Duration staleness = request.waitOptions().listStaleness();
    if (request.allProvisionedAccounts()) {
      if (staleness.isZero()) {
        return planAll(request, ps, targets, upToDate, covered);
      }
      // counted from before the first read is sent: its answer shows a state no older than this minus listStaleness
      CompletableFuture<Void> confirmable = after(staleness);
      // one page says whether any account is outdated; which ones is read (or not) after listStaleness
      return listAccounts(instance, ps, ProvisioningStatus.LATEST_PERMISSION_SET_NOT_PROVISIONED, 1)
          .thenCompose(firstPage -> {
            if (firstPage.isEmpty()) {
              confirmable.cancel(false);
              return listAccounts(instance, ps, ProvisioningStatus.LATEST_PERMISSION_SET_PROVISIONED)
                  .thenAccept(latest -> decide(request, ps, Set.of(), latest, false, targets, upToDate, covered));
            }
            return confirmable.thenCompose(v -> planAll(request, ps, targets, upToDate, covered));
          });
    }
    // counted from before the first read is sent: its answer shows a state no older than this minus listStaleness
    CompletableFuture<Void> confirmable = staleness.isZero() ? CompletableFuture.completedFuture(null)
        : after(staleness);
    return listAccounts(instance, ps, ProvisioningStatus.LATEST_PERMISSION_SET_NOT_PROVISIONED)
        .thenCompose(firstRead -> {
          if (!needsConfirmation(request, firstRead)) {
            confirmable.cancel(false);
            return listAccounts(instance, ps, ProvisioningStatus.LATEST_PERMISSION_SET_PROVISIONED)
                .thenAccept(latest -> decide(request, ps, firstRead, latest, false, targets, upToDate, covered));
          }
          // both the confirmation and the read of the up-to-date accounts start once listStaleness has passed: the
          // latter decides NOT_PROVISIONED and whether no provisioned account is up to date (the collapse into one
          // ALL_PROVISIONED_ACCOUNTS request), and neither may rest on a state older than the start of planning
          return confirmable
              .thenCompose(v -> listAccounts(instance, ps, ProvisioningStatus.LATEST_PERMISSION_SET_NOT_PROVISIONED))
              .thenCompose(outdated -> listAccounts(instance, ps, ProvisioningStatus.LATEST_PERMISSION_SET_PROVISIONED)
                  .thenAccept(latest -> decide(request, ps, outdated, latest, false, targets, upToDate, covered)));
        });
  }

  /**
   * The reads deciding a set of {@code allProvisionedAccounts()}, sent once listStaleness has passed since planning
   * began (or at once when it is zero): its up-to-date accounts, then its outdated ones. When none is up to date and
   * the collapse is allowed, one page of the outdated accounts is enough: one {@code ALL_PROVISIONED_ACCOUNTS}
   * request stands for all of them, and they are not listed.
   */
  private CompletableFuture<Void> planAll(ProvisioningRequest request, String ps, List<PlannedTarget> targets,
                                          Map<String, List<String>> upToDate, Map<String, List<String>> covered) {
    String instance = request.instanceArn();
    return listAccounts(instance, ps, ProvisioningStatus.LATEST_PERMISSION_SET_PROVISIONED).thenCompose(latest -> {
      boolean unlisted = ProvisioningPlan.collapses(allowed(request), true, true, !latest.isEmpty());
      return listAccounts(instance, ps, ProvisioningStatus.LATEST_PERMISSION_SET_NOT_PROVISIONED,
          unlisted ? 1 : Paginator.NO_CAP)
          .thenAccept(outdated -> decide(request, ps, outdated, latest, unlisted, targets, upToDate, covered));
    });
  }

  /** Whether the request allows an {@code ALL_PROVISIONED_ACCOUNTS} request it did not ask for. */
  private static boolean allowed(ProvisioningRequest request) {
    return request.collapseToAllProvisionedAccounts() && !request.force();
  }

  /**
   * The targets of one set, from its outdated accounts and its up-to-date ones (together, every account it is
   * provisioned to).
   *
   * @param unlisted the set is of {@code allProvisionedAccounts()}, none of its accounts is up to date and
   *                 {@code outdated} is only a first page: collapsed without listing its accounts when not empty
   */
  private static void decide(ProvisioningRequest request, String ps, Set<String> outdated, Set<String> latest,
                             boolean unlisted, List<PlannedTarget> targets, Map<String, List<String>> upToDate,
                             Map<String, List<String>> covered) {
    if (unlisted) {
      synchronized (targets) {
        if (!outdated.isEmpty()) {
          targets.add(new PlannedTarget(ps, null, PlannedTarget.Reason.ALL_OUTDATED));
        }
        upToDate.put(ps, List.of());
      }
      return;
    }
    List<PlannedTarget> mine = new ArrayList<>();
    List<String> current = new ArrayList<>();
    List<String> outdatedTargets = new ArrayList<>();
    if (request.allProvisionedAccounts()) {
      for (String a : outdated) {
        mine.add(new PlannedTarget(ps, a, PlannedTarget.Reason.OUTDATED));
        outdatedTargets.add(a);
      }
      for (String a : latest) {
        if (!outdated.contains(a)) {
          current.add(a);
        }
      }
    } else {
      for (String a : request.accountIds()) {
        if (outdated.contains(a)) {
          mine.add(new PlannedTarget(ps, a, PlannedTarget.Reason.OUTDATED));
          outdatedTargets.add(a);
        } else if (!latest.contains(a)) {
          mine.add(new PlannedTarget(ps, a, PlannedTarget.Reason.NOT_PROVISIONED));
        } else if (request.force()) {
          mine.add(new PlannedTarget(ps, a, PlannedTarget.Reason.FORCED));
        } else {
          current.add(a);
        }
      }
    }
    boolean collapse = ProvisioningPlan.collapses(allowed(request), !outdatedTargets.isEmpty(),
        outdatedTargets.containsAll(outdated), !latest.isEmpty());
    if (collapse) {
      List<PlannedTarget> one = new ArrayList<>();
      boolean placed = false;
      for (PlannedTarget t : mine) {
        if (t.reason() != PlannedTarget.Reason.OUTDATED) {
          one.add(t);
        } else if (!placed) {
          one.add(new PlannedTarget(ps, null, PlannedTarget.Reason.ALL_OUTDATED));
          placed = true;
        }
      }
      mine = one;
    }
    synchronized (targets) {
      targets.addAll(mine);
      upToDate.put(ps, current);
      if (collapse) {
        covered.put(ps, outdatedTargets);
      }
    }
  }

  /**
   * Whether {@code firstRead} must be confirmed by a read started after listStaleness: when it lists an account
   * that matters, unless {@code force} or {@code listStaleness} is zero.
   */
  private static boolean needsConfirmation(ProvisioningRequest request, Set<String> firstRead) {
    boolean relevant = request.allProvisionedAccounts()
        ? !firstRead.isEmpty() : request.accountIds().stream().anyMatch(firstRead::contains);
    return relevant && !request.force() && !request.waitOptions().listStaleness().isZero();
  }

  /** A future completed by the timer after {@code delay}. */
  private CompletableFuture<Void> after(Duration delay) {
    CompletableFuture<Void> f = new CompletableFuture<>();
    try {
      var task = timer.schedule(() -> f.complete(null), delay.toNanos(), TimeUnit.NANOSECONDS);
      f.whenComplete((v, e) -> task.cancel(false));
    } catch (RejectedExecutionException e) {
      f.completeExceptionally(e);
    }
    return f;
  }

  /**
   * Every page of the accounts a permission set is provisioned to, optionally filtered by status.
   *
   * @param instanceArn the instance
   * @param ps          the permission set
   * @param status      the filter, or null for every provisioned account
   * @return the accounts, in the order listed
   */
  public CompletableFuture<Set<String>> listAccounts(String instanceArn, String ps, ProvisioningStatus status) {
    return listAccounts(instanceArn, ps, status, Paginator.NO_CAP);
  }

  /**
   * Up to {@code maxPages} pages of the accounts a permission set is provisioned to, optionally filtered by status.
   *
   * @param instanceArn the instance
   * @param ps          the permission set
   * @param status      the filter, or null for every provisioned account
   * @param maxPages    the pages to read at most ({@link Paginator#NO_CAP} for every page)
   * @return the accounts, in the order listed
   */
  public CompletableFuture<Set<String>> listAccounts(String instanceArn, String ps, ProvisioningStatus status,
                                                     int maxPages) {
    Set<String> accounts = new LinkedHashSet<>();
    Paginator<ListAccountsForProvisionedPermissionSetResponse> pages = new Paginator<>(api, LIST_ACCOUNTS,
        "permission set " + ps, token -> {
          ListAccountsForProvisionedPermissionSetRequest.Builder b = ListAccountsForProvisionedPermissionSetRequest
              .builder().instanceArn(instanceArn).permissionSetArn(ps).maxResults(PAGE_SIZE).nextToken(token);
          if (status != null) {
            b.provisioningStatus(status);
          }
          return client.listAccountsForProvisionedPermissionSet(b.build());
        }, ListAccountsForProvisionedPermissionSetResponse::nextToken);
    return pages.read(maxPages, page -> {
      if (page.hasAccountIds()) {
        accounts.addAll(page.accountIds());
      }
    }).thenApply(read -> accounts);
  }
}
