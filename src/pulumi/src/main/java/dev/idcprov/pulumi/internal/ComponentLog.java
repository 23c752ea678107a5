package dev.idcprov.pulumi.internal;

import com.pulumi.Log;
import com.pulumi.resources.Resource;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Messages of one component, each starting with the component's name ("[admins] ...") so that the lines of
 * several components of one program can be told apart wherever they are shown. They go to the deployment's
 * {@link Log} attached to the component, so {@code pulumi up} shows them under the component's row; that log is
 * reached through the Pulumi SDK's internal API ({@link PulumiSdk#engineLog()}), and when it cannot be reached (another SDK version) they go to
 * SLF4J, which the CLI shows as the program's own output. Safe to call from any thread.
 */
public final class ComponentLog {
  private static final Logger FALLBACK = LoggerFactory.getLogger("dev.idcprov.pulumi");

  private final Log log;
  private final Resource resource;
  private final String prefix;

  private ComponentLog(Log log, Resource resource, String name) {
    this.log = log;
    this.resource = resource;
    this.prefix = "[" + name + "] ";
  }

  /**
   * Must be called where the deployment is reachable (the component's constructor).
   *
   * @param resource the component
   * @param name     its name, which starts every message
   * @return the log
   */
  public static ComponentLog attachedTo(Resource resource, String name) {
    Objects.requireNonNull(resource, "resource");
    Log log = PulumiSdk.engineLog();
    if (log == null) {
      FALLBACK.debug("deployment log not reachable, using SLF4J");
    }
    return new ComponentLog(log, resource, name);
  }

  /** @return whether messages are attached to the component (else they go to SLF4J) */
  public boolean attached() {
    return log != null;
  }

  /** @param message an informational message */
  public void info(String message) {
    if (log != null) {
      log.info(prefix + message, resource);
    } else {
      FALLBACK.info("{}{}", prefix, message);
    }
  }

  /** @param message a warning */
  public void warn(String message) {
    if (log != null) {
      log.warn(prefix + message, resource);
    } else {
      FALLBACK.warn("{}{}", prefix, message);
    }
  }
}
