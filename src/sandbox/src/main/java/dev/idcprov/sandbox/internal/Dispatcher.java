package dev.idcprov.sandbox.internal;

import com.google.gson.JsonObject;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The operation table: maps an {@code X-Amz-Target} operation name to the handler that answers it. Handler groups fill
 * it through {@link #routes()}; it knows nothing of the state behind them. Every answer goes through
 * {@link ListMembers}, the one rule for absent versus empty list members.
 */
public final class Dispatcher {
  /** The {@code X-Amz-Target} prefix of every SSO Admin operation. */
  public static final String TARGET_PREFIX = "SWBExternalService.";

  private final Map<String, Function<Req, JsonObject>> routes = new LinkedHashMap<>();

  Dispatcher() {}

  /** @return the registrar that adds an operation to this table; a second registration of a name is an error */
  Routes routes() {
    return (operation, handler) -> {
      if (routes.putIfAbsent(operation, handler) != null) {
        throw new IllegalStateException("operation " + operation + " is registered twice");
      }
    };
  }

  /** @return the operation names served, in registration order */
  public Set<String> operations() {
    return Collections.unmodifiableSet(routes.keySet());
  }

  /**
   * @param target the {@code X-Amz-Target} header, may be null
   * @return the operation name it names, when it names one this table serves
   */
  Optional<String> operationOf(String target) {
    if (target == null || !target.startsWith(TARGET_PREFIX)) {
      return Optional.empty();
    }
    String op = target.substring(TARGET_PREFIX.length());
    return routes.containsKey(op) ? Optional.of(op) : Optional.empty();
  }

  JsonObject dispatch(String operation, JsonObject body) {
    Function<Req, JsonObject> route = routes.get(operation);
    if (route == null) {
      throw AwsError.unknownOperation(TARGET_PREFIX + operation);
    }
    return ListMembers.apply(operation, route.apply(new Req(operation, body)));
  }
}
