package dev.idcprov.pulumi.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AwsStackConfigTest {
  private static AwsStackConfig read(Map<String, String> values) {
    return AwsStackConfig.read(key -> Optional.ofNullable(values.get(key)));
  }

  @Test
  void readsWhatTheDefaultProviderReads() {
    AwsStackConfig c = read(Map.of("region", "eu-west-1", "accessKey", "AKIAX", "secretKey", "s3cr3t",
        "assumeRole", "{\"roleArn\":\"arn:aws:iam::111111111111:role/A\",\"duration\":\"45m\",\"policyArns\":"
            + "[\"arn:aws:iam::aws:policy/ReadOnlyAccess\"]}",
        "endpoints", "[{\"ssoadmin\":\"http://127.0.0.1:1\"},{\"sts\":\"http://127.0.0.1:2\"}]",
        "allowedAccountIds", "[\"111111111111\"]"));

    assertThat(c.region()).isEqualTo("eu-west-1");
    assertThat(c.roles()).singleElement().satisfies(r -> {
      assertThat(r.roleArn()).isEqualTo("arn:aws:iam::111111111111:role/A");
      assertThat(r.duration()).isEqualTo(Duration.ofMinutes(45));
      assertThat(r.policyArns()).containsExactly("arn:aws:iam::aws:policy/ReadOnlyAccess");
    });
    assertThat(c.ssoadminEndpoint()).isEqualTo(URI.create("http://127.0.0.1:1"));
    assertThat(c.stsEndpoint()).isEqualTo(URI.create("http://127.0.0.1:2"));
    assertThat(c.allowedAccountIds()).containsExactly("111111111111");
    assertThat(c.toString()).doesNotContain("s3cr3t").doesNotContain("AKIAX");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "assumeRole|{\"sessionName\":\"x\"}|aws:assumeRole.roleArn is required",
      "assumeRole|{\"roleArn\":\"not-an-arn\"}|aws:assumeRole.roleArn is 'not-an-arn'",
      "assumeRole|{\"roleArn\":\"arn:aws:iam::111111111111:role/A\",\"duration\":\"5m\"}|between 15 minutes and 12 hours",
      "assumeRole|{\"roleArn\":\"arn:aws:iam::111111111111:role/A\",\"duration\":\"1 hour\"}|aws:assumeRole.duration is '1 hour'",
      "assumeRoles|{\"roleArn\":\"arn:aws:iam::111111111111:role/A\"}|aws:assumeRoles must be a list",
      "assumeRoles|[{\"roleArn\":\"arn:aws:iam::111111111111:role/A\"},{}]|aws:assumeRoles[1].roleArn is required",
      "allowedAccountIds|[\"123\"]|aws:allowedAccountIds",
      "endpoints|[{\"sts\":\"ftp://x\"}]|aws:endpoints[].sts",
      "secretKey|s3cr3t|aws:accessKey and aws:secretKey go together",
  })
  void malformedConfig_namesTheKey_neverTheSecret(String key, String json, String expected) {
    assertThatThrownBy(() -> read(Map.of(key, json)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(expected)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cr3t"));
  }

  @Test
  void conflictingKeys_areNamed() {
    String role = "{\"roleArn\":\"arn:aws:iam::111111111111:role/A\"}";
    assertThatThrownBy(() -> read(Map.of("assumeRole", role, "assumeRoles", "[" + role + "]")))
        .hasMessageContaining("aws:assumeRole and aws:assumeRoles conflict");
    assertThatThrownBy(() -> read(Map.of("allowedAccountIds", "[\"111111111111\"]", "forbiddenAccountIds",
        "[\"222222222222\"]"))).hasMessageContaining("aws:allowedAccountIds and aws:forbiddenAccountIds conflict");
  }
}
