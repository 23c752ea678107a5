package dev.idcprov.cli;

import dev.idcprov.waiter.AwsIds;
import dev.idcprov.waiter.ProvisioningStatusReader;
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
import software.amazon.awssdk.services.ssoadmin.model.PermissionSetProvisioningStatus;
import software.amazon.awssdk.services.ssoadmin.model.PermissionSetProvisioningStatusMetadata;
import software.amazon.awssdk.services.ssoadmin.model.StatusValues;

/**
 * {@code status}: lists the instance's provisioning requests (every page, optionally filtered by status), or
 * describes given RequestIds.
 */
@Command(name = "status", sortOptions = false,
    header = "List or describe provisioning requests.",
    description = {
        "Lists the permission-set provisioning requests of an instance (ListPermissionSetProvisioningStatus, every"
            + " page unless --max-items or --no-paginate; --status filters on the server), or describes the given"
            + " RequestIds (DescribePermissionSetProvisioningStatus: account, permission set and failure reason).",
        "Exits 0 whatever the requests' statuses are; use 'wait' to turn an outcome into an exit code."},
    footer = {"", "Examples:",
        "  status --instance-arn INSTANCE_ARN --status IN_PROGRESS",
        "  status --instance-arn INSTANCE_ARN --max-items 50        # then --starting-token TOKEN",
        "  status --instance-arn INSTANCE_ARN --status FAILED --query 'requests[].requestId' -o text",
        "  status --instance-arn INSTANCE_ARN --request-id REQUEST_ID -o json"})
final class StatusCommand implements Callable<Integer> {
  /** The list call's status filter. */
  enum StatusFilter { IN_PROGRESS, FAILED, SUCCEEDED }

  private final CliServices services;

  @Spec
  private CommandSpec spec;

  @Option(names = "--instance-arn", paramLabel = "ARN", description = "IAM Identity Center instance ARN.")
  private String instanceArn;

  @Option(names = "--status", paramLabel = "STATUS",
      description = "Only requests with this status: ${COMPLETION-CANDIDATES} (default: all).")
  private StatusFilter status;

  @Option(names = "--request-id", paramLabel = "REQUEST_ID", split = ",",
      description = "Describe these RequestIds instead of listing; repeatable, or comma-separated.")
  private List<String> requestIds = new ArrayList<>();

  @Option(names = "--page-size", paramLabel = "N", defaultValue = "100",
      description = "Items per list call (MaxResults), 1 to 100 (default: ${DEFAULT-VALUE}).")
  private int pageSize;

  @Option(names = "--max-items", paramLabel = "N",
      description = "Print at most N requests, then a token for --starting-token to go on from (default: all).")
  private Integer maxItems;

  @Option(names = "--starting-token", paramLabel = "TOKEN",
      description = "Go on from where an earlier --max-items or --no-paginate run stopped (its nextToken).")
  private String startingToken;

  @Option(names = "--no-paginate",
      description = "Make one list call only (the first page, or the page of --starting-token) and print its token.")
  private boolean noPaginate;

  @Mixin
  private AwsOptions aws;


  StatusCommand(CliServices services, Environment env) {
    this.services = services;
    this.aws = new AwsOptions(env);
  }

  @Override
  public Integer call() {
    CommandLine cmd = spec.commandLine();
    String instance = Inputs.instanceArn(cmd, instanceArn);
    List<String> ids = requestIds.isEmpty() ? List.of()
        : Inputs.distinct(cmd, "--request-id", requestIds, AwsIds::requireRequestId, "RequestId");
    if (!ids.isEmpty() && status != null) {
      throw new ParameterException(cmd, "--status and --request-id exclude each other: --status filters the"
          + " list, --request-id describes the given requests");
    }
    if (pageSize < 1 || pageSize > 100) {
      throw new ParameterException(cmd, "--page-size " + pageSize + " is not valid: expected 1 to 100 (the API's"
          + " MaxResults range)");
    }
    if (maxItems != null && maxItems < 1) {
      throw new ParameterException(cmd, "--max-items " + maxItems + " is not valid: expected 1 or more");
    }
    if (!ids.isEmpty() && (maxItems != null || startingToken != null || noPaginate)) {
      throw new ParameterException(cmd, "--request-id excludes --max-items, --starting-token and --no-paginate:"
          + " those page through the list, --request-id describes the given requests");
    }
    StatusPaging.Token start = startingToken == null ? null : StatusPaging.Token.decode(cmd, startingToken);
    var settings = aws.settings();
    aws.applyVerbosity();
    aws.applyRate(services.context(), instance);
    PrintWriter out = cmd.getOut();
    try (SsoAdminClient client = services.createClient(settings, aws.clientOptions())) {
      // the library's reader: same call boundary, budget, retries and error mapping as the waiter
      ProvisioningStatusReader reader = ProvisioningStatusReader.builder().client(client).context(services.context())
          .build();
      if (ids.isEmpty() && maxItems == null && start == null && !noPaginate) {
        ProvisioningStatusReader.Listing listing = reader.list(instance,
            status == null ? null : StatusValues.fromValue(status.name()), pageSize);
        print(instance, listing.items(), listing.pages(), null, out);
      } else if (ids.isEmpty()) {
        StatusPaging.Slice slice = new StatusPaging(reader).read(instance,
            status == null ? null : StatusValues.fromValue(status.name()), pageSize, maxItems, start, noPaginate);
        print(instance, slice.items(), slice.pages(), slice.nextToken(), out);
      } else {
        describe(reader, instance, ids, out);
      }
    }
    return ExitCodes.OK;
  }

  private void print(String instance, List<PermissionSetProvisioningStatusMetadata> items, int pages,
                     String nextToken, PrintWriter out) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("command", "status");
    doc.put("instanceArn", instance);
    doc.put("statusFilter", status == null ? null : status.name());
    List<Map<String, Object>> list = new ArrayList<>();
    for (PermissionSetProvisioningStatusMetadata m : items) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("requestId", m.requestId());
      e.put("status", m.statusAsString());
      e.put("createdDate", m.createdDate() == null ? null : m.createdDate().toString());
      list.add(e);
    }
    doc.put("requests", list);
    doc.put("count", items.size());
    doc.put("pages", pages);
    doc.put("nextToken", nextToken);
    aws.output().print(ResultView.GSON.toJsonTree(doc), o -> {
      TextTable table = new TextTable("REQUEST ID", "STATUS", "CREATED");
      items.forEach(m -> table.row(m.requestId(), m.statusAsString(), m.createdDate()));
      if (table.size() > 0) {
        table.print(o);
      }
      o.println(items.size() + " request(s)" + (status == null ? "" : " with status " + status) + " ("
          + pages + " page(s))");
      if (nextToken != null) {
        o.println("more: --starting-token " + nextToken);
      }
    }, out);
  }

  private void describe(ProvisioningStatusReader reader, String instance, List<String> ids, PrintWriter out) {
    List<PermissionSetProvisioningStatus> found = new ArrayList<>();
    for (String id : ids) {
      found.add(reader.describe(instance, id));
    }
    {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("command", "status");
      doc.put("instanceArn", instance);
      List<Map<String, Object>> list = new ArrayList<>();
      for (PermissionSetProvisioningStatus s : found) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("requestId", s.requestId());
        e.put("permissionSetArn", s.permissionSetArn());
        e.put("accountId", s.accountId());
        e.put("status", s.statusAsString());
        e.put("failureReason", s.failureReason());
        e.put("createdDate", s.createdDate() == null ? null : s.createdDate().toString());
        list.add(e);
      }
      doc.put("requests", list);
      doc.put("count", found.size());
      aws.output().print(ResultView.GSON.toJsonTree(doc), o -> {
        TextTable table = new TextTable("REQUEST ID", "STATUS", "ACCOUNT", "PERMISSION SET", "CREATED",
            "FAILURE REASON");
        found.forEach(s -> table.row(s.requestId(), s.statusAsString(), s.accountId(), s.permissionSetArn(),
            s.createdDate(), s.failureReason()));
        table.print(o);
      }, out);
    }
  }
}
