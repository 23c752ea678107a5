package dev.idcprov.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.idcprov.provisioning.PlannedTarget;
import dev.idcprov.provisioning.ProvisioningOutcome;
import dev.idcprov.provisioning.ProvisioningPlan;
import dev.idcprov.provisioning.SubmittedRequest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A not-submitted ALL_OUTDATED target (no account) names the follow-ups of its set's FAILED
 * ALL_PROVISIONED_ACCOUNTS request when that request was accepted and FAILED, and the request itself otherwise.
 */
class NotSubmittedTextTest {
  private static final String PS = BadInputTest.PS;
  private static final String INSTANCE = BadInputTest.INSTANCE;
  private static final String ID = "11111111-1111-4111-8111-111111111111";
  private static final PlannedTarget ALL = new PlannedTarget(PS, null, PlannedTarget.Reason.ALL_OUTDATED);

  private static String print(List<ProvisioningOutcome.AcceptedRequest> accepted, OutputFormat format) {
    ProvisioningOutcome o = new ProvisioningOutcome(new ProvisioningPlan(INSTANCE, List.of(ALL), Map.of()), accepted,
        List.of(ALL), List.of(), null, new IllegalStateException("the deadline passed"));
    StringWriter s = new StringWriter();
    PrintWriter out = new PrintWriter(s);
    RunOutcomeView.print(new ResultView("provision", INSTANCE), o, new Rendering(format, null), out);
    out.flush();
    return s.toString();
  }

  @Test
  void theFollowUpsOfAFailedCollapsedRequest_areNamedAsSuch() {
    List<ProvisioningOutcome.AcceptedRequest> accepted = List.of(new ProvisioningOutcome.AcceptedRequest(
        new SubmittedRequest(ID, ALL, Instant.EPOCH), ProvisioningOutcome.LastStatus.FAILED, "suspended"));

    String text = print(accepted, OutputFormat.text);

    assertThat(text).contains("not submitted: 1 target(s)\n  " + PS + " -> (follow-ups of the FAILED "
        + "ALL_PROVISIONED_ACCOUNTS request " + ID + " not submitted; the request itself was sent)");
    assertThat(text).doesNotContain(PS + " -> (all provisioned)");
    JsonObject doc = JsonParser.parseString(print(accepted, OutputFormat.json)).getAsJsonObject();
    assertThat(doc.getAsJsonArray("notSubmitted").get(0).getAsJsonObject().get("followUpsOf").getAsString())
        .isEqualTo(ID);
  }

  @Test
  void aCollapsedRequestNeverSent_isNamedAsTheRequest() {
    String text = print(List.of(), OutputFormat.text);

    assertThat(text).contains("not submitted: 1 target(s)\n  " + PS + " -> (all provisioned)");
    assertThat(text).doesNotContain("follow-ups");
    JsonObject doc = JsonParser.parseString(print(List.of(), OutputFormat.json)).getAsJsonObject();
    assertThat(doc.getAsJsonArray("notSubmitted").get(0).getAsJsonObject().has("followUpsOf")).isFalse();
  }
}
