package dev.idcprov.cli;

import dev.idcprov.waiter.AwsIds;
import dev.idcprov.waiter.InstanceArn;
import dev.idcprov.waiter.PermissionSetArn;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;

/** {@code check}: which permission sets are outdated (or failed) in which accounts, across the instance. */
@Command(name = "check", sortOptions = false,
    header = "Report permission sets that are outdated or failed in any account.",
    description = {
        "Reads every permission set of the instance (or the given ones) and every account each is provisioned to,"
            + " and reports the accounts where the latest version is not provisioned (OUTDATED), plus the accounts"
            + " whose last provisioning FAILED and that do not run the set since (FAILED, with the AWS reason).",
        "Makes read-only calls inside the instance's request budget; progress goes to stderr. Exits 0 when"
            + " everything is current and 7 when something is outdated or failed; 'provision --outdated'"
            + " provisions exactly what check reports."},
    footer = {"", "Examples:",
        "  check --instance-arn INSTANCE_ARN",
        "  check --permission-set-arn PS_ARN -o json",
        "  check --instance-arn INSTANCE_ARN --query 'findings[].accountId'",
        "  check --instance-arn ARN || provision --outdated --instance-arn ARN"})
final class CheckCommand implements Callable<Integer> {
  private final CliServices services;

  @Spec
  private CommandSpec spec;

  @Option(names = "--instance-arn", paramLabel = "ARN",
      description = "IAM Identity Center instance ARN (default: the instance named in --permission-set-arn).")
  private String instanceArn;

  @Option(names = "--permission-set-arn", paramLabel = "ARN", split = ",",
      description = "Check only these permission sets; repeatable, or comma-separated (default: every set of the"
          + " instance).")
  private List<String> permissionSetArns = new ArrayList<>();

  @Mixin
  private AwsOptions aws;

  CheckCommand(CliServices services, Environment env) {
    this.services = services;
    this.aws = new AwsOptions(env);
  }

  @Override
  public Integer call() {
    CommandLine cmd = spec.commandLine();
    Target target = target(cmd, instanceArn, permissionSetArns);
    var settings = aws.settings();
    aws.applyVerbosity();
    aws.applyRate(services.context(), target.instanceArn());
    PrintWriter out = cmd.getOut();
    PrintWriter err = cmd.getErr();
    try (SsoAdminClient client = services.createClient(settings, aws.clientOptions())) {
      var waiter = services.waiter(client);
      DriftCheck.Result result = new DriftCheck(client, services.context(), services.provisioner(client, waiter), err)
          .run(target.instanceArn(), target.permissionSets());
      Map<String, Object> doc = toJson(result, AwsOptions.regionOf(client, settings), AwsOptions.endpointOf(settings));
      aws.output().print(ResultView.GSON.toJsonTree(doc), o -> printText(result, o), out);
      return result.current() ? ExitCodes.OK : ExitCodes.DRIFT;
    }
  }

  /** The instance and the sets to check: given sets must belong to the instance. */
  record Target(String instanceArn, List<String> permissionSets) {
  }

  static Target target(CommandLine cmd, String instanceArn, List<String> permissionSetArns) {
    List<String> sets = Inputs.distinct(cmd, "--permission-set-arn", permissionSetArns,
        AwsIds::requirePermissionSetArn, "permission set");
    if (instanceArn == null && sets.isEmpty()) {
      throw new ParameterException(cmd, "--instance-arn is required when no --permission-set-arn is given: give the"
          + " IAM Identity Center instance ARN, such as arn:aws:sso:::instance/ssoins-0123456789abcdef");
    }
    InstanceArn instance = instanceArn != null ? InstanceArn.parse(Inputs.instanceArn(cmd, instanceArn))
        : PermissionSetArn.parse(sets.get(0)).instanceArn();
    for (String s : sets) {
      PermissionSetArn ps = PermissionSetArn.parse(s);
      if (!ps.belongsTo(instance)) {
        throw new ParameterException(cmd, "--permission-set-arn '" + ps + "' belongs to instance " + ps.instanceId()
            + ", not to " + instance.instanceId() + ": every permission set must belong to the same instance");
      }
    }
    return new Target(instance.toString(), sets);
  }

  static Map<String, Object> toJson(DriftCheck.Result r, String region, String endpointUrl) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("command", "check");
    doc.put("instanceArn", r.instanceArn());
    doc.put("region", region);
    doc.put("endpointUrl", endpointUrl);
    doc.put("outcome", r.current() ? "CURRENT" : "DRIFT");
    List<Map<String, Object>> findings = new ArrayList<>();
    for (DriftCheck.Finding f : r.findings()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("permissionSetName", f.permissionSetName());
      m.put("permissionSetArn", f.permissionSetArn());
      m.put("accountId", f.accountId());
      m.put("state", f.state().name());
      m.put("failureReason", f.failureReason());
      m.put("failedRequestId", f.failedRequestId());
      findings.add(m);
    }
    doc.put("findings", findings);
    Map<String, Integer> counts = new LinkedHashMap<>();
    counts.put("permissionSets", r.permissionSets().size());
    counts.put("outdated", r.count(DriftCheck.State.OUTDATED));
    counts.put("failed", r.count(DriftCheck.State.FAILED));
    counts.put("upToDate", r.upToDateCount());
    doc.put("counts", counts);
    return doc;
  }

  private static void printText(DriftCheck.Result r, PrintWriter out) {
    if (!r.findings().isEmpty()) {
      TextTable table = new TextTable("STATE", "PERMISSION SET", "ACCOUNT", "PERMISSION SET ARN", "FAILURE REASON");
      r.findings().forEach(f -> table.row(f.state(), f.permissionSetName(), f.accountId(), f.permissionSetArn(),
          f.failureReason()));
      table.print(out);
    }
    out.println((r.current() ? "CURRENT" : "DRIFT") + ": " + r.count(DriftCheck.State.OUTDATED) + " outdated, "
        + r.count(DriftCheck.State.FAILED) + " failed, " + r.upToDateCount() + " up to date, across "
        + r.permissionSets().size() + " permission set(s)");
  }
}
