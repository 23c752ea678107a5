package dev.idcprov.sandbox;

import java.time.Duration;
import java.util.Objects;

/**
 * The realism controls of a running sandbox that a test may change at any moment, for example to turn throttling on
 * in the middle of a run. Thread-safe; changes apply to the next request. Obtain it with
 * {@link SsoAdminSandbox#faults()}; its initial values come from the {@link SsoAdminSandbox.Builder}.
 *
 * <p>Rates are probabilities in {@code [0, 1]} drawn per request from the sandbox's seeded random source; at most one
 * fault is injected per request, so the four rates together must not exceed 1. Durations are in sandbox time (divided
 * by the time scale on the wall clock).
 *
 * <pre>{@code
 * sandbox.faults().throttleRate(1.0);   // every request is throttled from now on
 * sandbox.faults().throttleRate(0.0);
 * }</pre>
 */
public final class SandboxFaults {
  private double throttleRate;
  private double serverErrorRate;
  private double dropConnectionRate;
  private double dropResponseRate;
  private Duration latency = Duration.ZERO;
  private Duration listVisibilityLag = Duration.ZERO;
  private boolean listLagVaries;

  SandboxFaults() {}

  /**
   * @param p probability that a request is answered {@code ThrottlingException} (HTTP 400, "Rate exceeded")
   * @return this
   * @throws IllegalArgumentException when {@code p} is outside {@code [0, 1]} or the rates would add up beyond 1
   */
  public synchronized SandboxFaults throttleRate(double p) {
    checkRates("throttleRate", p, serverErrorRate, dropConnectionRate, dropResponseRate);
    throttleRate = p;
    return this;
  }

  /**
   * @param p probability that a request is answered {@code InternalServerException} (HTTP 500)
   * @return this
   * @throws IllegalArgumentException when {@code p} is outside {@code [0, 1]} or the rates would add up beyond 1
   */
  public synchronized SandboxFaults serverErrorRate(double p) {
    checkRates("serverErrorRate", p, throttleRate, dropConnectionRate, dropResponseRate);
    serverErrorRate = p;
    return this;
  }

  /**
   * @param p probability that the connection is closed without any response
   * @return this
   * @throws IllegalArgumentException when {@code p} is outside {@code [0, 1]} or the rates would add up beyond 1
   */
  public synchronized SandboxFaults dropConnectionRate(double p) {
    checkRates("dropConnectionRate", p, throttleRate, serverErrorRate, dropResponseRate);
    dropConnectionRate = p;
    return this;
  }

  /**
   * Drops the answer <i>after</i> the request was processed, as a proxy or a network failure on the way back does:
   * the operation takes effect (a {@code ProvisionPermissionSet} request is created and runs) but the client sees an
   * I/O error and never learns its RequestId. Drawn from the same seeded random source as the other faults.
   *
   * @param p probability that a request is processed and its connection then closed without any response
   * @return this
   * @throws IllegalArgumentException when {@code p} is outside {@code [0, 1]} or the rates would add up beyond 1
   */
  public synchronized SandboxFaults dropResponseRate(double p) {
    checkRates("dropResponseRate", p, throttleRate, serverErrorRate, dropConnectionRate);
    dropResponseRate = p;
    return this;
  }

  /** @return the probability that a request is processed and its response dropped */
  public synchronized double dropResponseRate() {
    return dropResponseRate;
  }

  /**
   * @param latency delay added before every response (sandbox time)
   * @return this
   * @throws NullPointerException when {@code latency} is null
   * @throws IllegalArgumentException when {@code latency} is negative
   */
  public synchronized SandboxFaults latency(Duration latency) {
    this.latency = nonNegative("latency", latency);
    return this;
  }

  /**
   * @param lag how far in the past the state that list operations see lies (eventual consistency, sandbox time)
   * @return this
   * @throws NullPointerException when {@code lag} is null
   * @throws IllegalArgumentException when {@code lag} is negative
   */
  public synchronized SandboxFaults listVisibilityLag(Duration lag) {
    this.listVisibilityLag = nonNegative("listVisibilityLag", lag);
    return this;
  }

  /**
   * @param varies false (the default): every list call sees the state exactly {@link #listVisibilityLag()} ago, so
   *               successive reads never go back in time; true: each list call (each page) sees it a random time
   *               between 0 and the lag ago, as reads served by different replicas of an eventually consistent index
   *               do, so a later read may show an older state than an earlier one
   * @return this
   */
  public synchronized SandboxFaults listLagVaries(boolean varies) {
    this.listLagVaries = varies;
    return this;
  }

  /** @return the probability of an injected {@code ThrottlingException} */
  public synchronized double throttleRate() {
    return throttleRate;
  }

  /** @return the probability of an injected {@code InternalServerException} */
  public synchronized double serverErrorRate() {
    return serverErrorRate;
  }

  /** @return the probability of a dropped connection */
  public synchronized double dropConnectionRate() {
    return dropConnectionRate;
  }

  /** @return the delay added before every response (sandbox time) */
  public synchronized Duration latency() {
    return latency;
  }

  /** @return the list visibility lag (sandbox time) */
  public synchronized Duration listVisibilityLag() {
    return listVisibilityLag;
  }

  /** @return whether each list call draws its own lag between 0 and {@link #listVisibilityLag()} */
  public synchronized boolean listLagVaries() {
    return listLagVaries;
  }

  static void checkRate(String field, double p) {
    if (!(p >= 0.0 && p <= 1.0)) {
      throw new IllegalArgumentException(field + " must be a probability between 0 and 1, got " + p);
    }
  }

  private static void checkRates(String field, double p, double other1, double other2, double other3) {
    checkRate(field, p);
    if (p + other1 + other2 + other3 > 1.0 + 1e-9) {
      throw new IllegalArgumentException(field + " = " + p
          + " would make throttleRate + serverErrorRate + dropConnectionRate + dropResponseRate exceed 1");
    }
  }

  static Duration nonNegative(String field, Duration d) {
    Objects.requireNonNull(d, field);
    if (d.isNegative()) {
      throw new IllegalArgumentException(field + " must not be negative, got " + d);
    }
    return d;
  }
}
