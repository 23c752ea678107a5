package dev.idcprov.pulumi.internal;

import com.pulumi.Config;
import com.pulumi.Log;
import com.pulumi.core.Output;
import com.pulumi.core.internal.Internal;
import com.pulumi.core.internal.OutputData;
import com.pulumi.core.internal.OutputInternal;
import com.pulumi.deployment.Deployment;
import com.pulumi.deployment.internal.DeploymentImpl;
import com.pulumi.deployment.internal.DeploymentInstanceInternal;
import com.pulumi.resources.ProviderResource;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The one place the component uses the Pulumi Java SDK where it has no public API (1.36.1): a namespace's config
 * outside a {@code Context}, the deployment's engine log attached to a resource, an output whose value may be unknown,
 * an output's data with its known/unknown flag. Everything else goes through the public API. When the SDK changes,
 * this class is what to look at.
 */
public final class PulumiSdk {
  /** The type of a pulumi-aws provider resource. */
  public static final String AWS_PROVIDER_TYPE = "pulumi:providers:aws";

  private PulumiSdk() {
  }

  /**
   * A namespace of the stack's config. {@code Context.config(name)} is the public way, but a component has no
   * {@code Context}; {@code Config.of} is deprecated; the running deployment's config is what both read.
   *
   * @param namespace the namespace, e.g. {@code aws}
   * @return a reader of the namespace's raw values (objects and lists as JSON)
   */
  public static Function<String, Optional<String>> config(String namespace) {
    Config config = new Config(Deployment.getInstance().getConfig(), namespace);
    return config::get;
  }

  /** @return whether the deployment is a preview */
  public static boolean isDryRun() {
    return Deployment.getInstance().isDryRun();
  }

  /** @return the engine log of the running deployment, or null when it cannot be reached */
  public static Log engineLog() {
    try {
      return ((DeploymentImpl) DeploymentInstanceInternal.cast(Deployment.getInstance()).getInternal()).getLog();
    } catch (RuntimeException | LinkageError e) {
      return null;
    }
  }

  /**
   * @param value a future value; null means unknown (preview)
   * @param <T>   the type
   * @return an output of it, unknown where the value is null
   */
  public static <T> Output<T> knownOrUnknown(CompletableFuture<T> value) {
    return new OutputInternal<>(value.thenCompose(v -> v == null
        ? CompletableFuture.completedFuture(OutputData.<T>unknown())
        : Internal.of(Output.of(v)).getDataAsync()));
  }

  /**
   * @param output an output
   * @param <T>    its type
   * @return its value, or null when unknown (preview)
   */
  public static <T> CompletableFuture<T> valueOrNull(Output<T> output) {
    return Internal.of(output).getDataAsync().thenApply(d -> d.isKnown() ? d.getValueNullable() : null);
  }

  /**
   * @param output an output
   * @param <T>    its type
   * @return whether its value is known (false in a preview before its resource exists)
   */
  public static <T> CompletableFuture<Boolean> isKnown(Output<T> output) {
    return Internal.of(output).getDataAsync().thenApply(OutputData::isKnown);
  }

  /**
   * The settings a pulumi-aws {@code Provider} exposes as outputs (region, profile, keys), read by name so this
   * module does not depend on pulumi-aws.
   *
   * @param providers the providers of the options ({@code provider} and {@code providers})
   * @return the settings of the aws provider, or empty when none was given
   */
  public static Optional<Output<ResolvedInputs.ProviderSettings>> awsProvider(List<ProviderResource> providers) {
    ProviderResource aws = providers.stream().filter(p -> p != null && AWS_PROVIDER_TYPE.equals(p.pulumiResourceType()))
        .findFirst().orElse(null);
    if (aws == null) {
      return Optional.empty();
    }
    String name = aws.pulumiResourceName();
    return Optional.of(Output.tuple(setting(aws, "region"), setting(aws, "profile"), setting(aws, "accessKey"),
        setting(aws, "secretKey"), setting(aws, "token")).applyValue(t -> new ResolvedInputs.ProviderSettings(
            name, t.t1, t.t2, t.t3, t.t4, t.t5)));
  }

  @SuppressWarnings("unchecked")
  private static Output<String> setting(ProviderResource provider, String method) {
    try {
      Method m = provider.getClass().getMethod(method);
      Object value = m.invoke(provider);
      if (value instanceof Output<?> out) {
        return ((Output<Object>) out).applyValue(v -> v instanceof Optional<?> o ? (String) o.orElse(null)
            : (String) v);
      }
      return Output.ofNullable(null);
    } catch (ReflectiveOperationException | ClassCastException e) {
      return Output.ofNullable(null);
    }
  }
}
