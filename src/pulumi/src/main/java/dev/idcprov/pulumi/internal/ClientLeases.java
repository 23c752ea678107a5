package dev.idcprov.pulumi.internal;

import dev.idcprov.provisioning.AwsClientSettings;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;

/**
 * The SSO Admin clients the components on one {@link dev.idcprov.waiter.ProvisioningContext} share, one per
 * {@link AwsClientSettings} (region, profile, endpoint): built on the first lease, closed when its last lease is
 * closed. Components with the same settings therefore share one client, and with it their list passes (which the
 * waiter shares per client, never across credentials). Kept as the context's extension
 * ({@code context.extension(ClientLeases.class, ClientLeases::new)}), so its state lives and ends with the context.
 */
public final class ClientLeases implements AutoCloseable {
  private final Map<AwsClientSettings, Entry> clients = new HashMap<>();

  /** No client yet. */
  public ClientLeases() {
  }

  /**
   * Leases the client for these settings, building it if no lease is open.
   *
   * @param settings the client settings
   * @return the lease; close it when done
   * @throws NullPointerException if {@code settings} is null
   */
  public synchronized Lease acquire(AwsClientSettings settings) {
    Objects.requireNonNull(settings, "settings");
    Entry entry = clients.get(settings);
    if (entry == null) {
      entry = new Entry(settings.createClient());
      clients.put(settings, entry);
    }
    entry.leases++;
    return new Lease(settings, entry.client);
  }

  /** @return how many clients are open */
  public synchronized int openClients() {
    return clients.size();
  }

  private synchronized void release(AwsClientSettings settings) {
    Entry entry = clients.get(settings);
    if (entry != null && --entry.leases == 0) {
      clients.remove(settings);
      entry.client.close();
    }
  }

  /** Closes every client still leased (the context is closing). */
  @Override
  public void close() {
    List<Entry> open;
    synchronized (this) {
      open = List.copyOf(clients.values());
      clients.clear();
    }
    open.forEach(e -> e.client.close());
  }

  /** A lease of a shared client; closing it twice is harmless. */
  public final class Lease implements AutoCloseable {
    private final AwsClientSettings settings;
    private final SsoAdminClient client;
    private boolean closed;

    private Lease(AwsClientSettings settings, SsoAdminClient client) {
      this.settings = settings;
      this.client = client;
    }

    /** @return the client; do not close it */
    public SsoAdminClient client() {
      return client;
    }

    @Override
    public void close() {
      synchronized (this) {
        if (closed) {
          return;
        }
        closed = true;
      }
      release(settings);
    }
  }

  private static final class Entry {
    private final SsoAdminClient client;
    private int leases;

    private Entry(SsoAdminClient client) {
      this.client = client;
    }
  }
}
