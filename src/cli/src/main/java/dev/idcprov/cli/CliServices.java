package dev.idcprov.cli;

import dev.idcprov.provisioning.AwsClientSettings;
import dev.idcprov.provisioning.PermissionSetProvisioner;
import dev.idcprov.waiter.ProvisioningContext;
import dev.idcprov.waiter.ProvisioningWaiter;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;

/**
 * What the commands talk to: how an SSO Admin client is made from the command's {@code --region},
 * {@code --profile} and {@code --endpoint-url}, and how the waiter and provisioner are built on it. The
 * command line owns every client it obtains here and closes it when the command ends.
 *
 * <p>Real runs use {@link #aws()}; tests pass their own, for example a Mockito client:
 *
 * <pre>{@code
 * CommandLine cli = Main.newCommandLine(settings -> mockClient, System.in);
 * int exit = cli.execute("status", "--instance-arn", instanceArn);
 * }</pre>
 */
@FunctionalInterface
public interface CliServices {

  /**
   * Makes a client; the command closes it when it ends.
   *
   * @param settings region, profile and endpoint from the command's options
   * @return a new client
   */
  SsoAdminClient createClient(AwsClientSettings settings);

  /**
   * Makes a client with the command line's connection options (CA bundle, {@code --debug} wire log); the command
   * closes it when it ends. By default the options are ignored and {@link #createClient(AwsClientSettings)} is used.
   *
   * @param settings region, profile and endpoint from the command's options and the environment
   * @param options  CA bundle, wire log and environment
   * @return a new client
   */
  default SsoAdminClient createClient(AwsClientSettings settings, ClientOptions options) {
    return createClient(settings);
  }

  /**
   * @return the context the command's waiter, provisioner and status reader run on, and whose budget
   *         {@code --max-requests-per-second} sets (default: {@link ProvisioningContext#defaultContext()})
   */
  default ProvisioningContext context() {
    return ProvisioningContext.defaultContext();
  }

  /**
   * @param client the command's client
   * @return a waiter on that client and {@link #context()}
   */
  default ProvisioningWaiter waiter(SsoAdminClient client) {
    return ProvisioningWaiter.builder().client(client).context(context()).build();
  }

  /**
   * @param client the command's client
   * @param waiter the waiter from {@link #waiter(SsoAdminClient)}
   * @return a provisioner on that client and waiter
   */
  default PermissionSetProvisioner provisioner(SsoAdminClient client, ProvisioningWaiter waiter) {
    return PermissionSetProvisioner.builder().client(client).context(context()).waiter(waiter).build();
  }

  /**
   * @return the services of real runs: clients configured as {@link AwsClientSettings#createClient()} does (same
   *         timeouts, no SDK retries), plus the CA bundle, proxy variables and {@code --debug} wire log of
   *         {@link ClientOptions}, and connection and credential failures that are not retried
   */
  static CliServices aws() {
    return new CliServices() {
      @Override
      public SsoAdminClient createClient(AwsClientSettings settings) {
        return AwsClients.create(settings, ClientOptions.defaults());
      }

      @Override
      public SsoAdminClient createClient(AwsClientSettings settings, ClientOptions options) {
        return AwsClients.create(settings, options);
      }
    };
  }
}
