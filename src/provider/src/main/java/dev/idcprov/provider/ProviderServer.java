package dev.idcprov.provider;

import com.pulumi.provider.internal.Provider;
import com.pulumi.provider.internal.ResourceProviderService;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Runs a {@link Provider} as a Pulumi provider plugin: the Pulumi SDK's {@code ResourceProviderService} (the gRPC
 * server that {@code ComponentProviderHost} runs, with its handshake: the port on standard output) around the given
 * provider.
 *
 * <p>Why not {@code ComponentProviderHost} itself: its construct path instantiates a component through its only
 * declared constructor and refuses a class with more than one. {@code PermissionSetProvisioning} has three (the
 * second takes a {@code ProvisioningContext}, a private third the values read before the SDK's Resource
 * constructor), so the host would answer every {@code Construct} with "must have exactly one constructor, found 3".
 * {@link IdcprovProvider} keeps the SDK's schema inference and constructs the
 * component itself; this class keeps the host's argument handling.
 */
public final class ProviderServer {
  private ProviderServer() {
  }

  /**
   * Serves {@code provider} for the engine named in {@code args} until shut down.
   *
   * @param args     the program arguments: one engine address, with the engine's logging flags ({@code
   *                 --logtostderr}, {@code -v=N}, {@code --logflow}, {@code --tracing X}) ignored
   * @param provider the provider
   * @param err      where a bad invocation is explained (never standard output, the handshake's channel)
   * @return 0 after a clean shutdown, 2 for bad arguments
   * @throws IOException          if the server cannot start
   * @throws InterruptedException if interrupted while serving
   */
  public static int serve(String[] args, Provider provider, PrintStream err) throws IOException, InterruptedException {
    Objects.requireNonNull(provider, "provider");
    String engineAddress;
    try {
      engineAddress = engineAddress(args);
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      return 2;
    }
    new ResourceProviderService(engineAddress, provider).startAndBlockUntilShutdown();
    return 0;
  }

  /**
   * @param args the program arguments
   * @return the engine's address: the one argument left once the engine's logging flags are dropped
   * @throws IllegalArgumentException if none or more than one is left
   */
  static String engineAddress(String[] args) {
    List<String> rest = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--logtostderr") || arg.equals("--logflow") || arg.startsWith("-v=")) {
        continue;
      }
      if (arg.equals("--tracing")) {
        i++;
        continue;
      }
      rest.add(arg);
    }
    if (rest.size() != 1) {
      throw new IllegalArgumentException("idcprov provider: expected one argument, the Pulumi engine's address "
          + "(the engine starts this plugin), got " + rest.size() + ": " + rest);
    }
    return rest.get(0);
  }
}
