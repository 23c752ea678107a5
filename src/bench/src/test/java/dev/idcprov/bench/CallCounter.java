package dev.idcprov.bench;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts every HTTP attempt of a contender's client and whether the answer was a ThrottlingException, into its
 * {@link ContenderRun}: the per-process split of W6, where the sandbox's own counters see all processes together.
 * An attempt whose connection fails without an answer is not counted.
 */
final class CallCounter implements ExecutionInterceptor {
  private final ContenderRun run;

  CallCounter(ContenderRun run) {
    this.run = run;
  }

  @Override
  public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
    String op = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    boolean throttled = context.httpResponse().firstMatchingHeader("x-amzn-ErrorType")
        .filter(t -> t.startsWith("ThrottlingException")).isPresent();
    run.called(op == null ? "unknown" : op, throttled);
  }
}
