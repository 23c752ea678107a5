package dev.idcprov.sandbox.internal;

import dev.idcprov.sandbox.ProvisioningRecord;
import dev.idcprov.sandbox.SandboxFaults;
import java.util.List;
import java.util.Optional;

/** The SSO Admin operations and state (skeleton). */
public final class SsoAdminService {
  SsoAdminService(SandboxConfig config, SandboxFaults faults) {}

  /** @return provisioning records */
  public List<ProvisioningRecord> provisioningRecords() {
    return List.of();
  }

  /**
   * @param requestId id
   * @return record
   */
  public Optional<ProvisioningRecord> provisioningRecord(String requestId) {
    return Optional.empty();
  }
}
