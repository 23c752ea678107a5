package dev.idcprov.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.pulumi.provider.internal.models.GetSchemaRequest;
import dev.idcprov.pulumi.PermissionSetProvisioning;
import dev.idcprov.waiter.ProvisioningContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The checked-in {@code schema.json} is the schema the provider serves: a change to the component's inputs or outputs
 * is a visible diff in review. After an intended change, regenerate it with {@value #REGENERATE}.
 */
class SchemaTest {
  static final String REGENERATE =
      "mvn -o -pl src/provider -am verify -Dschema.update=true -Dtest=SchemaTest -Dsurefire.failIfNoSpecifiedTests=false";

  static String servedSchema() {
    return new IdcprovProvider(ProvisioningContext.defaultContext())
        .getSchema(new GetSchemaRequest(0, null, null)).join().getSchema() + "\n";
  }

  static Path schemaFile() {
    return Path.of(System.getProperty("schema.file", "schema.json"));
  }

  static JsonObject checkedInSchema() throws IOException {
    return JsonParser.parseString(Files.readString(schemaFile(), StandardCharsets.UTF_8)).getAsJsonObject();
  }

  /** @return the checked-in schema with {@code version} set (the file's version is not compared) */
  static JsonObject checkedInSchemaWithVersion(String version) throws IOException {
    JsonObject json = checkedInSchema();
    json.addProperty("version", version);
    return json;
  }

  @Test
  void checkedInSchema_isTheInferredSchema() throws IOException {
    String served = servedSchema();
    Path file = schemaFile();
    if (Boolean.getBoolean("schema.update")) {
      Files.writeString(file, served, StandardCharsets.UTF_8);
      return;
    }
    assertThat(file).as("%s is missing; generate it with:%n  %s", file, REGENERATE).exists();
    String checkedIn = Files.readString(file, StandardCharsets.UTF_8);
    // the version follows the Maven version; everything else must match
    if (!withoutVersion(checkedIn).equals(withoutVersion(served))) {
      throw new AssertionError("the component's schema changed; " + file + " differs from the inferred schema"
          + " (- checked in, + inferred):\n" + LineDiff.of(checkedIn, served)
          + "\nIf the change is intended, regenerate the file and commit it:\n  " + REGENERATE);
    }
  }

  @Test
  void schema_hasTheStableToken_describesEverything_andMarksRequiredInputs() {
    JsonObject schema = JsonParser.parseString(servedSchema()).getAsJsonObject();

    assertThat(schema.get("name").getAsString()).isEqualTo("idcprov");
    assertThat(schema.get("version").getAsString()).isEqualTo(new IdcprovProvider(
        ProvisioningContext.defaultContext()).version()).doesNotStartWith("$");
    assertThat(schema.getAsJsonObject("resources").keySet())
        .containsExactly("idcprov:index:PermissionSetProvisioning");
    JsonObject resource = schema.getAsJsonObject("resources").getAsJsonObject(PermissionSetProvisioning.TYPE);
    assertThat(resource.get("isComponent").getAsBoolean()).isTrue();
    assertThat(resource.getAsJsonArray("requiredInputs")).extracting(JsonElement::getAsString)
        .contains("instanceArn", "permissionSetArns");
    assertThat(undescribed(schema)).as("properties without a description: add them to"
        + " src/provider/src/main/resources/dev/idcprov/provider/descriptions.properties").isEmpty();
  }

  /** @return "where.property" for every resource, type and property of the schema without a description */
  static List<String> undescribed(JsonObject schema) {
    List<String> missing = new ArrayList<>();
    if (!schema.has("description")) {
      missing.add("package");
    }
    for (String section : List.of("resources", "types")) {
      if (!schema.has(section)) {
        continue;
      }
      for (Map.Entry<String, JsonElement> entry : schema.getAsJsonObject(section).entrySet()) {
        JsonObject spec = entry.getValue().getAsJsonObject();
        if (!spec.has("description")) {
          missing.add(entry.getKey());
        }
        for (String properties : List.of("inputProperties", "properties")) {
          if (spec.has(properties)) {
            spec.getAsJsonObject(properties).entrySet().stream()
                .filter(p -> !p.getValue().getAsJsonObject().has("description"))
                .forEach(p -> missing.add(entry.getKey() + "." + properties + "." + p.getKey()));
          }
        }
      }
    }
    return missing;
  }

  private static JsonObject withoutVersion(String schema) {
    JsonObject json = JsonParser.parseString(schema).getAsJsonObject();
    json.remove("version");
    return json;
  }
}
