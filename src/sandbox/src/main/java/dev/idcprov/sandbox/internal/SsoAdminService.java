package dev.idcprov.sandbox.internal;

import com.google.gson.JsonObject;
import dev.idcprov.sandbox.ProvisioningRecord;
import dev.idcprov.sandbox.SandboxFaults;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The SSO Admin service of one sandbox: wires its {@link SandboxState}, the {@link OperationScheduler} and the handler
 * groups, each of which registers its operations with the {@link Dispatcher}. Every operation runs under the state's
 * one lock, taken here around each route, so handlers never take it themselves and never forget it.
 */
public final class SsoAdminService {
  private final SandboxState state;
  private final OperationScheduler scheduler;
  private final Dispatcher dispatcher = new Dispatcher();
  private final Controls controls;

  SsoAdminService(SandboxConfig config, SandboxFaults faults) {
    this.state = new SandboxState(config, faults);
    this.scheduler = new OperationScheduler(state);
    this.controls = new Controls(state);
    Routes table = dispatcher.routes();
    Routes locked = (operation, handler) -> table.add(operation, underLock(handler));
    // registration order is the order of Dispatcher.operations()
    new PermissionSetHandlers(state, scheduler).registerWith(locked);
    new PolicyHandlers(state).registerWith(locked);
    new AssignmentHandlers(state, scheduler).registerWith(locked);
    new ProvisioningHandlers(state, scheduler).registerWith(locked);
    new TagHandlers(state).registerWith(locked);
    new InstanceHandlers(state).registerWith(locked);
  }

  private Function<Req, JsonObject> underLock(Function<Req, JsonObject> handler) {
    return req -> {
      synchronized (state.lock) {
        return handler.apply(req);
      }
    };
  }

  /** @return the changes to the world around the service a test or rehearsal may make while it runs */
  public Controls controls() {
    return controls;
  }

  /** @return the operation table, filled by the handler groups */
  Dispatcher dispatcher() {
    return dispatcher;
  }

  void shutdown() {
    scheduler.shutdown();
  }

  /** @return every provisioning request, in submission order */
  public List<ProvisioningRecord> provisioningRecords() {
    return state.provisioningRecords();
  }

  /**
   * @param requestId a request id
   * @return its record, if the sandbox issued it
   */
  public Optional<ProvisioningRecord> provisioningRecord(String requestId) {
    return state.provisioningRecord(requestId);
  }
}
