package dev.idcprov.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The consumer examples ({@code examples/yaml}, {@code examples/typescript}) use only what the checked-in schema
 * offers, with the schema's types: a renamed or retyped input or output breaks the build here, not a user's program.
 */
class ExamplesMatchSchemaTest {
  private static Path examples() {
    return Path.of(System.getProperty("examples.dir", "../../examples"));
  }

  private static ExampleChecker checker() throws IOException {
    return new ExampleChecker(SchemaTest.checkedInSchema());
  }

  @Test
  void yamlExample_usesOnlyTheSchemasInputsAndOutputs_withTheirTypes() throws IOException {
    Path file = examples().resolve("yaml/Pulumi.yaml");
    String yaml = Files.readString(file, StandardCharsets.UTF_8);

    assertThat(yaml).contains("idcprov:index:PermissionSetProvisioning").contains("packages:");
    assertThat(checker().checkYaml(file.toString(), yaml).problems()).isEmpty();
  }

  @Test
  void typeScriptExample_usesOnlyTheSchemasInputsAndOutputs_withTheirTypes() throws IOException {
    Path file = examples().resolve("typescript/index.ts");
    String ts = Files.readString(file, StandardCharsets.UTF_8);

    assertThat(ts).contains("new idcprov.PermissionSetProvisioning(");
    assertThat(checker().checkTypeScript(file.toString(), ts).problems()).isEmpty();
  }

  @Test
  void checker_reportsAnUnknownInput_aWrongType_aMissingRequiredInput_andAnUnknownOutput() throws IOException {
    String yaml = """
        config:
          accounts:
            type: string
        resources:
          p:
            type: idcprov:index:PermissionSetProvisioning
            properties:
              instanceArn: 42
              accountIds: ${accounts}
              colour: blue
        outputs:
          x: ${p.nothingLikeThis}
        """;

    assertThat(checker().checkYaml("bad.yaml", yaml).problems()).satisfiesExactlyInAnyOrder(
        p -> assertThat(p).contains("p.instanceArn").contains("schema says string, the program gives integer"),
        p -> assertThat(p).contains("p.accountIds").contains("schema says array, the program gives string"),
        p -> assertThat(p).contains("no input 'colour'"),
        p -> assertThat(p).contains("required input 'permissionSetArns' is not given"),
        p -> assertThat(p).contains("no output 'nothingLikeThis'"));
  }

  @Test
  void checker_readsTypeScriptLiteralsAndConfigReads() throws IOException {
    String ts = """
        const arn = config.require("instanceArn");
        const n = config.requireNumber("n");
        const p = new idcprov.PermissionSetProvisioning("p", {
            instanceArn: n,
            permissionSetArns: [arn],
            force: "yes",
        });
        export const s = p.sumary;
        """;

    assertThat(checker().checkTypeScript("bad.ts", ts).problems()).satisfiesExactlyInAnyOrder(
        p -> assertThat(p).contains("PermissionSetProvisioning.instanceArn").contains("gives number"),
        p -> assertThat(p).contains("PermissionSetProvisioning.force").contains("gives string"),
        p -> assertThat(p).contains("no output 'sumary'"));
  }

}
