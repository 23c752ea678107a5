package dev.idcprov.sandbox.internal;

import com.google.gson.JsonObject;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** One permission set: its attributes, policies, tags and the history of its version. Guarded by the state's lock. */
final class PermissionSet {
  final String arn;
  final String name;
  final long seq;
  final Instant createdAt;
  String description;
  String sessionDuration;
  String relayState;
  String inlinePolicy;
  /** managed policy ARN -> the sequence number it was attached with (its page order). */
  final Map<String, Long> managedPolicies = new LinkedHashMap<>();
  /** "path + name" -> the reference as stored ({@code Name}, {@code Path}). */
  final Map<String, JsonObject> customerManaged = new LinkedHashMap<>();
  JsonObject boundary;
  final Map<String, String> tags = new LinkedHashMap<>();
  int version = 1;
  final Timeline<Integer> versions;
  Instant deletedAt;
  /** When the set was last written: created or changed (a new version). */
  Instant lastWriteAt;

  PermissionSet(String arn, String name, long seq, Instant createdAt) {
    this.arn = arn;
    this.name = name;
    this.seq = seq;
    this.createdAt = createdAt;
    this.versions = new Timeline<>(createdAt, 1);
    this.lastWriteAt = createdAt;
  }

  boolean visibleAt(Instant t) {
    return !createdAt.isAfter(t) && (deletedAt == null || deletedAt.isAfter(t));
  }

  /** Makes a new version: every account provisioned with an older one becomes outdated. */
  void changed(Instant at) {
    version++;
    versions.set(at, version);
    lastWriteAt = at;
  }

  /** @return the {@code PermissionSet} structure of the Describe and Create answers */
  JsonObject toJson() {
    JsonObject o = new JsonObject();
    o.addProperty("Name", name);
    o.addProperty("PermissionSetArn", arn);
    if (description != null) {
      o.addProperty("Description", description);
    }
    o.addProperty("CreatedDate", Replies.epochSeconds(createdAt));
    o.addProperty("SessionDuration", sessionDuration);
    if (relayState != null) {
      o.addProperty("RelayState", relayState);
    }
    return o;
  }
}
