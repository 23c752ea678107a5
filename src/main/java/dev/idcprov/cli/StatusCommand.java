package dev.idcprov.cli;

import dev.idcprov.waiter.AwsIds;
import dev.idcprov.waiter.ProvisioningInterruptedException;
import dev.idcprov.waiter.RequestBudget;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;
import software.amazon.awssdk.services.ssoadmin.model.DescribePermissionSetProvisioningStatusRequest;
import software.amazon.awssdk.services.ssoadmin.model.ListPermissionSetProvisioningStatusRequest;
import software.amazon.awssdk.services.ssoadmin.model.ListPermissionSetProvisioningStatusResponse;
import software.amazon.awssdk.services.ssoadmin.model.OperationStatusFilter;
import software.amazon.awssdk.services.ssoadmin.model.PermissionSetProvisioningStatus;
import software.amazon.awssdk.services.ssoadmin.model.PermissionSetProvisioningStatusMetadata;

/**
 * {@code status}: lists the instance's provisioning requests (every page, optionally filtered by status), or
 * describes given RequestIds.
 */
@Command(name = "status", sortOptions = false,
    header = "List or describe provisioning requests.",
    description = {
        "Lists the permission-set provisioning requests of an instance (ListPermissionSetProvisioningStatus, every"
            + " page; --status filters on the server), or describes the given RequestIds"
            + " (DescribePermissionSetProvisioningStatus: account, permission set and failure reason).",
        "Exits 0 whatever the requests' statuses are; use 'wait' to turn an outcome into an exit code."},
    footer = {"", "Examples:",
        "  status --instance-arn INSTANCE_ARN --status IN_PROGRESS",
        "  status --instance-arn INSTANCE_ARN --request-id REQUEST_ID -o json"})
final class StatusCommand implements Callable<Integer> {
  /** The list call's status filter. */
  enum StatusFilter { IN_PROGRESS, FAILED, SUCCEEDED }

  private static final int MAX_ATTEMPTS = 5;

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
      description = "Items per list call, 1 to 100 (default: ${DEFAULT-VALUE}).")
  private int pageSize;

  @Mixin
  private AwsOptions aws;

  StatusCommand(CliServices services) {
    this.services = services;
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
    var settings = aws.settings();
    aws.applyVerbosity();
    aws.applyRate(instance);
    RequestBudget budget = RequestBudget.forInstance(instance);
    PrintWriter out = cmd.getOut();
    try (SsoAdminClient client = services.createClient(settings)) {
      if (ids.isEmpty()) {
        list(client, budget, instance, out);
      } else {
        describe(client, budget, instance, ids, out);
      }
    }
    return ExitCodes.OK;
  }

  private void list(SsoAdminClient client, RequestBudget budget, String instance, PrintWriter out)
      {
    List<PermissionSetProvisioningStatusMetadata> items = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      ListPermissionSetProvisioningStatusRequest.Builder rb = ListPermissionSetProvisioningStatusRequest.builder()
          .instanceArn(instance).maxResults(pageSize).nextToken(token);
      if (status != null) {
        rb.filter(OperationStatusFilter.builder().status(status.name()).build());
      }
      ListPermissionSetProvisioningStatusRequest req = rb.build();
      ListPermissionSetProvisioningStatusResponse resp = call(budget, "ListPermissionSetProvisioningStatus",
          () -> client.listPermissionSetProvisioningStatus(req));
      items.addAll(resp.permissionSetsProvisioningStatus());
      token = resp.nextToken();
      pages++;
    } while (token != null && !token.isEmpty());

    if (aws.output == OutputFormat.json) {
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
      out.println(ResultView.GSON.toJson(doc));
    } else {
      TextTable table = new TextTable("REQUEST ID", "STATUS", "CREATED");
      items.forEach(m -> table.row(m.requestId(), m.statusAsString(), m.createdDate()));
      if (table.size() > 0) {
        table.print(out);
      }
      out.println(items.size() + " request(s)" + (status == null ? "" : " with status " + status) + " ("
          + pages + " page(s))");
    }
    out.flush();
  }

  private void describe(SsoAdminClient client, RequestBudget budget, String instance, List<String> ids,
                        PrintWriter out) {
    List<PermissionSetProvisioningStatus> found = new ArrayList<>();
    for (String id : ids) {
      DescribePermissionSetProvisioningStatusRequest req = DescribePermissionSetProvisioningStatusRequest.builder()
          .instanceArn(instance).provisionPermissionSetRequestId(id).build();
      found.add(call(budget, "DescribePermissionSetProvisioningStatus",
          () -> client.describePermissionSetProvisioningStatus(req)).permissionSetProvisioningStatus());
    }
    if (aws.output == OutputFormat.json) {
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
      out.println(ResultView.GSON.toJson(doc));
    } else {
      TextTable table = new TextTable("REQUEST ID", "STATUS", "ACCOUNT", "PERMISSION SET", "CREATED",
          "FAILURE REASON");
      found.forEach(s -> table.row(s.requestId(), s.statusAsString(), s.accountId(), s.permissionSetArn(),
          s.createdDate(), s.failureReason()));
      table.print(out);
    }
    out.flush();
  }

  /**
   * One API call inside the instance's rate budget. Throttling, 5xx and I/O errors are retried a few times with
   * jittered backoff here, because clients built by the library have the SDK's own retries off.
   */
  private static <T> T call(RequestBudget budget, String operation, Supplier<T> call) {
    for (int attempt = 1; ; attempt++) {
      sleep(budget.reserve());
      try {
        return call.get();
      } catch (SdkException e) {
        if (!SdkErrors.isTransient(e) || attempt >= MAX_ATTEMPTS) {
          throw SdkErrors.toAwsApiException(operation, e, attempt);
        }
        long base = Math.min(5000L, 200L << (attempt - 1));
        sleep(Duration.ofMillis(base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1)));
      }
    }
  }

  private static void sleep(Duration d) {
    if (!d.isZero() && !d.isNegative()) {
      try {
        Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ProvisioningInterruptedException(List.of(), e);
      }
    }
  }
}
