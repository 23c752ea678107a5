package dev.idcprov.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The one collapse rule shared by the planner and the CLI's {@code provision --outdated}. */
class CollapseRuleTest {

  @Test
  void collapses_onlyWhenAllowed_somethingOutdated_everyOutdatedTargeted_andNoneUpToDate() {
    assertThat(ProvisioningPlan.collapses(true, true, true, false)).isTrue();
    // each condition alone forbids it
    assertThat(ProvisioningPlan.collapses(false, true, true, false)).as("opted out or forced").isFalse();
    assertThat(ProvisioningPlan.collapses(true, false, true, false)).as("nothing outdated").isFalse();
    assertThat(ProvisioningPlan.collapses(true, true, false, false)).as("an outdated account not targeted")
        .isFalse();
    assertThat(ProvisioningPlan.collapses(true, true, true, true)).as("an account up to date").isFalse();
  }
}
