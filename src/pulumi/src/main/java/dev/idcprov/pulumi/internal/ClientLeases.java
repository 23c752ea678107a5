package dev.idcprov.pulumi.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;

/**
 * The AWS sessions (credentials, SSO Admin client, caller identity) the components on one
 * {@link dev.idcprov.waiter.ProvisioningContext} share, one per {@link AwsIdentity}: built on the first lease, closed
 * when its last lease is closed. Components acting as the same identity therefore share one client, and with it their
 * list passes (which the waiter shares per client, never across credentials), and assume their roles once. Kept as the
 * context's extension ({@code context.extension(ClientLeases.class, ClientLeases::new)}), so its state lives and ends
 * with the context.
 */
public final class ClientLeases implements AutoCloseable {
  private final Map<AwsIdentity, Entry> sessions = new HashMap<>();

  /** No session yet. */
  public ClientLeases() {
  }

  /**
   * Leases the session of this identity, building it if no lease is open.
   *
   * @param identity who to act as
   * @return the lease; close it when done
   * @throws NullPointerException if {@code identity} is null
   */
  public synchronized Lease acquire(AwsIdentity identity) {
    Objects.requireNonNull(identity, "identity");
    Entry entry = sessions.get(identity);
    if (entry == null) {
      entry = new Entry(new AwsSession(identity));
      sessions.put(identity, entry);
    }
    entry.leases++;
    return new Lease(identity, entry.session);
  }

  /** @return how many clients are open */
  public synchronized int openClients() {
    return sessions.size();
  }

  private synchronized void release(AwsIdentity identity) {
    Entry entry = sessions.get(identity);
    if (entry != null && --entry.leases == 0) {
      sessions.remove(identity);
      entry.session.close();
    }
  }

  /** Closes every session still leased (the context is closing). */
  @Override
  public void close() {
    List<Entry> open;
    synchronized (this) {
      open = List.copyOf(sessions.values());
      sessions.clear();
    }
    open.forEach(e -> e.session.close());
  }

  /** A lease of a shared session; closing it twice is harmless. */
  public final class Lease implements AutoCloseable {
    private final AwsIdentity identity;
    private final AwsSession session;
    private boolean closed;

    private Lease(AwsIdentity identity, AwsSession session) {
      this.identity = identity;
      this.session = session;
    }

    /** @return the SSO Admin client; do not close it */
    public SsoAdminClient client() {
      return session.ssoAdmin();
    }

    /** @return the session: credentials and caller identity */
    public AwsSession session() {
      return session;
    }

    @Override
    public void close() {
      synchronized (this) {
        if (closed) {
          return;
        }
        closed = true;
      }
      release(identity);
    }
  }

  private static final class Entry {
    private final AwsSession session;
    private int leases;

    private Entry(AwsSession session) {
      this.session = session;
    }
  }
}
