package dev.idcprov.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.burt.jmespath.Expression;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * How a command's result reaches stdout: its JSON document, optionally narrowed by {@code --query} (JMESPath), printed
 * as json, yaml, a bordered table, or text. Text without a query is the command's own readable layout; text with a
 * query is the AWS CLI's: values separated by tabs, one line per list element.
 *
 * @param format the output format
 * @param query  the compiled {@code --query}, or null
 */
record Rendering(OutputFormat format, Expression<JsonElement> query) {

  /** @return true when the command's own text layout applies (text, no query) */
  boolean ownText() {
    return format == OutputFormat.text && query == null;
  }

  /**
   * Prints {@code doc}.
   *
   * @param doc       the command's JSON document
   * @param ownText   prints the command's readable layout (text without --query)
   * @param out       stdout
   */
  void print(JsonElement doc, Consumer<PrintWriter> ownText, PrintWriter out) {
    if (ownText()) {
      ownText.accept(out);
      out.flush();
      return;
    }
    JsonElement value = query == null ? doc : query.search(doc);
    switch (format) {
      case json -> out.println(ResultView.GSON.toJson(value == null ? JsonNull.INSTANCE : value));
      case yaml -> out.print(yaml(value));
      case table -> table(query == null ? "" : "result", value, out);
      case text -> text(value, out);
      default -> throw new IllegalStateException("unknown format " + format);
    }
    out.flush();
  }

  // ---- yaml

  static String yaml(JsonElement value) {
    DumperOptions o = new DumperOptions();
    o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    o.setIndent(2);
    o.setIndicatorIndent(0);
    o.setWidth(200);
    return new Yaml(o).dump(plain(value));
  }

  /** @return the element as maps, lists, strings, numbers, booleans and nulls */
  static Object plain(JsonElement e) {
    if (e == null || e.isJsonNull()) {
      return null;
    }
    if (e.isJsonObject()) {
      Map<String, Object> m = new LinkedHashMap<>();
      e.getAsJsonObject().entrySet().forEach(en -> m.put(en.getKey(), plain(en.getValue())));
      return m;
    }
    if (e.isJsonArray()) {
      List<Object> l = new ArrayList<>();
      e.getAsJsonArray().forEach(x -> l.add(plain(x)));
      return l;
    }
    JsonPrimitive p = e.getAsJsonPrimitive();
    if (p.isBoolean()) {
      return p.getAsBoolean();
    }
    if (p.isNumber()) {
      BigDecimal d = p.getAsBigDecimal();
      return d.stripTrailingZeros().scale() <= 0 ? (Object) d.longValueExact() : (Object) d.doubleValue();
    }
    return p.getAsString();
  }

  // ---- text (the AWS CLI's layout for query results)

  static void text(JsonElement value, PrintWriter out) {
    if (value == null || value.isJsonNull()) {
      out.println("None");
    } else if (value.isJsonPrimitive()) {
      out.println(value.getAsString());
    } else if (value.isJsonArray()) {
      JsonArray a = value.getAsJsonArray();
      boolean scalars = true;
      for (JsonElement x : a) {
        scalars &= x.isJsonPrimitive() || x.isJsonNull();
      }
      if (scalars) {
        List<String> cells = new ArrayList<>();
        a.forEach(x -> cells.add(scalar(x)));
        if (!cells.isEmpty()) {
          out.println(String.join("\t", cells));
        }
      } else {
        a.forEach(x -> text(x, out));
      }
    } else {
      JsonObject o = value.getAsJsonObject();
      List<String> cells = new ArrayList<>();
      List<JsonElement> nested = new ArrayList<>();
      o.entrySet().forEach(en -> {
        if (en.getValue().isJsonPrimitive() || en.getValue().isJsonNull()) {
          cells.add(scalar(en.getValue()));
        } else {
          nested.add(en.getValue());
        }
      });
      if (!cells.isEmpty()) {
        out.println(String.join("\t", cells));
      }
      nested.forEach(x -> text(x, out));
    }
  }

  private static String scalar(JsonElement e) {
    return e == null || e.isJsonNull() ? "None" : e.getAsString();
  }

  // ---- table

  /** Prints {@code value} as bordered tables: an object's scalars as NAME | VALUE rows, a list of objects as columns. */
  static void table(String title, JsonElement value, PrintWriter out) {
    if (value == null || value.isJsonNull() || value.isJsonPrimitive()) {
      box(title, List.of(), List.of(List.of(scalar(value))), out);
    } else if (value.isJsonArray()) {
      JsonArray a = value.getAsJsonArray();
      Set<String> columns = new LinkedHashSet<>();
      boolean objects = a.size() > 0;
      for (JsonElement x : a) {
        objects &= x.isJsonObject();
        if (x.isJsonObject()) {
          columns.addAll(x.getAsJsonObject().keySet());
        }
      }
      List<List<String>> rows = new ArrayList<>();
      if (objects) {
        for (JsonElement x : a) {
          List<String> row = new ArrayList<>();
          for (String c : columns) {
            row.add(cell(x.getAsJsonObject().get(c)));
          }
          rows.add(row);
        }
        box(title, List.copyOf(columns), rows, out);
      } else {
        a.forEach(x -> rows.add(List.of(cell(x))));
        box(title, List.of(), rows, out);
      }
    } else {
      JsonObject o = value.getAsJsonObject();
      List<List<String>> rows = new ArrayList<>();
      Map<String, JsonElement> nested = new LinkedHashMap<>();
      o.entrySet().forEach(en -> {
        JsonElement v = en.getValue();
        if (v.isJsonArray() || v.isJsonObject() && !v.getAsJsonObject().isEmpty()) {
          nested.put(en.getKey(), v);
        } else {
          rows.add(List.of(en.getKey(), cell(v)));
        }
      });
      if (!rows.isEmpty()) {
        box(title, List.of(), rows, out);
      }
      nested.forEach((k, v) -> table(title.isEmpty() ? k : title + "." + k, v, out));
    }
  }

  private static String cell(JsonElement e) {
    if (e == null || e.isJsonNull()) {
      return "-";
    }
    return e.isJsonPrimitive() ? e.getAsString() : e.toString();
  }

  private static void box(String title, List<String> header, List<List<String>> rows, PrintWriter out) {
    int columns = header.isEmpty() ? rows.stream().mapToInt(List::size).max().orElse(1) : header.size();
    int[] width = new int[columns];
    List<List<String>> all = new ArrayList<>();
    if (!header.isEmpty()) {
      all.add(header);
    }
    all.addAll(rows);
    for (List<String> r : all) {
      for (int i = 0; i < r.size(); i++) {
        width[i] = Math.max(width[i], r.get(i).length());
      }
    }
    StringBuilder rule = new StringBuilder("+");
    for (int w : width) {
      rule.append("-".repeat(w + 2)).append('+');
    }
    if (!title.isEmpty()) {
      out.println(title);
    }
    out.println(rule);
    if (!header.isEmpty()) {
      out.println(line(header, width));
      out.println(rule);
    }
    for (List<String> r : rows) {
      out.println(line(r, width));
    }
    if (!rows.isEmpty()) {
      out.println(rule);
    }
  }

  private static String line(List<String> cells, int[] width) {
    StringBuilder sb = new StringBuilder("|");
    for (int i = 0; i < width.length; i++) {
      String c = i < cells.size() ? cells.get(i) : "";
      sb.append(' ').append(c).append(" ".repeat(width[i] - c.length())).append(" |");
    }
    return sb.toString();
  }
}
