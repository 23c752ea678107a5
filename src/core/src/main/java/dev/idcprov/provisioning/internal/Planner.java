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
 * shows a state no older than the start of planning. It decides which targets never had the set, and whether some
 * account the set is provisioned to is up to date (any it lists, targeted or not, even one the outdated read lists
 * too: {@link ProvisioningPlan#anyUpToDate(String)}). When none is, every outdated account is targeted and the
 * collapse is allowed (not {@link ProvisioningRequest#collapseToAllProvisionedAccounts()} off, not {@code force}),
 * the outdated targets become one {@link PlannedTarget.Reason#ALL_OUTDATED} target, by the rule of
 * {@link ProvisioningPlan#collapses(boolean, boolean, boolean, boolean)}. The collapse is never decided from an
 * answer that may be older than the start of planning, so an account provisioned and up to date before the run
 * cannot be missing from it and be re-provisioned by the collapsed request.
 *
 * <p>With explicit accounts the two filtered reads are not one snapshot: an account not targeted, up to date when
 * the outdated accounts are read and outdated when the up-to-date ones are, is in neither list. So a collapse the
 * rule allows is decided by one more read after them, unfiltered (every account the set is provisioned to, whatever
 * its status): kept only when the accounts it lists are exactly the outdated targets. With
 * {@code allProvisionedAccounts()} every account is a target, so there is no such read.
 *
 * <p>A filtered list may answer an empty page with a NextToken (AWS may filter after paging): where one page would
 * do (whether any account is outdated), pages are read until the first non-empty one or the last.
 *
 * <p>Cost. With explicit accounts: the outdated accounts listed in full (every target must be found), again for
 * the confirmation, the up-to-date ones once (one page when there are none) and, when the rule allows a collapse,
 * every account the set is provisioned to. With {@code allProvisionedAccounts()}: the first non-empty page of the
 * outdated accounts (whether any is outdated); when one is, after {@code listStaleness} the up-to-date accounts,
 * and then, if none is up to date and the collapse is allowed, the first non-empty page of the outdated accounts
 * (that some still are): the {@code ALL_PROVISIONED_ACCOUNTS} request stands for every account the set is
 * provisioned to, and they are not listed ({@link ProvisioningPlan#coveredBy(String)} is empty); otherwise every
 * page of the outdated accounts, each one target. An update of a set provisioned to 1,000 accounts, all outdated,
 * costs 3 reads instead of 30 (pages never empty).
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
    List<SetPlan> perSet = new ArrayList<>();
    CompletableFuture<?>[] each = new CompletableFuture<?>[sets.size()];
    for (int i = 0; i < sets.size(); i++) {
      perSet.add(new SetPlan());
      each[i] = planOne(request, sets.get(i), perSet.get(i));
    }
    return CompletableFuture.allOf(each).thenApply(v -> {
      List<PlannedTarget> targets = new ArrayList<>();
      Map<String, List<String>> upToDate = new LinkedHashMap<>();
      Map<String, List<String>> covered = new LinkedHashMap<>();
      Set<String> listedUpToDate = new LinkedHashSet<>();
      for (int i = 0; i < sets.size(); i++) {
        SetPlan one = perSet.get(i);
        synchronized (one) {
          targets.addAll(one.targets);
          upToDate.put(sets.get(i), one.upToDate);
          if (one.covered != null) {
            covered.put(sets.get(i), one.covered);
          }
          if (one.anyListedUpToDate) {
            listedUpToDate.add(sets.get(i));
          }
        }
      }
      return new ProvisioningPlan(request.instanceArn(), targets, upToDate, covered, listedUpToDate);
    });
  }

  /** What planning decided for one permission set (written once, under its own lock). */
  private static final class SetPlan {
    private final List<PlannedTarget> targets = new ArrayList<>();
    private List<String> upToDate = List.of();
    /** The accounts its ALL_OUTDATED target stands for, when listed; else null. */
    private List<String> covered;
    /** The read of its up-to-date accounts listed one (targeted or not). */
    private boolean anyListedUpToDate;
  }

  private CompletableFuture<Void> planOne(ProvisioningRequest request, String ps, SetPlan out) {
    if (request.allProvisionedAccounts() && request.force()) {
      // one ALL_PROVISIONED_ACCOUNTS request covers every account; nothing to read
      synchronized (out) {
        out.targets.add(new PlannedTarget(ps, null, PlannedTarget.Reason.ALL_PROVISIONED_ACCOUNTS));
      }
      return CompletableFuture.completedFuture(null);
    }
    String instance = request.instanceArn();
    Duration staleness = request.waitOptions().listStaleness();
    if (request.allProvisionedAccounts()) {
      if (staleness.isZero()) {
        return planAll(request, ps, out);
      }
      // counted from before the first read is sent: its answer shows a state no older than this minus listStaleness
      CompletableFuture<Void> confirmable = after(staleness);
      // the first non-empty page (or the last) says whether any account is outdated; which ones is read (or not)
      // after listStaleness. Not just one page: AWS may filter after paging, so an empty page can carry a NextToken
      return firstNonEmpty(instance, ps, ProvisioningStatus.LATEST_PERMISSION_SET_NOT_PROVISIONED)
          .thenCompose(firstPage -> {
            if (firstPage.isEmpty()) {
              confirmable.cancel(false);
              return listAccounts(instance, ps, ProvisioningStatus.LATEST_PERMISSION_SET_PROVISIONED)
                  .thenAccept(latest -> decide(request, ps, Set.of(), latest, false, false, out));
            }
            return confirmable.thenCompose(v -> planAll(request, ps, out));
          });
    }
    // counted from before the first read is sent: its answer shows a state no older than this minus listStaleness
    CompletableFuture<Void> confirmable = staleness.isZero() ? CompletableFuture.completedFuture(null)
        : after(staleness);
    return listAccounts(instance, ps, ProvisioningStatus.LATEST_PERMISSION_SET_NOT_PROVISIONED)
        .thenCompose(firstRead -> {
          if (!needsConfirmation(request, firstRead)) {
            confirmable.cancel(false);
            return decideTargeted(request, ps, firstRead, out);
          }
          // the confirmation, the read of the up-to-date accounts and (for a collapse) the unfiltered read start once
          // listStaleness has passed: none of them may rest on a state older than the start of planning
          return confirmable
              .thenCompose(v -> listAccounts(instance, ps, ProvisioningStatus.LATEST_PERMISSION_SET_NOT_PROVISIONED))
              .thenCompose(outdated -> decideTargeted(request, ps, outdated, out));
        });
  }

  /**
   * The reads deciding a set of explicit accounts once its outdated accounts are read (confirmed, or not needing
   * it): its up-to-date accounts, which decide NOT_PROVISIONED and may forbid the collapse; then, only when the rule
   * says collapse, every account the set is provisioned to (unfiltered), which decides it. The two filtered reads
   * are not one snapshot: an account not targeted, up to date at the first and outdated at the second, is in
   * neither list, and an {@code ALL_PROVISIONED_ACCOUNTS} request would provision it though the caller did not
   * target it (a canary rollout). The unfiltered read lists it whatever its status, so the collapse is kept only when
   * the accounts it lists are exactly the outdated targets: each in the confirmed outdated list and targeted.
   */
  private CompletableFuture<Void> decideTargeted(ProvisioningRequest request, String ps, Set<String> outdated,
                                                 SetPlan out) {
    String instance = request.instanceArn();
    return listAccounts(instance, ps, ProvisioningStatus.LATEST_PERMISSION_SET_PROVISIONED).thenCompose(latest -> {
      List<String> outdatedTargets = request.accountIds().stream().filter(outdated::contains).toList();
      if (!ProvisioningPlan.collapses(allowed(request), !outdatedTargets.isEmpty(),
          outdatedTargets.containsAll(outdated), !latest.isEmpty())) {
        decide(request, ps, outdated, latest, false, false, out);
        return CompletableFuture.completedFuture(null);
      }
      return listAccounts(instance, ps, null).thenAccept(provisioned -> {
        boolean exactly = provisioned.size() == outdatedTargets.size() && provisioned.containsAll(outdatedTargets);
        decide(request, ps, outdated, latest, false, !exactly, out);
      });
    });
  }

  /**
   * The reads deciding a set of {@code allProvisionedAccounts()}, sent once listStaleness has passed since planning
   * began (or at once when it is zero): its up-to-date accounts, then its outdated ones. When none is up to date and
   * the collapse is allowed, the first non-empty page of the outdated accounts is enough: one
   * {@code ALL_PROVISIONED_ACCOUNTS} request stands for all of them, and they are not listed.
   */
  private CompletableFuture<Void> planAll(ProvisioningRequest request, String ps, SetPlan out) {
    String instance = request.instanceArn();
    return listAccounts(instance, ps, ProvisioningStatus.LATEST_PERMISSION_SET_PROVISIONED).thenCompose(latest -> {
      boolean unlisted = ProvisioningPlan.collapses(allowed(request), true, true, !latest.isEmpty());
      return (unlisted ? firstNonEmpty(instance, ps, ProvisioningStatus.LATEST_PERMISSION_SET_NOT_PROVISIONED)
          : listAccounts(instance, ps, ProvisioningStatus.LATEST_PERMISSION_SET_NOT_PROVISIONED))
          .thenAccept(outdated -> decide(request, ps, outdated, latest, unlisted, false, out));
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
   * @param latest   every account the read of the up-to-date accounts listed (targeted or not): when it lists any,
   *                 even one {@code outdated} lists too, no collapse (the input of
   *                 {@link ProvisioningPlan#collapses(boolean, boolean, boolean, boolean)}, as in the CLI)
   * @param unlisted the set is of {@code allProvisionedAccounts()}, none of its accounts is up to date and
   *                 {@code outdated} is only its first non-empty page: collapsed without listing its accounts when not
   *                 empty
   * @param vetoed   the unfiltered read of a set of explicit accounts listed an account other than the outdated
   *                 targets (or missed one of them): no collapse
   */
  private static void decide(ProvisioningRequest request, String ps, Set<String> outdated, Set<String> latest,
                             boolean unlisted, boolean vetoed, SetPlan out) {
    if (unlisted) {
      synchronized (out) {
        if (!outdated.isEmpty()) {
          out.targets.add(new PlannedTarget(ps, null, PlannedTarget.Reason.ALL_OUTDATED));
        }
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
    boolean collapse = !vetoed && ProvisioningPlan.collapses(allowed(request), !outdatedTargets.isEmpty(),
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
    synchronized (out) {
      out.targets.addAll(mine);
      out.upToDate = List.copyOf(current);
      out.anyListedUpToDate = !latest.isEmpty();
      if (collapse) {
        out.covered = List.copyOf(outdatedTargets);
      }
    }
  }

  /**
   * Whether the first read of a set of explicit accounts must be confirmed by a read started after listStaleness:
   * when it lists a targeted account, unless {@code force} or {@code listStaleness} is zero.
   */
  private static boolean needsConfirmation(ProvisioningRequest request, Set<String> firstRead) {
    return request.accountIds().stream().anyMatch(firstRead::contains) && !request.force()
        && !request.waitOptions().listStaleness().isZero();
  }

  /**
   * The accounts of the first non-empty page of a filtered list, reading on while pages come back empty with a
   * NextToken (AWS may filter after paging), or none when the last page is reached first. When pages are never empty
   * it costs one read.
   */
  private CompletableFuture<Set<String>> firstNonEmpty(String instanceArn, String ps, ProvisioningStatus status) {
    Set<String> accounts = new LinkedHashSet<>();
    return pages(instanceArn, ps, status).readUntil(page -> !accounts.isEmpty(), page -> {
      if (page.hasAccountIds()) {
        accounts.addAll(page.accountIds());
      }
    }).thenApply(pages -> accounts);
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
    return pages(instanceArn, ps, status).read(maxPages, page -> {
      if (page.hasAccountIds()) {
        accounts.addAll(page.accountIds());
      }
    }).thenApply(read -> accounts);
  }

  /** The pages of a set's accounts (filtered by {@code status} unless null). */
  private Paginator<ListAccountsForProvisionedPermissionSetResponse> pages(String instanceArn, String ps,
                                                                          ProvisioningStatus status) {
    return new Paginator<>(api, LIST_ACCOUNTS, "permission set " + ps, token -> {
      ListAccountsForProvisionedPermissionSetRequest.Builder b = ListAccountsForProvisionedPermissionSetRequest
          .builder().instanceArn(instanceArn).permissionSetArn(ps).maxResults(PAGE_SIZE)
          .nextToken(token);
      if (status != null) {
        b.provisioningStatus(status);
      }
      return client.listAccountsForProvisionedPermissionSet(b.build());
    }, ListAccountsForProvisionedPermissionSetResponse::nextToken);
  }
}
