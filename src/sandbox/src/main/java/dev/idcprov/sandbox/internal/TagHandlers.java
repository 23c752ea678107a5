package dev.idcprov.sandbox.internal;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tags of the instance and of permission sets: Tag/Untag/ListTagsForResource, and the parsing of a {@code Tags} list
 * that {@code CreatePermissionSet} shares. Handlers run under the state's lock.
 */
final class TagHandlers {
  /** User tags per resource: the AWS-wide tagging limit (Tagging AWS resources, "Tag naming limits"). */
  private static final int MAX_TAGS = 50;

  private final SandboxState state;

  TagHandlers(SandboxState state) {
    this.state = state;
  }

  void registerWith(Routes routes) {
    routes.add("TagResource", this::tagResource);
    routes.add("UntagResource", this::untagResource);
    routes.add("ListTagsForResource", this::listTagsForResource);
  }

  /** @return the {@code Tags} list as key -> value, null when absent and not required */
  static Map<String, String> tags(Req req, String member, boolean required) {
    JsonArray a = req.arr(member, required, 0, 75);
    if (a == null) {
      return null;
    }
    Map<String, String> out = new LinkedHashMap<>();
    int i = 0;
    for (JsonElement e : a) {
      i++;
      if (!e.isJsonObject()) {
        throw AwsError.serialization("Expected an object in " + member);
      }
      JsonObject t = e.getAsJsonObject();
      String path = Character.toLowerCase(member.charAt(0)) + member.substring(1) + "." + i + ".member";
      out.put(Req.str(t, "Key", path + ".key", Shape.TAG_KEY, true),
          Req.str(t, "Value", path + ".value", Shape.TAG_VALUE, true));
    }
    if (out.size() > MAX_TAGS) {
      throw AwsError.quota("A resource can have at most " + MAX_TAGS + " tags.");
    }
    return out;
  }

  /** @return the live tag map of the resource the request names */
  private Map<String, String> taggable(Req req) {
    String instance = req.str("InstanceArn", Shape.INSTANCE_ARN, false);
    if (instance != null && !instance.equals(state.seed.instanceArn())) {
      throw AwsError.notFound("Could not find instance with InstanceArn " + instance);
    }
    String arn = req.str("ResourceArn", Shape.TAGGABLE_ARN, true);
    if (arn.equals(state.seed.instanceArn())) {
      return state.instanceTags;
    }
    PermissionSet ps = state.permissionSets.get(arn);
    if (ps == null || ps.deletedAt != null) {
      throw AwsError.notFound("Could not find resource with ResourceArn " + arn);
    }
    return ps.tags;
  }

  private JsonObject tagResource(Req req) {
    Map<String, String> target = taggable(req);
    Map<String, String> add = tags(req, "Tags", true);
    Map<String, String> merged = new LinkedHashMap<>(target);
    merged.putAll(add);
    if (merged.size() > MAX_TAGS) {
      throw AwsError.quota("A resource can have at most " + MAX_TAGS + " tags.");
    }
    // tags never change the permission set version: provisioned accounts stay current
    target.putAll(add);
    return new JsonObject();
  }

  private JsonObject untagResource(Req req) {
    Map<String, String> target = taggable(req);
    JsonArray keys = req.arr("TagKeys", true, 1, 75);
    int i = 0;
    for (JsonElement k : keys) {
      i++;
      if (!k.isJsonPrimitive()) {
        throw AwsError.serialization("Expected a string in TagKeys");
      }
      JsonObject holder = new JsonObject();
      holder.add("k", k);
      target.remove(Req.str(holder, "k", "tagKeys." + i + ".member", Shape.TAG_KEY, true));
    }
    return new JsonObject();
  }

  private JsonObject listTagsForResource(Req req) {
    Map<String, String> target = taggable(req);
    List<Map.Entry<String, String>> items = new ArrayList<>(target.entrySet());
    items.sort(Map.Entry.comparingByKey());
    PageTokens.Page<Map.Entry<String, String>> page = state.tokens.page(req, items, Map.Entry::getKey);
    return Replies.page("Tags", page, e -> {
      JsonObject o = new JsonObject();
      o.addProperty("Key", e.getKey());
      o.addProperty("Value", e.getValue());
      return o;
    });
  }
}
