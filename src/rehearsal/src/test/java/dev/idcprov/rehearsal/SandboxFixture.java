package dev.idcprov.rehearsal;

import dev.idcprov.rehearsal.SandboxMocks.ResourceEvent;
import dev.idcprov.sandbox.SsoAdminSandbox;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;

/** A fast sandbox, a client on it and mocks forwarding to it that record their events; closes all three. */
final class SandboxFixture implements AutoCloseable {
  final SsoAdminSandbox sandbox;
  final SsoAdminClient client;
  final SandboxMocks mocks;
  final List<ResourceEvent> events = new CopyOnWriteArrayList<>();

  private SandboxFixture(long seed) {
    sandbox = SsoAdminSandbox.builder().timeScale(1000).randomSeed(seed).build().start();
    client = SandboxMocks.sandboxClient(sandbox.endpoint());
    mocks = SandboxMocks.forEndpoint(sandbox.endpoint(), events::add, 1000);
  }

  /**
   * @param seed the sandbox's random seed
   * @return a started fixture
   */
  static SandboxFixture start(long seed) {
    return new SandboxFixture(seed);
  }

  @Override
  public void close() {
    try {
      mocks.close();
      client.close();
    } finally {
      sandbox.close();
    }
  }
}
