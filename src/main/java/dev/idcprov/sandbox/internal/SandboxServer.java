package dev.idcprov.sandbox.internal;

import dev.idcprov.sandbox.RecordedRequest;
import dev.idcprov.sandbox.SandboxFaults;
import dev.idcprov.sandbox.SandboxMetrics;
import java.net.URI;
import java.util.List;
import java.util.Map;

/** Serves the SSO Admin JSON protocol over the JDK HTTP server (skeleton). */
public final class SandboxServer {
  private final SsoAdminService service;

  /**
   * @param config settings
   * @param faults live fault controls
   */
  public SandboxServer(SandboxConfig config, SandboxFaults faults) {
    this.service = new SsoAdminService(config, faults);
  }

  /**
   * @param port port to bind
   * @return the endpoint
   */
  public URI start(int port) {
    throw new UnsupportedOperationException("not yet implemented");
  }

  /** Stops serving. */
  public void stop() {}

  /** @return recorded requests */
  public List<RecordedRequest> requests() {
    return List.of();
  }

  /** @return metrics snapshot */
  public SandboxMetrics metrics() {
    return new SandboxMetrics(Map.of());
  }

  /** @return the service state */
  public SsoAdminService service() {
    return service;
  }
}
