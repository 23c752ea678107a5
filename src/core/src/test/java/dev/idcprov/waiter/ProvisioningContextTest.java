package dev.idcprov.waiter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;

class ProvisioningContextTest {
  private static final String INSTANCE = "arn:aws:sso:::instance/ssoins-0123456789abcdef";
  private static final String OTHER = "arn:aws:sso:::instance/ssoins-fedcba9876543210";

  @Test
  void defaultContext_isOnePerJvm_andSurvivesClose() {
    ProvisioningContext context = ProvisioningContext.defaultContext();
    context.close();

    assertThat(ProvisioningContext.defaultContext()).isSameAs(context);
    assertThat(context.isDefault()).isTrue();
    assertThat(context.timer().isShutdown()).isFalse();
    assertThat(context.ioExecutor().isShutdown()).isFalse();
  }

  @Test
  void budgets_areOnePerInstance_createdAtTheDefaultRate() {
    try (ProvisioningContext context = ProvisioningContext.builder().defaultRequestsPerSecond(7).build()) {
      RequestBudget first = context.budget(INSTANCE);

      assertThat(context.budget(INSTANCE)).isSameAs(first);
      assertThat(first.requestsPerSecond()).isEqualTo(7);
      assertThat(context.budget(OTHER)).isNotSameAs(first);
      // a rate asked for later does not replace the budget everyone already shares
      assertThat(context.budget(INSTANCE, 3).requestsPerSecond()).isEqualTo(7);
      assertThat(context.budget(OTHER, 3)).isSameAs(context.budget(OTHER));
    }
  }

  @Test
  void configureBudget_replacesTheBudgetForLaterUsers() {
    try (ProvisioningContext context = ProvisioningContext.builder().build()) {
      RequestBudget before = context.budget(INSTANCE);
      RequestBudget after = context.configureBudget(INSTANCE, 2);

      assertThat(after).isNotSameAs(before);
      assertThat(context.budget(INSTANCE)).isSameAs(after);
      assertThat(after.requestsPerSecond()).isEqualTo(2);
    }
  }

  @Test
  void useBudget_countsTheOtherOpenUses_andClosingTwiceCountsOnce() {
    try (ProvisioningContext context = ProvisioningContext.builder().build()) {
      BudgetUse a = context.useBudget(INSTANCE, 10);
      BudgetUse b = context.useBudget(INSTANCE, 5);

      assertThat(a.others()).isZero();
      assertThat(b.others()).isEqualTo(1);
      assertThat(b.budget()).isSameAs(a.budget());
      assertThat(b.budget().requestsPerSecond()).isEqualTo(10);

      b.close();
      b.close();
      assertThat(context.useBudget(INSTANCE, 10).others()).isEqualTo(1);   // only a is still open
      assertThat(context.useBudget(OTHER, 10).others()).isZero();
    }
  }

  @Test
  void useBudget_theFirstUseWhileNoneIsOpen_setsTheRate() {
    try (ProvisioningContext context = ProvisioningContext.builder().build()) {
      // a first deployment asks for 2 calls/s and ends
      BudgetUse first = context.useBudget(INSTANCE, 2);
      first.close();

      // a later one in the same process asks for 10: nobody else runs on the budget, so it gets 10
      BudgetUse later = context.useBudget(INSTANCE, 10);
      BudgetUse joiner = context.useBudget(INSTANCE, 4);

      assertThat(first.budget().requestsPerSecond()).isEqualTo(2);
      assertThat(later.budget().requestsPerSecond()).isEqualTo(10);
      assertThat(joiner.budget()).as("shared while another use is open").isSameAs(later.budget());
      assertThat(context.budget(INSTANCE)).isSameAs(later.budget());
    }
  }

  @Test
  void close_stopsTheThreadsItStarted_butNotThoseItWasGiven() {
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    ExecutorService io = Executors.newSingleThreadExecutor();
    try {
      ProvisioningContext given = ProvisioningContext.builder().timer(timer).ioExecutor(io).build();
      ProvisioningContext own = ProvisioningContext.builder().build();

      given.close();
      own.close();

      assertThat(timer.isShutdown()).isFalse();
      assertThat(io.isShutdown()).isFalse();
      assertThat(own.timer().isShutdown()).isTrue();
      assertThat(own.ioExecutor().isShutdown()).isTrue();
    } finally {
      timer.shutdownNow();
      io.shutdownNow();
    }
  }

  @Test
  void builder_rejectsRatesAndScalesOutOfRange_namingTheField() {
    assertThatThrownBy(() -> ProvisioningContext.builder().defaultRequestsPerSecond(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("defaultRequestsPerSecond must be above 0 and at most 1000, got 0.0");
    assertThatThrownBy(() -> ProvisioningContext.builder().defaultRequestsPerSecond(Double.NaN))
        .hasMessageStartingWith("defaultRequestsPerSecond must be above 0");
    assertThatThrownBy(() -> ProvisioningContext.builder().timeScale(0.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("timeScale must be at least 1 and at most 1000, got 0.5");
    assertThatThrownBy(() -> ProvisioningContext.builder().timeScale(1e9))
        .hasMessageStartingWith("timeScale must be at least 1");
    assertThatThrownBy(() -> ProvisioningContext.builder().clock(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("clock");
  }
}
