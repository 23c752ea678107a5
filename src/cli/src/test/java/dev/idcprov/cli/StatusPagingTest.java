package dev.idcprov.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.idcprov.waiter.ProvisioningStatusReader;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import software.amazon.awssdk.services.ssoadmin.model.PermissionSetProvisioningStatusMetadata;

/** --max-items, --starting-token and --no-paginate over pages of three items. */
class StatusPagingTest {
  private static final String INSTANCE = "arn:aws:sso:::instance/ssoins-72230f1e5a6b4c3d";
  private final ProvisioningStatusReader pages = mock(ProvisioningStatusReader.class);

  private static List<PermissionSetProvisioningStatusMetadata> items(int from) {
    return IntStream.range(from, from + 3).mapToObj(i -> PermissionSetProvisioningStatusMetadata.builder()
        .requestId("r" + i).build()).toList();
  }

  private static List<String> ids(StatusPaging.Slice s) {
    return s.items().stream().map(PermissionSetProvisioningStatusMetadata::requestId).toList();
  }

  @Test
  void maxItems_stopsInsideAPage_andTheTokenGoesOnFromThere() {
    when(pages.page(eq(INSTANCE), isNull(), anyInt(), isNull())).thenReturn(
        new ProvisioningStatusReader.Page(items(0), "t2"));
    when(pages.page(eq(INSTANCE), isNull(), anyInt(), eq("t2"))).thenReturn(
        new ProvisioningStatusReader.Page(items(3), null));
    StatusPaging paging = new StatusPaging(pages);

    StatusPaging.Slice first = paging.read(INSTANCE, null, 3, 4, null, false);
    assertThat(ids(first)).containsExactly("r0", "r1", "r2", "r3");
    assertThat(first.nextToken()).isNotNull();

    StatusPaging.Slice rest = paging.read(INSTANCE, null, 3, 4, StatusPaging.Token.decode(null, first.nextToken()),
        false);
    assertThat(ids(rest)).containsExactly("r4", "r5");
    assertThat(rest.nextToken()).isNull();
  }

  @Test
  void noPaginate_makesOneCall_andHandsOutTheNextPagesToken() {
    when(pages.page(any(), any(), anyInt(), any())).thenReturn(new ProvisioningStatusReader.Page(items(0), "t2"));

    StatusPaging.Slice one = new StatusPaging(pages).read(INSTANCE, null, 3, null, null, true);

    assertThat(ids(one)).hasSize(3);
    assertThat(StatusPaging.Token.decode(null, one.nextToken())).isEqualTo(new StatusPaging.Token("t2", 0));
    verify(pages).page(INSTANCE, null, 3, null);
  }

  @Test
  void aTokenThatIsNotOurs_isBadInput() {
    CommandLine cmd = new CommandLine(CommandLine.Model.CommandSpec.create());
    assertThatThrownBy(() -> StatusPaging.Token.decode(cmd, "not-a-token"))
        .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--starting-token");
  }
}
