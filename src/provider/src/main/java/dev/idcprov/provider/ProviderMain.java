package dev.idcprov.provider;

import dev.idcprov.waiter.ProvisioningContext;
import java.io.IOException;

/**
 * The plugin's entry point, run by the Pulumi engine through the Java language host ({@code mvn compile exec:java}
 * with the engine's address as the one program argument): serves the package {@value IdcprovProvider#NAME} and prints
 * the port it listens on, the handshake the engine reads from standard output.
 */
public final class ProviderMain {
  private ProviderMain() {
  }

  /**
   * Serves the package until the engine shuts the provider down.
   *
   * @param args the engine's address ({@code 127.0.0.1:PORT}), with the engine's logging flags around it
   * @throws IOException          if the gRPC server cannot start
   * @throws InterruptedException if interrupted while serving
   */
  public static void main(String[] args) throws IOException, InterruptedException {
    int exit = ProviderServer.serve(args, new IdcprovProvider(ProvisioningContext.defaultContext()), System.err);
    if (exit != 0) {
      System.exit(exit);
    }
  }
}
