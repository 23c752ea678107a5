package dev.idcprov.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import io.burt.jmespath.gson.GsonRuntime;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** --query and the output formats over a command's JSON document. */
class RenderingTest {
  private static final JsonElement DOC = JsonParser.parseString("{\"command\":\"wait\",\"outcome\":\"FAILED\","
      + "\"requests\":[{\"requestId\":\"r1\",\"accountId\":\"111111111111\",\"status\":\"SUCCEEDED\","
      + "\"failureReason\":null},{\"requestId\":\"r2\",\"accountId\":\"444444444444\",\"status\":\"FAILED\","
      + "\"failureReason\":\"policy missing\"}],\"counts\":{\"total\":2,\"failed\":1}}");

  private static String print(OutputFormat format, String query) {
    StringWriter s = new StringWriter();
    new Rendering(format, query == null ? null : new GsonRuntime().compile(query))
        .print(DOC, out -> out.println("OWN TEXT"), new PrintWriter(s));
    return s.toString();
  }

  @Test
  void text_withoutQuery_isTheCommandsOwnLayout_withQuery_theAwsCliTabSeparatedValues() {
    assertThat(print(OutputFormat.text, null)).isEqualTo("OWN TEXT\n");
    assertThat(print(OutputFormat.text, "requests[].accountId")).isEqualTo("111111111111\t444444444444\n");
    assertThat(print(OutputFormat.text, "requests[?status=='FAILED'].[accountId, failureReason]"))
        .isEqualTo("444444444444\tpolicy missing\n");
    assertThat(print(OutputFormat.text, "requests[0].failureReason")).isEqualTo("None\n");
  }

  @Test
  void json_and_yaml_ofTheQueryResult() {
    assertThat(print(OutputFormat.json, "counts.failed")).isEqualTo("1\n");
    assertThat(print(OutputFormat.yaml, "{failed: counts.failed, who: requests[?status=='FAILED'].accountId}"))
        .isEqualTo("failed: 1\nwho:\n- '444444444444'\n");
  }

  @Test
  void table_bordersAnObjectsScalars_andAListOfObjectsAsColumns() {
    String t = print(OutputFormat.table, null);
    assertThat(t).contains("| command | wait   |").contains("requests\n+-----------+")
        .containsPattern("\\| requestId \\| accountId\\s+\\| status\\s+\\| failureReason\\s+\\|")
        .containsPattern("\\| r2\\s+\\| 444444444444 \\| FAILED\\s+\\| policy missing \\|")
        .contains("| total  | 2 |");
  }
}
