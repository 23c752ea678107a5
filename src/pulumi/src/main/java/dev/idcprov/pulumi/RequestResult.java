package dev.idcprov.pulumi;

import com.pulumi.core.annotations.Export;
import com.pulumi.core.annotations.Import;
import com.pulumi.resources.ResourceArgs;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One {@code ProvisionPermissionSet} request the component made, as exported in
 * {@link PermissionSetProvisioning#results()}: which permission set went to which account, the RequestId AWS
 * accepted, its final status, and AWS's {@code FailureReason} when it FAILED. Schema type
 * {@code idcprov:index:RequestResult}.
 *
 * <p>It extends {@link ResourceArgs} only because that is how the Pulumi Java SDK (1.36.1) serializes an object
 * value of an output; it is not an input of anything.
 * Each field carries both {@code @Import} (read by the SDK's in-process serializer of {@link ResourceArgs}) and
 * {@code @Export} (read by the provider's serializer of a component's state, which takes an object only by its
 * {@code @Export} fields: without them a Construct through the idcprov package fails with "Unsupported type for
 * serialization").
 */
public final class RequestResult extends ResourceArgs {
  /** The permission set ARN. */
  @Import(name = "permissionSetArn")
  @Export(name = "permissionSetArn")
  private String permissionSetArn;

  /** The 12-digit account, or {@code ALL_PROVISIONED_ACCOUNTS} for such a request. */
  @Import(name = "accountId")
  @Export(name = "accountId")
  private String accountId;

  /** The RequestId AWS returned. */
  @Import(name = "requestId")
  @Export(name = "requestId")
  private String requestId;

  /** {@code SUCCEEDED}, {@code FAILED}, or {@code IN_PROGRESS} when no final status was seen. */
  @Import(name = "status")
  @Export(name = "status")
  private String status;

  /** AWS's FailureReason of a FAILED request; absent otherwise. */
  @Import(name = "failureReason")
  @Export(name = "failureReason")
  private String failureReason;

  /** For Pulumi's deserializer. */
  private RequestResult() {
  }

  /**
   * @param permissionSetArn the permission set
   * @param accountId        the account, or {@code ALL_PROVISIONED_ACCOUNTS}
   * @param requestId        the RequestId
   * @param status           the final status
   * @param failureReason    AWS's reason when FAILED, else null
   * @throws NullPointerException if any but failureReason is null
   */
  public RequestResult(String permissionSetArn, String accountId, String requestId, String status,
                       String failureReason) {
    this.permissionSetArn = Objects.requireNonNull(permissionSetArn, "permissionSetArn");
    this.accountId = Objects.requireNonNull(accountId, "accountId");
    this.requestId = Objects.requireNonNull(requestId, "requestId");
    this.status = Objects.requireNonNull(status, "status");
    this.failureReason = failureReason;
  }

  /** @return the permission set ARN */
  public String permissionSetArn() {
    return permissionSetArn;
  }

  /** @return the account, or {@code ALL_PROVISIONED_ACCOUNTS} */
  public String accountId() {
    return accountId;
  }

  /** @return the RequestId */
  public String requestId() {
    return requestId;
  }

  /** @return {@code SUCCEEDED}, {@code FAILED} or {@code IN_PROGRESS} */
  public String status() {
    return status;
  }

  /** @return AWS's FailureReason when FAILED, else null */
  public String failureReason() {
    return failureReason;
  }

  /** @return the fields by their schema names, failureReason only when set */
  public Map<String, String> toMap() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("permissionSetArn", permissionSetArn);
    m.put("accountId", accountId);
    m.put("requestId", requestId);
    m.put("status", status);
    if (failureReason != null) {
      m.put("failureReason", failureReason);
    }
    return m;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RequestResult r && toMap().equals(r.toMap());
  }

  @Override
  public int hashCode() {
    return toMap().hashCode();
  }

  @Override
  public String toString() {
    return "RequestResult" + toMap();
  }
}
