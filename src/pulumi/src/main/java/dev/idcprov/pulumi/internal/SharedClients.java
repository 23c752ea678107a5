package dev.idcprov.pulumi.internal;

import dev.idcprov.provisioning.AwsClientSettings;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;

/**
 * SSO Admin clients shared by the components of a process that use the same {@link AwsClientSettings}; each
 * client is built on first lease and closed when its last lease is closed.
 */
public final class SharedClients {
  private static final Map<AwsClientSettings, Entry> CLIENTS = new HashMap<>();

  private SharedClients() {
  }

  /**
   * Leases the client for these settings, building it if no lease is open.
   *
   * @param settings the client settings
   * @return the lease; close it when done
   */
  public static synchronized Lease acquire(AwsClientSettings settings) {
    Objects.requireNonNull(settings, "settings");
    Entry entry = CLIENTS.get(settings);
    if (entry == null) {
      entry = new Entry(settings.createClient());
      CLIENTS.put(settings, entry);
    }
    entry.leases++;
    return new Lease(settings, entry.client);
  }

  /** @return how many clients are open (for tests) */
  public static synchronized int openClients() {
    return CLIENTS.size();
  }

  private static synchronized void release(AwsClientSettings settings) {
    Entry entry = CLIENTS.get(settings);
    if (entry != null && --entry.leases == 0) {
      CLIENTS.remove(settings);
      entry.client.close();
    }
  }

  /** A lease of a shared client; closing it twice is harmless. */
  public static final class Lease implements AutoCloseable {
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
