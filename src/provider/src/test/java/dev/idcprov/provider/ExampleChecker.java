package dev.idcprov.provider;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/**
 * Checks what a consumer program uses of the package against its schema: every component type exists, every input
 * given exists with a value of the schema's type, every required input is given, every output read exists. Generic:
 * it knows nothing of the component's properties, only the schema's, so it follows the schema as it changes.
 *
 * <p>Values are typed where the program shows their type: literals, and (YAML) {@code ${name}} of a typed config entry,
 * (TypeScript) a {@code const} read with {@code config.require*}. Other expressions (another resource's output) are
 * not typed here.
 */
final class ExampleChecker {
  private static final Pattern YAML_REF = Pattern.compile("\\$\\{([A-Za-z0-9_-]+)\\.([A-Za-z0-9_]+)");
  private static final Pattern YAML_WHOLE_REF = Pattern.compile("\\$\\{([A-Za-z0-9_-]+)}");

  private final JsonObject schema;
  private final String packageName;
  private final List<String> problems = new ArrayList<>();

  ExampleChecker(JsonObject schema) {
    this.schema = schema;
    this.packageName = schema.get("name").getAsString();
  }

  List<String> problems() {
    return problems;
  }

  // ---------------------------------------------------------------- Pulumi YAML

  @SuppressWarnings("unchecked")
  ExampleChecker checkYaml(String where, String pulumiYaml) {
    Map<String, Object> program = new Yaml().load(pulumiYaml);
    Map<String, Object> config = (Map<String, Object>) program.getOrDefault("config", Map.of());
    Map<String, Object> resources = (Map<String, Object>) program.getOrDefault("resources", Map.of());
    Map<String, JsonObject> ours = new HashMap<>();
    resources.forEach((name, body) -> {
      Map<String, Object> resource = (Map<String, Object>) body;
      String type = String.valueOf(resource.get("type"));
      if (!type.startsWith(packageName + ":")) {
        return;
      }
      JsonObject spec = resource(where + " resource " + name, type);
      if (spec == null) {
        return;
      }
      ours.put(name, spec);
      Map<String, Object> properties = (Map<String, Object>) resource.getOrDefault("properties", Map.of());
      checkRequired(where + " resource " + name, spec, properties.keySet());
      properties.forEach((property, value) -> {
        JsonObject input = input(where + " resource " + name, spec, property);
        if (input != null) {
          checkYamlValue(where + " " + name + "." + property, value, input, config);
        }
      });
    });
    Matcher m = YAML_REF.matcher(pulumiYaml);
    while (m.find()) {
      JsonObject spec = ours.get(m.group(1));
      if (spec != null) {
        output(where + " ${" + m.group(1) + "." + m.group(2) + "}", spec, m.group(2));
      }
    }
    return this;
  }

  @SuppressWarnings("unchecked")
  private void checkYamlValue(String where, Object value, JsonObject type, Map<String, Object> config) {
    if (value instanceof String s && s.contains("${")) {
      Matcher whole = YAML_WHOLE_REF.matcher(s.strip());
      if (whole.matches() && config.get(whole.group(1)) instanceof Map<?, ?> entry && entry.get("type") != null) {
        expect(where, type, String.valueOf(entry.get("type")));
      }
      return;
    }
    String kind = kindOf(value);
    if (kind == null) {
      return;
    }
    expect(where, type, kind);
    if (kind.equals("array") && type.has("items")) {
      List<Object> items = (List<Object>) value;
      for (int i = 0; i < items.size(); i++) {
        checkYamlValue(where + "[" + i + "]", items.get(i), type.getAsJsonObject("items"), config);
      }
    }
  }

  private static String kindOf(Object value) {
    if (value instanceof String) {
      return "string";
    }
    if (value instanceof Boolean) {
      return "boolean";
    }
    if (value instanceof Integer || value instanceof Long) {
      return "integer";
    }
    if (value instanceof Number) {
      return "number";
    }
    if (value instanceof List) {
      return "array";
    }
    if (value instanceof Map) {
      return "object";
    }
    return null;
  }

  // ---------------------------------------------------------------- TypeScript

  ExampleChecker checkTypeScript(String where, String source) {
    Map<String, String> constKinds = new HashMap<>();
    Matcher c = Pattern.compile("const\\s+(\\w+)\\s*=\\s*config\\.(require|get)(\\w*)\\s*(<([^>]*)>)?").matcher(source);
    while (c.find()) {
      String method = c.group(3);
      String generic = c.group(5) == null ? "" : c.group(5).strip();
      String kind = switch (method) {
        case "" -> "string";
        case "Number" -> "number";
        case "Boolean" -> "boolean";
        case "Object" -> generic.endsWith("[]") ? "array" : generic.isEmpty() ? null : "object";
        default -> null;
      };
      if (kind != null) {
        constKinds.put(c.group(1), kind);
      }
    }
    Map<String, JsonObject> ours = new HashMap<>();
    Matcher n = Pattern.compile("(?:const\\s+(\\w+)\\s*=\\s*)?new\\s+" + packageName + "\\.(\\w+)\\s*\\(").matcher(source);
    while (n.find()) {
      String token = packageName + ":index:" + n.group(2);
      JsonObject spec = resource(where + " new " + packageName + "." + n.group(2), token);
      if (spec == null) {
        continue;
      }
      if (n.group(1) != null) {
        ours.put(n.group(1), spec);
      }
      int open = source.indexOf('{', n.end());
      Map<String, String> entries = objectLiteral(source, open);
      checkRequired(where + " " + token, spec, entries.keySet());
      entries.forEach((property, expression) -> {
        JsonObject input = input(where + " " + token, spec, property);
        if (input != null) {
          String kind = kindOfExpression(expression, constKinds);
          if (kind != null) {
            expect(where + " " + n.group(2) + "." + property, input, kind);
          }
        }
      });
    }
    ours.forEach((variable, spec) -> {
      Matcher use = Pattern.compile("\\b" + variable + "\\.(\\w+)").matcher(source);
      while (use.find()) {
        output(where + " " + variable + "." + use.group(1), spec, use.group(1));
      }
    });
    return this;
  }

  /** @return the top-level {@code key: expression} entries of the object literal opening at {@code open} */
  private static Map<String, String> objectLiteral(String source, int open) {
    Map<String, String> entries = new HashMap<>();
    int depth = 0;
    int start = open + 1;
    for (int i = open; i < source.length(); i++) {
      char ch = source.charAt(i);
      if (ch == '{' || ch == '[' || ch == '(') {
        depth++;
      } else if (ch == '}' || ch == ']' || ch == ')') {
        depth--;
      }
      if ((depth == 1 && ch == ',') || depth == 0) {
        String entry = source.substring(start, i).strip();
        int colon = entry.indexOf(':');
        if (colon > 0) {
          entries.put(entry.substring(0, colon).strip(), entry.substring(colon + 1).strip());
        } else if (!entry.isEmpty()) {
          entries.put(entry, entry); // shorthand property
        }
        start = i + 1;
        if (depth == 0) {
          break;
        }
      }
    }
    return entries;
  }

  private static String kindOfExpression(String expression, Map<String, String> constKinds) {
    if (expression.startsWith("[")) {
      return "array";
    }
    if (expression.matches("^[\"'`].*")) {
      return "string";
    }
    if (expression.equals("true") || expression.equals("false")) {
      return "boolean";
    }
    if (expression.matches("-?\\d+")) {
      return "integer";
    }
    if (expression.matches("-?\\d*\\.\\d+")) {
      return "number";
    }
    return constKinds.get(expression);
  }

  // ---------------------------------------------------------------- schema look-ups

  private JsonObject resource(String where, String token) {
    JsonObject resources = schema.getAsJsonObject("resources");
    if (!resources.has(token)) {
      problems.add(where + ": the schema has no component " + token + " (it has " + resources.keySet() + ")");
      return null;
    }
    return resources.getAsJsonObject(token);
  }

  private JsonObject input(String where, JsonObject spec, String property) {
    JsonObject inputs = spec.getAsJsonObject("inputProperties");
    if (!inputs.has(property)) {
      problems.add(where + ": no input '" + property + "' in the schema (inputs: " + inputs.keySet() + ")");
      return null;
    }
    return inputs.getAsJsonObject(property);
  }

  private void output(String where, JsonObject spec, String property) {
    JsonObject outputs = spec.getAsJsonObject("properties");
    if (!outputs.has(property) && !property.equals("urn")) {
      problems.add(where + ": no output '" + property + "' in the schema (outputs: " + outputs.keySet() + ")");
    }
  }

  private void checkRequired(String where, JsonObject spec, java.util.Set<String> given) {
    if (spec.has("requiredInputs")) {
      for (JsonElement required : spec.getAsJsonArray("requiredInputs")) {
        if (!given.contains(required.getAsString())) {
          problems.add(where + ": required input '" + required.getAsString() + "' is not given");
        }
      }
    }
  }

  private void expect(String where, JsonObject type, String kind) {
    String expected = type.has("type") ? type.get("type").getAsString() : "object";
    boolean ok = expected.equals(kind) || (expected.equals("number") && kind.equals("integer"));
    if (!ok) {
      problems.add(where + ": the schema says " + expected + ", the program gives " + kind);
    }
  }
}
