package dev.idcprov.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idcprov.provisioning.PlannedTarget;
import dev.idcprov.provisioning.ProvisioningPlan;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code provision --outdated} decides the collapse from the same input as the planner: any account the read of the
 * up-to-date accounts listed forbids it, even one also listed as outdated (so absent from the plan's upToDate).
 */
class CollapseInputTest {
  private static final String PS = BadInputTest.PS;
  private static final String INSTANCE = BadInputTest.INSTANCE;
  private static final String A = "111111111111";
  private static final String B = "222222222222";

  private static DriftCheck.Result result(Set<String> listedUpToDate) {
    List<DriftCheck.Finding> findings = List.of(
        new DriftCheck.Finding("Set", PS, A, DriftCheck.State.OUTDATED, null, null),
        new DriftCheck.Finding("Set", PS, B, DriftCheck.State.OUTDATED, null, null));
    return new DriftCheck.Result(INSTANCE, List.of(PS), findings, Map.of(PS, List.of()), listedUpToDate);
  }

  @Test
  void anAccountListedUpToDate_thoughAlsoOutdated_forbidsTheCollapse() {
    ProvisioningPlan plan = result(Set.of(PS)).toPlan(true);

    assertThat(plan.targets()).extracting(PlannedTarget::accountId, PlannedTarget::reason).containsExactly(
        org.assertj.core.groups.Tuple.tuple(A, PlannedTarget.Reason.OUTDATED),
        org.assertj.core.groups.Tuple.tuple(B, PlannedTarget.Reason.OUTDATED));
    assertThat(plan.anyUpToDate(PS)).isTrue();
  }

  @Test
  void noAccountListedUpToDate_collapses() {
    ProvisioningPlan plan = result(Set.of()).toPlan(true);

    assertThat(plan.targets()).containsExactly(new PlannedTarget(PS, null, PlannedTarget.Reason.ALL_OUTDATED));
    assertThat(plan.coveredBy(PS)).containsExactly(A, B);
  }
}
