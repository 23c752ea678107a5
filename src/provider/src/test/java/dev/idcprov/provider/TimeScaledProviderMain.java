package dev.idcprov.provider;

import dev.idcprov.waiter.ProvisioningContext;

/**
 * {@link ProviderMain} for the gRPC tests: the same server and provider, on a {@link ProvisioningContext} with the time
 * scale of the {@code idcprov.test.timeScale} property, so that polls and deadlines follow the fast sandbox's clock.
 */
public final class TimeScaledProviderMain {
  private TimeScaledProviderMain() {
  }

  /**
   * @param args the engine's address
   * @throws Exception if the server cannot start
   */
  public static void main(String[] args) throws Exception {
    double timeScale = Double.parseDouble(System.getProperty("idcprov.test.timeScale"));
    ProvisioningContext context = ProvisioningContext.builder().timeScale(timeScale).build();
    System.exit(ProviderServer.serve(args, new IdcprovProvider(context), System.err));
  }
}
