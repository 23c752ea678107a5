package dev.idcprov.waiter;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a wait found: one {@link RequestOutcome} per request that left {@code IN_PROGRESS} (in the order the
 * requests were given), the number of poll rounds, the API calls made per operation and the time taken.
 *
 * <p>A result whose {@link #failed()} list is non-empty is never returned normally by the waiter: it rides
 * on a {@link ProvisioningFailedException}. A partial result (some requests still pending) rides on a
 * {@link ProvisioningTimeoutException}.
 */
public final class WaitResult {
  private final List<RequestOutcome> outcomes;
  private final int pollRounds;
  private final Map<String, Integer> apiCalls;
  private final Duration elapsed;

  /**
   * Creates a result.
   *
   * @param outcomes   the terminal outcomes, in request order
   * @param pollRounds poll rounds made
   * @param apiCalls   API calls made per operation name (for example {@code ListPermissionSetProvisioningStatus}),
   *                   retries included
   * @param elapsed    time from the start of the wait to its end
   * @throws NullPointerException if any argument is null
   */
  public WaitResult(List<RequestOutcome> outcomes, int pollRounds, Map<String, Integer> apiCalls, Duration elapsed) {
    this.outcomes = List.copyOf(outcomes);
    this.pollRounds = pollRounds;
    this.apiCalls = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(apiCalls, "apiCalls")));
    this.elapsed = Objects.requireNonNull(elapsed, "elapsed");
  }

  /** @return every terminal outcome, in request order */
  public List<RequestOutcome> outcomes() {
    return outcomes;
  }

  /** @return the outcomes whose status is SUCCEEDED */
  public List<RequestOutcome> succeeded() {
    return outcomes.stream().filter(o -> !o.failed()).toList();
  }

  /** @return the outcomes whose status is FAILED */
  public List<RequestOutcome> failed() {
    return outcomes.stream().filter(RequestOutcome::failed).toList();
  }

  /**
   * @param requestId a RequestId
   * @return its outcome, or empty when it had not left IN_PROGRESS (or was not part of the wait)
   */
  public Optional<RequestOutcome> outcome(String requestId) {
    return outcomes.stream().filter(o -> o.requestId().equals(requestId)).findFirst();
  }

  /** @return the number of poll rounds */
  public int pollRounds() {
    return pollRounds;
  }

  /** @return API calls made per operation, retries included */
  public Map<String, Integer> apiCalls() {
    return apiCalls;
  }

  /** @return the total number of API calls made, retries included */
  public int totalApiCalls() {
    return apiCalls.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** @return time from the start of the wait to its end */
  public Duration elapsed() {
    return elapsed;
  }

  @Override
  public String toString() {
    return "WaitResult{succeeded=" + succeeded().size() + ", failed=" + failed().size() + ", pollRounds="
        + pollRounds + ", apiCalls=" + apiCalls + ", elapsed=" + elapsed + '}';
  }
}
