package dev.idcprov.pulumi;

import com.pulumi.core.annotations.Export;
import com.pulumi.core.annotations.Import;
import com.pulumi.resources.ResourceArgs;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One {@code ProvisionPermissionSet} call the component planned, as exported in
 * {@link PermissionSetProvisioning#plannedTargets()}: in preview, a call that would be made; in an update, a call
 * that was made. Schema type {@code idcprov:index:PlanEntry}.
 *
 * <p>It extends {@link ResourceArgs} only because that is how the Pulumi Java SDK (1.36.1) serializes an object
 * value of an output; it is not an input of anything.
 * Each field carries both {@code @Import} (read by the SDK's in-process serializer of {@link ResourceArgs}) and
 * {@code @Export} (read by the provider's serializer of a component's state, which takes an object only by its
 * {@code @Export} fields: without them a Construct through the idcprov package fails with "Unsupported type for
 * serialization").
 */
public final class PlanEntry extends ResourceArgs {
  /** The permission set ARN. */
  @Import(name = "permissionSetArn")
  @Export(name = "permissionSetArn")
  private String permissionSetArn;

  /** The 12-digit account, or {@code ALL_PROVISIONED_ACCOUNTS} for such a request. */
  @Import(name = "accountId")
  @Export(name = "accountId")
  private String accountId;

  /**
   * Why it is provisioned: {@code NOT_PROVISIONED}, {@code OUTDATED}, {@code FORCED} or
   * {@code ALL_PROVISIONED_ACCOUNTS}.
   */
  @Import(name = "reason")
  @Export(name = "reason")
  private String reason;

  /** For Pulumi's deserializer. */
  private PlanEntry() {
  }

  /**
   * @param permissionSetArn the permission set
   * @param accountId        the account, or {@code ALL_PROVISIONED_ACCOUNTS}
   * @param reason           why it is provisioned
   * @throws NullPointerException if any is null
   */
  public PlanEntry(String permissionSetArn, String accountId, String reason) {
    this.permissionSetArn = Objects.requireNonNull(permissionSetArn, "permissionSetArn");
    this.accountId = Objects.requireNonNull(accountId, "accountId");
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** @return the permission set ARN */
  public String permissionSetArn() {
    return permissionSetArn;
  }

  /** @return the account, or {@code ALL_PROVISIONED_ACCOUNTS} */
  public String accountId() {
    return accountId;
  }

  /** @return why it is provisioned */
  public String reason() {
    return reason;
  }

  /** @return the fields by their schema names */
  public Map<String, String> toMap() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("permissionSetArn", permissionSetArn);
    m.put("accountId", accountId);
    m.put("reason", reason);
    return m;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PlanEntry p && toMap().equals(p.toMap());
  }

  @Override
  public int hashCode() {
    return toMap().hashCode();
  }

  @Override
  public String toString() {
    return "PlanEntry" + toMap();
  }
}
