package dev.idcprov.provisioning.internal;

import dev.idcprov.provisioning.PlannedTarget;
import dev.idcprov.provisioning.ProvisioningPlan;
import dev.idcprov.provisioning.ProvisioningRequest;
import dev.idcprov.waiter.internal.ApiCaller;
import dev.idcprov.waiter.internal.Paginator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;
import software.amazon.awssdk.services.ssoadmin.model.ListAccountsForProvisionedPermissionSetRequest;
import software.amazon.awssdk.services.ssoadmin.model.ListAccountsForProvisionedPermissionSetResponse;
import software.amazon.awssdk.services.ssoadmin.model.ProvisioningStatus;

/** Decides the targets of a provisioning run with read-only {@code ListAccountsForProvisionedPermissionSet} calls. */
public final class Planner {
  /** {@code ListAccountsForProvisionedPermissionSet}. */
  public static final String LIST_ACCOUNTS = "ListAccountsForProvisionedPermissionSet";
  /** Page size of the account lists (the API's maximum). */
  static final int PAGE_SIZE = 100;

  private final SsoAdminClient client;
  private final ApiCaller api;

  /**
   * @param client the client
   * @param api    the call boundary
   */
  public Planner(SsoAdminClient client, ApiCaller api) {
    this.client = client;
    this.api = api;
  }

  /**
   * Plans, one permission set after the other.
   *
   * @param request what to provision
   * @return the plan
   */
  public CompletableFuture<ProvisioningPlan> plan(ProvisioningRequest request) {
    List<PlannedTarget> targets = new ArrayList<>();
    Map<String, List<String>> upToDate = new LinkedHashMap<>();
    CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
    for (String ps : request.permissionSetArns()) {
      chain = chain.thenCompose(v -> planOne(request, ps, targets, upToDate));
    }
    return chain.thenApply(v -> new ProvisioningPlan(request.instanceArn(), targets, upToDate));
  }

  private CompletableFuture<Void> planOne(ProvisioningRequest request, String ps, List<PlannedTarget> targets,
                                          Map<String, List<String>> upToDate) {
    if (request.allProvisionedAccounts() && request.force()) {
      // one ALL_PROVISIONED_ACCOUNTS request covers every account; nothing to read
      synchronized (targets) {
        targets.add(new PlannedTarget(ps, null, PlannedTarget.Reason.ALL_PROVISIONED_ACCOUNTS));
        upToDate.put(ps, List.of());
      }
      return CompletableFuture.completedFuture(null);
    }
    return listAccounts(request.instanceArn(), ps, ProvisioningStatus.LATEST_PERMISSION_SET_NOT_PROVISIONED)
        .thenCompose(outdated -> listAccounts(request.instanceArn(), ps, null).thenAccept(provisioned -> {
          List<PlannedTarget> mine = new ArrayList<>();
          List<String> current = new ArrayList<>();
          if (request.allProvisionedAccounts()) {
            for (String a : outdated) {
              mine.add(new PlannedTarget(ps, a, PlannedTarget.Reason.OUTDATED));
            }
            for (String a : provisioned) {
              if (!outdated.contains(a)) {
                current.add(a);
              }
            }
          } else {
            for (String a : request.accountIds()) {
              if (outdated.contains(a)) {
                mine.add(new PlannedTarget(ps, a, PlannedTarget.Reason.OUTDATED));
              } else if (!provisioned.contains(a)) {
                mine.add(new PlannedTarget(ps, a, PlannedTarget.Reason.NOT_PROVISIONED));
              } else if (request.force()) {
                mine.add(new PlannedTarget(ps, a, PlannedTarget.Reason.FORCED));
              } else {
                current.add(a);
              }
            }
          }
          synchronized (targets) {
            targets.addAll(mine);
            upToDate.put(ps, current);
          }
        }));
  }

  /** Every page of the accounts a permission set is provisioned to, optionally filtered by status. */
  private CompletableFuture<Set<String>> listAccounts(String instanceArn, String ps, ProvisioningStatus status) {
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
    return pages.read(Paginator.NO_CAP, page -> {
      if (page.hasAccountIds()) {
        accounts.addAll(page.accountIds());
      }
    }).thenApply(read -> accounts);
  }
}
