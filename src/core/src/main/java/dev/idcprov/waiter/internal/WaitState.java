package dev.idcprov.waiter.internal;

/**
 * Where a wait stands, the one state of a {@link WaitSession} (changed under its lock): whether requests may still
 * be added, whether a round is scheduled or running, or whether the wait has ended and how.
 *
 * <pre>
 *   OPEN_IDLE --add--> OPEN_SCHEDULED --round starts--> OPEN_POLLING --round ends--> OPEN_SCHEDULED
 *                                                                   \--everything resolved--> OPEN_IDLE
 *   seal:  OPEN_IDLE --> SEALED_SCHEDULED, or ENDED_SEALED when everything is resolved
 *          OPEN_SCHEDULED --> SEALED_SCHEDULED (the round brought forward)      OPEN_POLLING --> SEALED_POLLING
 *   SEALED_SCHEDULED --round starts--> SEALED_POLLING --round ends--> SEALED_SCHEDULED, or ENDED_SEALED when
 *                                                                     everything is resolved
 *                            SEALED_POLLING --last pending request read--> ENDED_SEALED (mid-round)
 *   deadline, API failure, cancellation: any other --> ENDED_OPEN or ENDED_SEALED (whether it was sealed is kept)
 * </pre>
 */
enum WaitState {
  /** Open, no round scheduled or running: waits for {@link WaitSession#add} or a seal. The initial state. */
  OPEN_IDLE,
  /** Open, the next round is scheduled (at the open pace). */
  OPEN_SCHEDULED,
  /** Open, a round is running (or finishing: until the next one is scheduled). */
  OPEN_POLLING,
  /** Sealed, the next round is scheduled. A sealed wait is never idle: it ends when nothing is left to poll. */
  SEALED_SCHEDULED,
  /** Sealed, a round is running (or finishing). */
  SEALED_POLLING,
  /** Ended before the seal (deadline while open, cancelled, an API failure): {@code add} returns false. */
  ENDED_OPEN,
  /** Ended after the seal: {@code add} throws as for any sealed wait. */
  ENDED_SEALED;

  boolean sealed() {
    return this == SEALED_SCHEDULED || this == SEALED_POLLING || this == ENDED_SEALED;
  }

  boolean ended() {
    return this == ENDED_OPEN || this == ENDED_SEALED;
  }

  /** @return this state once sealed; the caller has handled {@link #OPEN_IDLE} (it ends or schedules) */
  WaitState seal() {
    return switch (this) {
      case OPEN_SCHEDULED -> SEALED_SCHEDULED;
      case OPEN_POLLING -> SEALED_POLLING;
      default -> throw new IllegalStateException("cannot seal a wait in state " + this);
    };
  }

  /** @return the state with a round running, from the state with it scheduled */
  WaitState polling() {
    return switch (this) {
      case OPEN_SCHEDULED -> OPEN_POLLING;
      case SEALED_SCHEDULED -> SEALED_POLLING;
      default -> throw new IllegalStateException("no round is scheduled in state " + this);
    };
  }

  /** @return the state with the next round scheduled, after a round */
  WaitState scheduled() {
    return switch (this) {
      case OPEN_POLLING -> OPEN_SCHEDULED;
      case SEALED_POLLING -> SEALED_SCHEDULED;
      default -> throw new IllegalStateException("cannot schedule a round in state " + this);
    };
  }

  /** @return the ended state that keeps whether the wait was sealed */
  WaitState end() {
    return sealed() ? ENDED_SEALED : ENDED_OPEN;
  }
}
