package dev.idcprov.pulumi;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.pulumi.provider.internal.Metadata;
import com.pulumi.provider.internal.infer.ComponentAnalyzer;
import com.pulumi.provider.internal.schema.PackageSpec;
import org.junit.jupiter.api.Test;

/**
 * The component's inputs and outputs stay within what Pulumi's schema inference accepts, so the component can be
 * served to other Pulumi languages by a component provider host.
 */
class ComponentSchemaTest {

  private static JsonObject resourceSchema() {
    PackageSpec spec = ComponentAnalyzer.generateSchema(new Metadata("idcprov", "0.1.0"),
        PermissionSetProvisioning.class);
    JsonObject json = JsonParser.parseString(new Gson().toJson(spec)).getAsJsonObject();
    return json.getAsJsonObject("resources").getAsJsonObject(PermissionSetProvisioning.TYPE);
  }

  @Test
  void schema_listsEveryInputWithItsType_andTheRequiredOnes() {
    JsonObject resource = resourceSchema();

    JsonObject inputs = resource.getAsJsonObject("inputProperties");
    assertThat(inputs.keySet()).containsExactlyInAnyOrder("instanceArn", "permissionSetArns", "accountIds",
        "allProvisionedAccounts", "force", "timeoutSeconds", "pollIntervalSeconds", "maxRequestsPerSecond", "region",
        "profile", "endpoint", "expectedAccountId", "assumeRoleArn", "assumeRoleSessionName", "assumeRoleExternalId",
        "noAssumeRole", "stsEndpoint", "collapseToAllProvisionedAccounts");
    assertThat(inputs.getAsJsonObject("collapseToAllProvisionedAccounts").get("type").getAsString())
        .isEqualTo("boolean");
    assertThat(inputs.getAsJsonObject("instanceArn").get("type").getAsString()).isEqualTo("string");
    assertThat(inputs.getAsJsonObject("permissionSetArns").get("type").getAsString()).isEqualTo("array");
    assertThat(inputs.getAsJsonObject("permissionSetArns").getAsJsonObject("items").get("type").getAsString())
        .isEqualTo("string");
    assertThat(inputs.getAsJsonObject("allProvisionedAccounts").get("type").getAsString()).isEqualTo("boolean");
    assertThat(inputs.getAsJsonObject("timeoutSeconds").get("type").getAsString()).isEqualTo("integer");
    assertThat(inputs.getAsJsonObject("maxRequestsPerSecond").get("type").getAsString()).isEqualTo("number");
    assertThat(resource.getAsJsonArray("requiredInputs")).extracting(e -> e.getAsString())
        .containsExactlyInAnyOrder("instanceArn", "permissionSetArns");
    assertThat(resource.get("isComponent").getAsBoolean()).isTrue();
  }

  @Test
  void schema_listsEveryOutputWithItsType_andNoExtraTypes() {
    JsonObject resource = resourceSchema();

    JsonObject outputs = resource.getAsJsonObject("properties");
    assertThat(outputs.keySet()).containsExactlyInAnyOrder("results", "plannedTargets", "requestCount",
        "succeededCount", "failedCount", "summary");
    JsonObject results = outputs.getAsJsonObject("results");
    assertThat(results.get("type").getAsString()).isEqualTo("array");
    assertThat(results.getAsJsonObject("items").get("$ref").getAsString())
        .isEqualTo("#/types/idcprov:index:RequestResult");
    assertThat(outputs.getAsJsonObject("plannedTargets").getAsJsonObject("items").get("$ref").getAsString())
        .isEqualTo("#/types/idcprov:index:PlanEntry");
    assertThat(outputs.getAsJsonObject("requestCount").get("type").getAsString()).isEqualTo("integer");
    assertThat(outputs.getAsJsonObject("summary").get("type").getAsString()).isEqualTo("string");
    PackageSpec spec = ComponentAnalyzer.generateSchema(new Metadata("idcprov"), PermissionSetProvisioning.class);
    JsonObject types = JsonParser.parseString(new Gson().toJson(spec)).getAsJsonObject().getAsJsonObject("types");
    assertThat(types.keySet()).containsExactlyInAnyOrder("idcprov:index:RequestResult", "idcprov:index:PlanEntry");
    assertThat(types.getAsJsonObject("idcprov:index:RequestResult").getAsJsonObject("properties").keySet())
        .containsExactlyInAnyOrder("permissionSetArn", "accountId", "requestId", "status", "failureReason");
    assertThat(types.getAsJsonObject("idcprov:index:PlanEntry").getAsJsonObject("properties").keySet())
        .containsExactlyInAnyOrder("permissionSetArn", "accountId", "reason");
  }
}
