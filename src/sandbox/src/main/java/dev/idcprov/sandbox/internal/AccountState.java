package dev.idcprov.sandbox.internal;

import dev.idcprov.sandbox.SandboxSeed;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * One account of the organization as it is now: seeded from {@link SandboxSeed.Account}, then changed by the control
 * API (status, membership, the customer managed policies that exist in it, its IAM quota of managed policies per
 * role). Guarded by the state's lock.
 */
final class AccountState {
  /** IAM's default quota of managed policies attached to one role (adjustable in IAM up to 20). */
  static final int DEFAULT_MANAGED_POLICIES_PER_ROLE = 10;

  final String id;
  final String name;
  /** {@code ACTIVE}, {@code SUSPENDED} or {@code PENDING_CLOSURE}, the statuses of AWS Organizations. */
  String status;
  /** false once removed from the organization. */
  boolean member = true;
  final Set<SandboxSeed.Policy> policies = new LinkedHashSet<>();
  int managedPoliciesPerRole = DEFAULT_MANAGED_POLICIES_PER_ROLE;

  AccountState(SandboxSeed.Account seeded) {
    this.id = seeded.id();
    this.name = seeded.name();
    this.status = seeded.status();
    this.policies.addAll(seeded.customerManagedPolicies());
  }

  boolean hasPolicy(String policyName, String path) {
    return policies.contains(new SandboxSeed.Policy(policyName, path));
  }
}
