package dev.idcprov.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.idcprov.waiter.ProvisioningStatusReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import software.amazon.awssdk.services.ssoadmin.model.PermissionSetProvisioningStatusMetadata;
import software.amazon.awssdk.services.ssoadmin.model.StatusValues;

/**
 * The AWS CLI's pagination for {@code status}: {@code --max-items} stops after N items (even inside a page) and hands
 * out a token; {@code --starting-token} goes on from it; {@code --no-paginate} makes one call. The token holds the
 * service's NextToken and how many items of that page were already printed.
 */
final class StatusPaging {
  /** Where a listing goes on: the service's token of the page (null: the first), and the items of it already seen. */
  record Token(String serviceToken, int skip) {
    String encode() {
      JsonObject o = new JsonObject();
      o.addProperty("nextToken", serviceToken);
      o.addProperty("skip", skip);
      return Base64.getUrlEncoder().withoutPadding().encodeToString(o.toString().getBytes(StandardCharsets.UTF_8));
    }

    static Token decode(CommandLine cmd, String text) {
      try {
        JsonObject o = JsonParser.parseString(new String(Base64.getUrlDecoder().decode(text.trim()),
            StandardCharsets.UTF_8)).getAsJsonObject();
        String t = o.has("nextToken") && !o.get("nextToken").isJsonNull() ? o.get("nextToken").getAsString() : null;
        int skip = o.get("skip").getAsInt();
        if (skip < 0) {
          throw new IllegalArgumentException("negative skip");
        }
        return new Token(t, skip);
      } catch (RuntimeException e) {
        throw new ParameterException(cmd, "--starting-token '" + text + "' is not valid: expected the nextToken"
            + " printed by an earlier 'status --max-items' or '--no-paginate' run");
      }
    }
  }

  /** What was read: the items to print, the pages read, and the token to go on from (null when done). */
  record Slice(List<PermissionSetProvisioningStatusMetadata> items, int pages, String nextToken) {
  }

  private final ProvisioningStatusReader reader;

  StatusPaging(ProvisioningStatusReader reader) {
    this.reader = reader;
  }

  Slice read(String instance, StatusValues status, int pageSize, Integer maxItems, Token start, boolean onePage) {
    String token = start == null ? null : start.serviceToken();
    int skip = start == null ? 0 : start.skip();
    List<PermissionSetProvisioningStatusMetadata> items = new ArrayList<>();
    int read = 0;
    while (true) {
      ProvisioningStatusReader.Page page = reader.page(instance, status, pageSize, token);
      read++;
      List<PermissionSetProvisioningStatusMetadata> rest = page.items().subList(Math.min(skip, page.items().size()),
          page.items().size());
      if (maxItems != null && items.size() + rest.size() > maxItems) {
        int take = maxItems - items.size();
        items.addAll(rest.subList(0, take));
        return new Slice(items, read, new Token(token, skip + take).encode());
      }
      items.addAll(rest);
      skip = 0;
      boolean full = maxItems != null && items.size() == maxItems;
      if (page.nextToken() == null) {
        return new Slice(items, read, null);
      }
      if (onePage || full) {
        return new Slice(items, read, new Token(page.nextToken(), 0).encode());
      }
      token = page.nextToken();
    }
  }
}
