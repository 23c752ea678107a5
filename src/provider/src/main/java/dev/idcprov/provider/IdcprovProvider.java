package dev.idcprov.provider;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.pulumi.core.internal.Internal;
import com.pulumi.provider.internal.ComponentProvider;
import com.pulumi.provider.internal.Metadata;
import com.pulumi.provider.internal.Provider;
import com.pulumi.provider.internal.models.ConstructRequest;
import com.pulumi.provider.internal.models.ConstructResponse;
import com.pulumi.provider.internal.models.GetSchemaRequest;
import com.pulumi.provider.internal.models.GetSchemaResponse;
import com.pulumi.provider.internal.properties.PropertyDeserializationException;
import com.pulumi.provider.internal.properties.PropertyValue;
import com.pulumi.provider.internal.properties.PropertyValueSerializer;
import dev.idcprov.pulumi.PermissionSetProvisioning;
import dev.idcprov.pulumi.PermissionSetProvisioningArgs;
import dev.idcprov.waiter.ProvisioningContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * The package {@value #NAME}: its schema and the construction of its components.
 *
 * <p><b>Schema.</b> Inferred by the Pulumi SDK from the component classes of {@code dev.idcprov.pulumi} (their Args
 * and {@code @Export} outputs), exactly as {@code ComponentProviderHost} would, then completed with a description
 * for the package, each component and each property (Java annotations carry none) and written in a canonical form
 * (keys sorted, required lists sorted) so that the checked-in {@code schema.json} is stable.
 *
 * <p><b>Construct.</b> {@code idcprov:index:PermissionSetProvisioning} only: the inputs are deserialized into
 * {@link PermissionSetProvisioningArgs} by the SDK (a missing required input or a wrong type fails here, naming the
 * input), the component is created on this provider's {@link ProvisioningContext} (every component the provider
 * serves shares its per-instance call budget), and the response carries the component's URN and its outputs once
 * they resolve. A provisioning failure fails the construct; the component's own message (account, AWS reason) reaches
 * the engine as error diagnostics on the component (the SDK's construct error then reads "Multiple exceptions
 * occurred", see docs/PACKAGE.md).
 */
public final class IdcprovProvider implements Provider {
  /** The package name: the first segment of every type token, the name of the plugin and of generated SDKs. */
  public static final String NAME = "idcprov";
  /** The display name in generated SDKs' metadata. */
  public static final String DISPLAY_NAME = "IAM Identity Center provisioning";

  private final ProvisioningContext context;
  private final String version;

  /**
   * @param context the context every constructed component runs on ({@link ProvisioningContext#defaultContext()} in
   *                the plugin; one with a time scale in tests against a fast sandbox)
   */
  public IdcprovProvider(ProvisioningContext context) {
    this.context = Objects.requireNonNull(context, "context");
    this.version = packageVersion();
  }

  /** @return the package version: this module's Maven version */
  public String version() {
    return version;
  }

  @Override
  public CompletableFuture<GetSchemaResponse> getSchema(GetSchemaRequest request) {
    return new ComponentProvider(new Metadata(NAME, version, DISPLAY_NAME),
        PermissionSetProvisioning.class.getPackage()).getSchema(request)
        .thenApply(inferred -> new GetSchemaResponse(completeSchema(inferred.getSchema())));
  }

  @Override
  public CompletableFuture<ConstructResponse> construct(ConstructRequest request) {
    // failures known here are returned, not thrown: a thrown exception reaches the engine as the SDK's "Multiple
    // exceptions occurred", a failed future with its own message
    if (!PermissionSetProvisioning.TYPE.equals(request.getType())) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("package " + NAME + " has no component "
          + request.getType() + "; it offers " + PermissionSetProvisioning.TYPE));
    }
    PermissionSetProvisioningArgs args;
    try {
      args = PropertyValueSerializer.deserialize(PropertyValue.of(request.getInputs()),
          PermissionSetProvisioningArgs.class);
    } catch (PropertyDeserializationException | IllegalArgumentException e) {
      return CompletableFuture.failedFuture(new IllegalArgumentException(PermissionSetProvisioning.TYPE + " '"
          + request.getName() + "': bad input: " + e.getMessage(), e));
    }
    var component = new PermissionSetProvisioning(request.getName(), args, request.getOptions(), context);
    // the run's failure fails the construct through this future too, not only through the component's registered
    // task: after a failed construct the SDK may register that task with the old deployment (docs/PACKAGE.md, "Known
    // issues"), and the construct would then succeed although its provisioning FAILED
    return PropertyValueSerializer.stateFromComponentResourceAsync(component)
        .thenCombine(Internal.of(component.urn()).getValueNullable(),
            (state, urn) -> new ConstructResponse(urn, state, Map.of()))
        .thenCombine(component.ended(), (response, ended) -> response);
  }

  /**
   * @param inferred the schema as the SDK infers it
   * @return the schema with descriptions, keys sorted
   */
  static String completeSchema(String inferred) {
    Properties descriptions = descriptions();
    JsonObject schema = JsonParser.parseString(inferred).getAsJsonObject();
    describe(schema, "package", descriptions);
    for (String section : List.of("resources", "types")) {
      JsonObject entries = schema.has(section) ? schema.getAsJsonObject(section) : new JsonObject();
      for (Map.Entry<String, JsonElement> entry : entries.entrySet()) {
        String shortName = entry.getKey().substring(entry.getKey().lastIndexOf(':') + 1);
        JsonObject spec = entry.getValue().getAsJsonObject();
        describe(spec, shortName, descriptions);
        for (String properties : List.of("inputProperties", "properties")) {
          if (spec.has(properties)) {
            for (Map.Entry<String, JsonElement> p : spec.getAsJsonObject(properties).entrySet()) {
              describe(p.getValue().getAsJsonObject(), shortName + "." + p.getKey(), descriptions);
            }
          }
        }
      }
    }
    return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(canonical(schema));
  }

  private static void describe(JsonObject spec, String key, Properties descriptions) {
    String text = descriptions.getProperty(key);
    if (text != null) {
      spec.addProperty("description", text);
    }
  }

  /** Object keys sorted; arrays of strings sorted (required lists are sets, in no order). */
  private static JsonElement canonical(JsonElement element) {
    if (element.isJsonObject()) {
      JsonObject sorted = new JsonObject();
      new TreeMap<>(element.getAsJsonObject().asMap()).forEach((k, v) -> sorted.add(k, canonical(v)));
      return sorted;
    }
    if (element.isJsonArray()) {
      List<JsonElement> items = new ArrayList<>();
      element.getAsJsonArray().forEach(e -> items.add(canonical(e)));
      if (items.stream().allMatch(e -> e.isJsonPrimitive() && e.getAsJsonPrimitive().isString())) {
        items.sort((a, b) -> a.getAsString().compareTo(b.getAsString()));
      }
      JsonArray array = new JsonArray();
      items.forEach(array::add);
      return array;
    }
    return element;
  }

  private static Properties descriptions() {
    return load("descriptions.properties");
  }

  private static String packageVersion() {
    String v = load("version.properties").getProperty("version");
    if (v == null || v.isBlank() || v.startsWith("$")) {
      throw new IllegalStateException("version.properties was not filtered by the build: rebuild the provider");
    }
    return v;
  }

  private static Properties load(String resource) {
    Properties p = new Properties();
    try (InputStream in = IdcprovProvider.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " missing from the provider's class path");
      }
      p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p;
  }
}
