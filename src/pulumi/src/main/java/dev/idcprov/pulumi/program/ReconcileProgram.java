package dev.idcprov.pulumi.program;

import com.pulumi.Context;
import com.pulumi.Pulumi;
import com.pulumi.core.Output;
import com.pulumi.exceptions.RunException;
import dev.idcprov.pulumi.PermissionSetProvisioning;
import dev.idcprov.pulumi.PlanEntry;
import dev.idcprov.pulumi.RequestResult;
import dev.idcprov.pulumi.PermissionSetProvisioningArgs;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import dev.idcprov.waiter.ProvisioningContext;

/**
 * The root Pulumi program ({@code Pulumi.yaml} at the repository's top): for teams whose permission sets are
 * defined elsewhere, it reconciles provisioning from stack config on {@code pulumi up}. One
 * {@link PermissionSetProvisioning} per {@code permissionSets} entry (see {@link ProgramConfig}); all of them wait
 * in parallel and share one call budget.
 *
 * <p>Stack outputs: {@code summaries} (component name to its summary line), {@code results} (every request's
 * row, with a {@code component} key), {@code plannedTargets} (likewise), {@code requestCount} and
 * {@code failedCount} (totals).
 *
 * <pre>{@code
 * pulumi config set instanceArn arn:aws:sso:::instance/ssoins-0123456789abcdef
 * pulumi config set --path 'permissionSets[0].arn' arn:aws:sso:::permissionSet/ssoins-.../ps-...
 * pulumi config set --path 'permissionSets[0].allProvisionedAccounts' true
 * pulumi up
 * }</pre>
 */
public final class ReconcileProgram {
  private ReconcileProgram() {
  }

  /**
   * Runs the program; started by {@code pulumi up} through Maven's exec plugin.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    Pulumi.run(ReconcileProgram::stack);
  }

  /**
   * Declares the stack: reads and checks the config, then one component per permission set entry.
   *
   * @param ctx the Pulumi context
   * @throws RunException naming the config key, when the config is missing or invalid
   */
  public static void stack(Context ctx) {
    stack(ctx, ProvisioningContext.defaultContext());
  }

  /**
   * Declares the stack with every component on the given context (tests and rehearsals against a fast sandbox).
   *
   * @param ctx     the Pulumi context
   * @param context the components' context
   * @throws RunException naming the config key, when the config is missing or invalid
   */
  public static void stack(Context ctx, ProvisioningContext context) {
    ProgramConfig config;
    try {
      config = ProgramConfig.read(ctx.config());
    } catch (IllegalArgumentException e) {
      throw new RunException(e.getMessage());
    }
    Map<String, PermissionSetProvisioning> components = new LinkedHashMap<>();
    for (ProgramConfig.Entry entry : config.permissionSets()) {
      PermissionSetProvisioningArgs.Builder args = PermissionSetProvisioningArgs.builder()
          .instanceArn(config.instanceArn())
          .permissionSetArns(List.of(entry.arn()))
          .force(entry.force());
      if (entry.allProvisionedAccounts()) {
        args.allProvisionedAccounts(true);
      } else {
        args.accountIds(entry.accounts());
      }
      if (config.timeoutSeconds() != null) {
        args.timeoutSeconds(config.timeoutSeconds());
      }
      if (config.pollIntervalSeconds() != null) {
        args.pollIntervalSeconds(config.pollIntervalSeconds());
      }
      if (config.maxRequestsPerSecond() != null) {
        args.maxRequestsPerSecond(config.maxRequestsPerSecond());
      }
      if (config.endpoint() != null) {
        args.endpoint(config.endpoint());
      }
      components.put(entry.name(), new PermissionSetProvisioning(entry.name(), args.build(), null, context));
    }
    List<String> names = new ArrayList<>(components.keySet());
    List<PermissionSetProvisioning> all = new ArrayList<>(components.values());
    ctx.export("summaries", Output.all(all.stream().map(PermissionSetProvisioning::summary).toList())
        .applyValue(lines -> {
          Map<String, String> byName = new LinkedHashMap<>();
          for (int i = 0; i < names.size(); i++) {
            byName.put(names.get(i), lines.get(i));
          }
          return byName;
        }));
    ctx.export("results", tagged(names, all.stream().map(c -> c.results()
        .applyValue(rows -> rows.stream().map(RequestResult::toMap).toList())).toList()));
    ctx.export("plannedTargets", tagged(names, all.stream().map(c -> c.plannedTargets()
        .applyValue(rows -> rows.stream().map(PlanEntry::toMap).toList())).toList()));
    ctx.export("requestCount", Output.all(all.stream().map(PermissionSetProvisioning::requestCount).toList())
        .applyValue(counts -> counts.stream().mapToInt(Integer::intValue).sum()));
    ctx.export("failedCount", Output.all(all.stream().map(PermissionSetProvisioning::failedCount).toList())
        .applyValue(counts -> counts.stream().mapToInt(Integer::intValue).sum()));
  }

  private static Output<List<Map<String, String>>> tagged(List<String> names,
                                                          List<Output<List<Map<String, String>>>> rows) {
    return Output.all(rows).applyValue(lists -> {
      List<Map<String, String>> out = new ArrayList<>();
      for (int i = 0; i < names.size(); i++) {
        for (Map<String, String> row : lists.get(i)) {
          Map<String, String> copy = new LinkedHashMap<>();
          copy.put("component", names.get(i));
          copy.putAll(row);
          out.add(copy);
        }
      }
      return out;
    });
  }
}
