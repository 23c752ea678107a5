package dev.idcprov.provider;

import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads a Construct response's state as plain values: output values and secrets unwrapped to what they hold. */
final class Outputs {
  /** The key and value marking a special object of the Pulumi protocol (output value, secret, resource reference). */
  private static final String SIG = "4dabf18193072939515e22adb298388d";
  private static final String OUTPUT_SIG = "d0e6a833031e9bbcd3f4e8bde6ca49a4";
  private static final String SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

  private Outputs() {
  }

  static Map<String, Value> plain(Struct state) {
    Map<String, Value> out = new LinkedHashMap<>();
    state.getFieldsMap().forEach((k, v) -> out.put(k, plain(v)));
    return out;
  }

  static Value plain(Value value) {
    if (value.hasStructValue()) {
      Struct s = value.getStructValue();
      Value sig = s.getFieldsOrDefault(SIG, null);
      if (sig != null && (OUTPUT_SIG.equals(sig.getStringValue()) || SECRET_SIG.equals(sig.getStringValue()))) {
        return plain(s.getFieldsOrDefault("value", Value.newBuilder().setNullValueValue(0).build()));
      }
      Struct.Builder b = Struct.newBuilder();
      s.getFieldsMap().forEach((k, v) -> b.putFields(k, plain(v)));
      return Value.newBuilder().setStructValue(b).build();
    }
    if (value.hasListValue()) {
      ListValue.Builder b = ListValue.newBuilder();
      value.getListValue().getValuesList().forEach(v -> b.addValues(plain(v)));
      return Value.newBuilder().setListValue(b).build();
    }
    return value;
  }
}
