package dev.idcprov.waiter.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.PriorityQueue;
import org.junit.jupiter.api.Test;

/**
 * Calls someone waits on ({@link AdaptiveRate#reserve}) ahead of background work asking just in time
 * ({@link AdaptiveRate#reserveIfWithin}), in virtual nanoseconds: the benchmark's W3 as a model (ten submissions on
 * one budget, each asking for its next slot as the Submitter does, and a wait's status calls meanwhile).
 */
class JustInTimeSlotsTest {
  private static final long SECOND = 1_000_000_000L;
  /** The gap between calls at 15/s, as {@link AdaptiveRate} rounds it. */
  private static final long GAP = Math.round(1e9 / 15);

  @Test
  void tenSaturatingSubmissions_aStatusCallWaitsAtMostTwoGaps_andEverySlotIsUsed() {
    // ten submissions with work for ever, each asking again at once after a slot and when told after a refusal;
    // a status call every 0.5 s, off the slot grid
    Model m = new Model(new AdaptiveRate(15), 10, 0, SECOND / 2, 60 * SECOND).run();

    assertThat(m.foregroundWaits).hasSize(120);
    assertThat(Collections.max(m.foregroundWaits)).isLessThanOrEqualTo(2 * GAP);
    // the budget's full rate: the slots of both kinds follow one another one gap apart, none idle, none doubled
    assertEveryGapUsed(m.allSlots());
    assertThat(m.allSlots()).hasSize(900);
    assertThat(m.backgroundSlots).hasSize(900 - 120);
  }

  @Test
  void reservingAhead_asSubmissionsDidBefore_aStatusCallWaitsBehindEveryReservedSlot() {
    // the same ten submissions, each keeping 8 slots reserved ahead with reserve() (answers 200 ms after sending):
    // a status call waits behind the ~80 slots held, about 5.3 s at 15/s (what W3 measured)
    Model m = new Model(new AdaptiveRate(15), 10, 8, SECOND / 2, 60 * SECOND).run();

    List<Long> late = m.foregroundWaits.subList(10, m.foregroundWaits.size());
    assertThat(Collections.min(late)).isGreaterThan(70 * GAP);
    assertEveryGapUsed(m.allSlots());
  }

  @Test
  void noStatusCalls_theSubmissionsGetEverySlot() {
    Model m = new Model(new AdaptiveRate(15), 10, 0, 0, 60 * SECOND).run();

    assertThat(m.foregroundWaits).isEmpty();
    assertThat(m.backgroundSlots.get(0)).isZero();
    assertEveryGapUsed(m.backgroundSlots);
    assertThat(m.backgroundSlots).hasSize(900);
  }

  @Test
  void oneSubmissionComingBackUpToAGapLate_stillLeavesNoSlotUnused() {
    // timer lateness: told to ask again one gap before its slot, it absorbs up to one gap of delay
    Model late = new Model(new AdaptiveRate(15), 1, 0, 0, 60 * SECOND);
    late.lateness = GAP * 9 / 10;
    late.run();
    assertEveryGapUsed(late.backgroundSlots);
    assertThat(late.backgroundSlots).hasSize(900);

    // beyond a gap, slots go unused: the bound is real
    Model later = new Model(new AdaptiveRate(15), 1, 0, 0, 60 * SECOND);
    later.lateness = GAP * 3 / 2;
    later.run();
    assertThat(later.backgroundSlots.size()).isLessThan(800);
  }

  @Test
  void afterAThrottle_bothKindsShareTheLowerRate_andAStatusCallStillWaitsAtMostTwoOfItsGaps() {
    AdaptiveRate rate = new AdaptiveRate(15);
    Model m = new Model(rate, 10, 0, SECOND / 2, 60 * SECOND);
    m.throttleAt = 30 * SECOND;
    m.run();

    long cutGap = Math.round(1e9 / 7.5);
    assertThat(rate.rate()).isEqualTo(7.5);
    assertThat(Collections.max(m.foregroundWaits)).isLessThanOrEqualTo(2 * cutGap);
    // 30 s at 15/s, then 30 s at 7.5/s (give or take the slots handed out before the cut)
    assertThat(m.allSlots().size()).isBetween(450 + 225 - 2, 450 + 225 + 2);
  }

  @Test
  void reserveIfWithin_handsOutAtMostTheSlotNowAndTheNextOne_thenSaysWhenToAskAgain() {
    AdaptiveRate r = new AdaptiveRate(10);

    assertThat(r.reserveIfWithin(0, 1)).isZero();
    assertThat(r.reserveIfWithin(0, 1)).isEqualTo(SECOND / 10);
    // the next free slot is 0.2 s away, beyond one gap: ask again at 0.1 s, when it is one gap away
    assertThat(r.reserveIfWithin(0, 1)).isEqualTo(-SECOND / 10);
    // a reserve() takes it meanwhile, at once, behind only those two
    assertThat(r.reserve(0)).isEqualTo(2 * SECOND / 10);
    assertThat(r.reserveIfWithin(SECOND / 10, 1)).isEqualTo(-SECOND / 10);
    assertThat(r.reserveIfWithin(2 * SECOND / 10, 1)).isEqualTo(SECOND / 10);
    assertThatThrownBy(() -> r.reserveIfWithin(0, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("slotsAhead must be at least 1, got 0");
  }

  private static void assertEveryGapUsed(List<Long> slots) {
    List<Long> sorted = new ArrayList<>(slots);
    Collections.sort(sorted);
    for (int k = 1; k < sorted.size(); k++) {
      assertThat(sorted.get(k) - sorted.get(k - 1)).as("gap before slot %d", k).isEqualTo(GAP);
    }
  }

  /**
   * Discrete events in virtual nanoseconds. Just in time ({@code reservedAhead} 0): each submission asks for slots
   * one at a time and, when refused, again when told (plus {@code lateness}). Reserving ahead: each submission has
   * {@code reservedAhead} workers, each reserving a slot with {@code reserve}, sending at it and reserving the next
   * when the answer comes 200 ms later. A status call ({@code reserve}) every {@code foregroundEvery} nanoseconds
   * from a third of that (none when 0).
   */
  private static final class Model {
    final AdaptiveRate rate;
    final int submissions;
    final int reservedAhead;
    final long foregroundEvery;
    final long until;
    long lateness;
    long throttleAt = -1;
    final List<Long> backgroundSlots = new ArrayList<>();
    final List<Long> foregroundSlots = new ArrayList<>();
    final List<Long> foregroundWaits = new ArrayList<>();
    private long seq;
    // {time, seq, kind: 0 submission asks, 1 status call, 2 a reserving-ahead worker's answer}
    private final PriorityQueue<long[]> events = new PriorityQueue<>((a, b) -> a[0] != b[0]
        ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));

    Model(AdaptiveRate rate, int submissions, int reservedAhead, long foregroundEvery, long until) {
      this.rate = rate;
      this.submissions = submissions;
      this.reservedAhead = reservedAhead;
      this.foregroundEvery = foregroundEvery;
      this.until = until;
    }

    Model run() {
      for (int s = 0; s < submissions; s++) {
        if (reservedAhead == 0) {
          add(0, 0);
        } else {
          for (int w = 0; w < reservedAhead; w++) {
            add(0, 2);
          }
        }
      }
      if (foregroundEvery > 0) {
        add(foregroundEvery / 3, 1);
      }
      boolean throttled = false;
      while (!events.isEmpty() && events.peek()[0] < until) {
        long[] e = events.poll();
        long now = e[0];
        if (!throttled && throttleAt >= 0 && now >= throttleAt) {
          rate.onThrottled(now);
          throttled = true;
        }
        if (e[2] == 0) {
          long r;
          while ((r = rate.reserveIfWithin(now, 1)) >= 0) {
            slot(backgroundSlots, now + r);
          }
          add(now - r + lateness, 0);
        } else if (e[2] == 1) {
          long w = rate.reserve(now);
          foregroundWaits.add(w);
          slot(foregroundSlots, now + w);
          add(now + foregroundEvery, 1);
        } else {
          long at = now + rate.reserve(now);
          slot(backgroundSlots, at);
          add(at + SECOND / 5, 2);
        }
      }
      return this;
    }

    List<Long> allSlots() {
      List<Long> all = new ArrayList<>(backgroundSlots);
      all.addAll(foregroundSlots);
      return all;
    }

    private void slot(List<Long> slots, long at) {
      if (at < until) {
        slots.add(at);
      }
    }

    private void add(long at, long kind) {
      events.add(new long[] {at, seq++, kind});
    }
  }
}
