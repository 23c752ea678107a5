package dev.idcprov.waiter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ArnVocabularyTest {
  static final String INSTANCE_ID = "ssoins-0123456789abcdef";
  static final String PS_ID = "ps-0123456789abcdef";

  static String instance(String partition) {
    return "arn:" + partition + ":sso:::instance/" + INSTANCE_ID;
  }

  static String permissionSet(String partition, String instanceId) {
    return "arn:" + partition + ":sso:::permissionSet/" + instanceId + "/" + PS_ID;
  }

  static List<String> sdkPartitions() {
    return ArnSyntax.knownPartitions();
  }

  @Test
  void knownPartitions_comeFromTheSdk_andIncludeThoseTheOldRegexMissed() {
    assertThat(ArnSyntax.knownPartitions())
        .contains("aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc")
        .isSorted().doesNotHaveDuplicates();
  }

  @ParameterizedTest
  @ValueSource(strings = {"aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f",
      "aws-eusc"})
  void everyPartition_isAccepted_andExposesItsParts(String partition) {
    InstanceArn instance = InstanceArn.parse("instanceArn", instance(partition));
    PermissionSetArn set = PermissionSetArn.parse("permissionSetArn", permissionSet(partition, INSTANCE_ID));

    assertThat(instance.partition()).isEqualTo(partition);
    assertThat(instance.instanceId()).isEqualTo(INSTANCE_ID);
    assertThat(instance).hasToString(instance(partition));
    assertThat(set.partition()).isEqualTo(partition);
    assertThat(set.instanceId()).isEqualTo(INSTANCE_ID);
    assertThat(set.permissionSetId()).isEqualTo(PS_ID);
    assertThat(set.instanceArn()).isEqualTo(instance);
    assertThat(set.belongsTo(instance)).isTrue();
    assertThat(AwsIds.requireInstanceArn("f", instance(partition))).isEqualTo(instance(partition));
    assertThat(AwsIds.requirePermissionSetArn("f", set.toString())).isEqualTo(set.toString());
  }

  @ParameterizedTest
  @MethodSource("sdkPartitions")
  void everyPartitionTheSdkKnows_isAccepted(String partition) {
    assertThat(InstanceArn.parse(instance(partition)).partition()).isEqualTo(partition);
    assertThat(ManagedPolicyArn.parse("p", "arn:" + partition + ":iam::aws:policy/ReadOnlyAccess").partition())
        .isEqualTo(partition);
  }

  @Test
  void idsOfTheServiceModel_areAccepted_insWithoutSsoAndPermissionSetIdWithSlash() {
    PermissionSetArn set =
        PermissionSetArn.parse("arn:aws:sso:::permissionSet/ins-0123456789abcdef/ps-01234567/9abcdef");

    assertThat(set.instanceId()).isEqualTo("ins-0123456789abcdef");
    assertThat(set.permissionSetId()).isEqualTo("ps-01234567/9abcdef");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "nope | it is not an ARN",
      "'' | it is not an ARN",
      "arn:aws:sso | it is not an ARN",
      "arn::sso:::instance/ssoins-0123456789abcdef | it is not an ARN",
      "arn:aws-mars:sso:::instance/ssoins-0123456789abcdef | partition 'aws-mars' is none the AWS SDK knows (aws,",
      "arn:aws:iam:::instance/ssoins-0123456789abcdef | its service is 'iam', not 'sso'",
      "arn:aws:sso:eu-west-1::instance/ssoins-0123456789abcdef | it names region 'eu-west-1'",
      "arn:aws:sso::111111111111:instance/ssoins-0123456789abcdef | it names account '111111111111'",
      "arn:aws:sso:::instance/nope | instance id 'nope' is not ssoins- or ins-",
      "arn:aws:sso:::instance/ssoins-0123 | instance id 'ssoins-0123' is not",
      "arn:aws:sso:::instance:ssoins-0123456789abcdef | it is not written as arn:aws:sso:::instance/ssoins-",
      "arn:aws:sso:::instance/ssoins-0123456789abcdef/ps-1 | resource 'instance/ssoins-0123456789abcdef/ps-1' is not",
      "arn:aws:sso:::permissionSet/ssoins-0123456789abcdef/ps-0123456789abcdef | its resource 'permissionSet/",
  })
  void badInstanceArn_isRejected_namingTheFieldTheValueTheReasonAndWhatIsAllowed(String value, String reason) {
    assertThatThrownBy(() -> InstanceArn.parse("--instance-arn", value)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("--instance-arn '" + value + "' is not valid: ")
        .hasMessageContaining(reason)
        .hasMessageEndingWith("; expected an IAM Identity Center instance ARN such as " + InstanceArn.EXAMPLE);
    assertThatThrownBy(() -> AwsIds.requireInstanceArn("instanceArn", value))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("instanceArn '")
        .hasMessageContaining(reason);
    assertThat(InstanceArn.tryParse(value)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "ps-123 | it is not an ARN",
      "arn:aws-mars:sso:::permissionSet/ssoins-0123456789abcdef/ps-0123456789abcdef | partition 'aws-mars'",
      "arn:aws:sso:::instance/ssoins-0123456789abcdef | its resource 'instance/",
      "arn:aws:sso:::permissionSet/ssoins-0123456789abcdef | is not permissionSet/INSTANCE_ID/PERMISSION_SET_ID",
      "arn:aws:sso:::permissionSet/nope/ps-0123456789abcdef | instance id 'nope'",
      "arn:aws:sso:::permissionSet/ssoins-0123456789abcdef/ps-1 | permission set id 'ps-1' is not ps-",
      "arn:aws:sso:::permissionSet:ssoins-0123456789abcdef/ps-0123456789abcdef | is not permissionSet/INSTANCE_ID/",
      "arn:aws:sso:::permissionSet/ssoins-0123456789abcdef:ps-0123456789abcdef | is not permissionSet/INSTANCE_ID/",
  })
  void badPermissionSetArn_isRejected_namingTheFieldTheValueTheReasonAndWhatIsAllowed(String value, String reason) {
    assertThatThrownBy(() -> PermissionSetArn.parse("permissionSetArns[2]", value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("permissionSetArns[2] '" + value + "' is not valid: ")
        .hasMessageContaining(reason)
        .hasMessageEndingWith("; expected a permission set ARN such as " + PermissionSetArn.EXAMPLE);
    assertThat(PermissionSetArn.tryParse(value)).isEmpty();
  }

  @Test
  void nullArn_isRejected_namingTheField() {
    assertThatThrownBy(() -> InstanceArn.parse("instanceArn", null)).isInstanceOf(NullPointerException.class)
        .hasMessage("instanceArn must not be null: expected an IAM Identity Center instance ARN such as "
            + InstanceArn.EXAMPLE);
    assertThatThrownBy(() -> PermissionSetArn.parse("permissionSetArns[0]", null))
        .isInstanceOf(NullPointerException.class).hasMessageStartingWith("permissionSetArns[0] must not be null");
    assertThatThrownBy(() -> ManagedPolicyArn.parse("managedPolicyArn", null))
        .isInstanceOf(NullPointerException.class).hasMessageStartingWith("managedPolicyArn must not be null");
    assertThat(InstanceArn.tryParse(null)).isEmpty();
    assertThat(PermissionSetArn.tryParse(null)).isEmpty();
  }

  @Test
  void longBadValue_isShownTruncated() {
    String value = "arn:aws:sso:::instance/" + "x".repeat(500);

    assertThatThrownBy(() -> InstanceArn.parse("instanceArn", value))
        .hasMessageStartingWith("instanceArn '" + value.substring(0, 100) + "... (423 more characters)' is not")
        .hasMessageNotContaining(value);
    assertThatThrownBy(() -> AwsIds.requireAccountId("accountIds[0]", "1".repeat(300)))
        .hasMessageContaining("... (200 more characters)' is not valid");
  }

  @Test
  void permissionSetOfAnotherInstanceOrPartition_doesNotBelongToTheInstance() {
    InstanceArn instance = InstanceArn.parse(instance("aws"));

    assertThat(PermissionSetArn.parse(permissionSet("aws", "ssoins-ffffffffffffffff")).belongsTo(instance)).isFalse();
    assertThat(PermissionSetArn.parse(permissionSet("aws-us-gov", INSTANCE_ID)).belongsTo(instance)).isFalse();
    assertThat(PermissionSetArn.parse(permissionSet("aws", INSTANCE_ID)).belongsTo(instance)).isTrue();
    assertThatThrownBy(() -> PermissionSetArn.parse(permissionSet("aws", INSTANCE_ID)).belongsTo(null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void equalArns_areEqual_andOthersAreNot() {
    assertThat(InstanceArn.parse(instance("aws"))).isEqualTo(InstanceArn.parse(instance("aws")))
        .hasSameHashCodeAs(InstanceArn.parse(instance("aws"))).isNotEqualTo(InstanceArn.parse(instance("aws-cn")));
    assertThat(PermissionSetArn.parse(permissionSet("aws", INSTANCE_ID)))
        .isEqualTo(PermissionSetArn.parse(permissionSet("aws", INSTANCE_ID)))
        .isNotEqualTo(PermissionSetArn.parse(permissionSet("aws", "ssoins-ffffffffffffffff")));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "arn:aws:iam::aws:policy/ReadOnlyAccess | aws | / | ReadOnlyAccess",
      "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess | aws | /job-function/ | ViewOnlyAccess",
      "arn:aws-iso-f:iam::aws:policy/service-role/a/AWSConfigRole | aws-iso-f | /service-role/a/ | AWSConfigRole",
  })
  void managedPolicyArn_exposesPartitionPathAndName(String value, String partition, String path, String name) {
    ManagedPolicyArn policy = ManagedPolicyArn.parse("managedPolicyArn", value);

    assertThat(policy.partition()).isEqualTo(partition);
    assertThat(policy.path()).isEqualTo(path);
    assertThat(policy.name()).isEqualTo(name);
    assertThat(policy).hasToString(value).isEqualTo(ManagedPolicyArn.parse("other", value));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "ReadOnlyAccess | it is not an ARN",
      "arn:aws:iam::123456789012:policy/SandboxReadOnly | account '123456789012': a customer managed policy is",
      "arn:aws:iam:::policy/ReadOnlyAccess | it names no account, not 'aws'",
      "arn:aws:sso::aws:policy/ReadOnlyAccess | its service is 'sso', not 'iam'",
      "arn:aws:iam::aws:role/ReadOnlyAccess | its resource 'role/ReadOnlyAccess' is not policy/NAME",
      "arn:aws:iam::aws:policy:ReadOnlyAccess | is not policy/NAME or policy/PATH/NAME",
      "arn:aws:iam::aws:policy/ | it is not an ARN (resource must not be blank",
      "arn:aws:iam::aws:policy/job-function/ | is not policy/NAME or policy/PATH/NAME",
      "arn:aws:iam::aws:policy/Read Only | is not policy/NAME or policy/PATH/NAME",
  })
  void badManagedPolicyArn_isRejected_namingTheFieldTheValueAndTheReason(String value, String reason) {
    assertThatThrownBy(() -> ManagedPolicyArn.parse("managedPolicyArn", value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("managedPolicyArn '" + value + "' is not valid: ")
        .hasMessageContaining(reason)
        .hasMessageEndingWith("; expected an AWS managed policy ARN such as " + ManagedPolicyArn.EXAMPLE);
  }
}
