package dev.idcprov.sandbox.internal;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.time.Instant;
import java.util.function.Function;

/** Shapes of the JSON answers shared by every handler group: single members, pages, timestamps. */
final class Replies {
  private Replies() {}

  /** The service's timestamps are epoch seconds, as a JSON number with a fraction. */
  static double epochSeconds(Instant t) {
    return t.toEpochMilli() / 1000.0;
  }

  static JsonObject single(String member, JsonElement value) {
    JsonObject o = new JsonObject();
    o.add(member, value);
    return o;
  }

  static <T> JsonObject page(String member, PageTokens.Page<T> page, Function<T, JsonElement> toJson) {
    JsonArray a = new JsonArray();
    page.items().forEach(i -> a.add(toJson.apply(i)));
    JsonObject o = single(member, a);
    if (page.nextToken() != null) {
      o.addProperty("NextToken", page.nextToken());
    }
    return o;
  }
}
