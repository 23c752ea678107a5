package dev.idcprov.waiter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@link RequestBudget}'s two kinds of callers, on a budget of one call every 1000 s: the few microseconds the test
 * takes are nothing against that gap, so the answers are those of one instant (the rules themselves are tested in
 * virtual nanoseconds in {@code JustInTimeSlotsTest}).
 */
class RequestBudgetTest {
  private static final Duration GAP = Duration.ofSeconds(1000);
  private static final Duration SECOND = Duration.ofSeconds(1);

  @Test
  void backgroundCallers_holdAtMostTheSlotNowAndTheNext_soACallSomeoneWaitsOnGoesThird() {
    RequestBudget budget = RequestBudget.of(RequestBudget.MIN_REQUESTS_PER_SECOND);

    RequestBudget.Slot first = budget.reserveBackground();
    RequestBudget.Slot second = budget.reserveBackground();
    RequestBudget.Slot third = budget.reserveBackground();
    Duration waited = budget.reserve();

    assertThat(first).isEqualTo(new RequestBudget.Slot(true, Duration.ZERO));
    assertThat(second.granted()).isTrue();
    assertThat(second.delay()).isBetween(GAP.minus(SECOND), GAP);
    // refused: nothing reserved, ask again when the next free slot is one gap away
    assertThat(third.granted()).isFalse();
    assertThat(third.delay()).isBetween(GAP.minus(SECOND), GAP);
    // a call someone waits on takes the slot after those two, not after every background call waiting
    assertThat(waited).isBetween(GAP.multipliedBy(2).minus(SECOND), GAP.multipliedBy(2));
    assertThat(budget.reserveBackground().granted()).isFalse();
  }

  @Test
  void reserve_alone_queuesEveryCallAsBefore() {
    RequestBudget budget = RequestBudget.of(RequestBudget.MIN_REQUESTS_PER_SECOND);

    assertThat(budget.reserve()).isZero();
    assertThat(budget.reserve()).isBetween(GAP.minus(SECOND), GAP);
    assertThat(budget.reserve()).isBetween(GAP.multipliedBy(2).minus(SECOND), GAP.multipliedBy(2));
  }

  @Test
  void unlimited_grantsEveryBackgroundCallAtOnce() {
    for (int i = 0; i < 100; i++) {
      assertThat(RequestBudget.unlimited().reserveBackground()).isEqualTo(new RequestBudget.Slot(true, Duration.ZERO));
    }
  }

  @Test
  void slot_refusesANegativeOrMissingDelay() {
    assertThatThrownBy(() -> new RequestBudget.Slot(false, Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("delay must not be negative, got PT-0.001S");
    assertThatThrownBy(() -> new RequestBudget.Slot(true, null))
        .isInstanceOf(NullPointerException.class).hasMessage("delay");
  }
}
