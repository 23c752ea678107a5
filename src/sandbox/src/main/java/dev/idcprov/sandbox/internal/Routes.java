package dev.idcprov.sandbox.internal;

import com.google.gson.JsonObject;
import java.util.function.Function;

/** Where a handler group registers the operations it answers: operation name -> handler. */
@FunctionalInterface
interface Routes {
  /**
   * @param operation the operation name, without the {@code X-Amz-Target} prefix
   * @param handler answers the request body with the response body, or throws an {@link AwsError}
   * @throws IllegalStateException when the operation is already registered
   */
  void add(String operation, Function<Req, JsonObject> handler);
}
