package dev.idcprov.waiter.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.idcprov.testing.VirtualScheduler;
import dev.idcprov.waiter.AwsApiException;
import dev.idcprov.waiter.RequestBudget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;
import software.amazon.awssdk.services.ssoadmin.model.AccessDeniedException;
import software.amazon.awssdk.services.ssoadmin.model.ListPermissionSetProvisioningStatusRequest;
import software.amazon.awssdk.services.ssoadmin.model.ListPermissionSetProvisioningStatusResponse;
import software.amazon.awssdk.services.ssoadmin.model.StatusValues;
import software.amazon.awssdk.services.ssoadmin.model.ThrottlingException;

/** The one paging loop: pages followed, the repeated-NextToken guard, the cap, every page through the boundary. */
class PaginatorTest {
  static final String OP = "ListSomething";
  static final String INSTANCE = "arn:aws:sso:::instance/ssoins-0123456789abcdef";

  /** A page of a fake list operation. */
  record Page(List<String> items, String nextToken) {
  }

  VirtualScheduler time;
  SsoAdminClient client;
  ApiCaller api;
  List<String> tokensAsked;
  List<String> handedOver;

  @BeforeEach
  void setUp() {
    time = new VirtualScheduler();
    client = mock(SsoAdminClient.class);
    api = new ApiCaller(client, time, time, RequestBudget.unlimited(),
        new RetrySpec(3, Duration.ofMillis(200), Duration.ofSeconds(1)));
    tokensAsked = new ArrayList<>();
    handedOver = new ArrayList<>();
  }

  @AfterEach
  void tearDown() {
    time.shutdown();
  }

  /** A paginator whose page call records the token asked for and answers with {@code answer}. */
  Paginator<Page> paginator(Function<String, Page> answer) {
    return new Paginator<>(api, OP, "the test", token -> {
      tokensAsked.add(token);
      return answer.apply(token);
    }, Page::nextToken);
  }

  /** Reads on the virtual scheduler's thread, as the library does, and waits for the end. */
  <T> T run(java.util.function.Supplier<CompletableFuture<T>> read) throws Exception {
    CompletableFuture<T> result = new CompletableFuture<>();
    time.execute(() -> read.get().whenComplete((v, e) -> {
      if (e != null) {
        result.completeExceptionally(e);
      } else {
        result.complete(v);
      }
    }));
    return result.get(10, TimeUnit.SECONDS);
  }

  Paginator.Pages readAll(Paginator<Page> p, int maxPages) throws Exception {
    return run(() -> p.read(maxPages, page -> handedOver.addAll(page.items())));
  }

  static Page numbered(String token) {
    int n = token == null ? 0 : Integer.parseInt(token.substring(1));
    return new Page(List.of("item" + n), "t" + (n + 1));
  }

  static AccessDeniedException accessDenied() {
    return AccessDeniedException.builder().statusCode(400).awsErrorDetails(AwsErrorDetails
        .builder().errorCode("AccessDeniedException").errorMessage("not authorized").build()).build();
  }

  static ThrottlingException throttled() {
    return ThrottlingException.builder().statusCode(400).awsErrorDetails(AwsErrorDetails
        .builder().errorCode("ThrottlingException").errorMessage("Rate exceeded").build()).build();
  }

  @Test
  void read_followsNextTokenThroughEveryPage_andCountsEachPageAsACall() throws Exception {
    // Given three pages
    Paginator<Page> p = paginator(token -> token == null ? new Page(List.of("a", "b"), "t1")
        : token.equals("t1") ? new Page(List.of("c"), "t2") : new Page(List.of("d"), null));

    // When every page is read
    Paginator.Pages pages = readAll(p, Paginator.NO_CAP);

    // Then each NextToken was passed on, every item handed over in order, and each page was one counted call
    assertThat(tokensAsked).containsExactly(null, "t1", "t2");
    assertThat(handedOver).containsExactly("a", "b", "c", "d");
    assertThat(pages).isEqualTo(new Paginator.Pages(3, true));
    assertThat(api.calls()).isEqualTo(Map.of(OP, 3));
  }

  @Test
  void emptyNextToken_endsTheRead() throws Exception {
    Paginator<Page> p = paginator(token -> new Page(List.of("only"), ""));

    assertThat(readAll(p, Paginator.NO_CAP)).isEqualTo(new Paginator.Pages(1, true));
    assertThat(tokensAsked).containsExactly((String) null);
  }

  @Test
  void repeatedNextToken_endsTheReadAsComplete_insteadOfAskingForTheSamePageForEver() throws Exception {
    // Given an API that answers "t1" again when asked for "t1"
    Paginator<Page> p = paginator(token -> new Page(List.of(String.valueOf(token)), "t1"));

    Paginator.Pages pages = readAll(p, Paginator.NO_CAP);

    assertThat(tokensAsked).containsExactly(null, "t1");
    assertThat(pages).isEqualTo(new Paginator.Pages(2, true));
    assertThat(api.calls()).isEqualTo(Map.of(OP, 2));
  }

  @Test
  void pageCap_stopsTheReadWithPagesLeft_andSaysItIsIncomplete() throws Exception {
    // Given an endless listing
    Paginator<Page> p = paginator(PaginatorTest::numbered);

    Paginator.Pages pages = readAll(p, 4);

    assertThat(pages).isEqualTo(new Paginator.Pages(4, false));
    assertThat(tokensAsked).containsExactly(null, "t1", "t2", "t3");
    assertThat(handedOver).containsExactly("item0", "item1", "item2", "item3");
    assertThat(api.calls()).isEqualTo(Map.of(OP, 4));
  }

  @Test
  void pageCapReachedOnTheLastPage_isComplete() throws Exception {
    Paginator<Page> p = paginator(token -> token == null ? new Page(List.of("a"), "t1") : new Page(List.of("b"), null));

    assertThat(readAll(p, 2)).isEqualTo(new Paginator.Pages(2, true));
  }

  @Test
  void throttledPage_isRetriedThroughTheBoundary_everyAttemptCountedAndBackedOffOnTheScheduler() throws Exception {
    // Given a second page throttled once
    int[] secondPageAttempts = {0};
    Paginator<Page> p = paginator(token -> {
      if ("t1".equals(token) && secondPageAttempts[0]++ == 0) {
        throw throttled();
      }
      return token == null ? new Page(List.of("a"), "t1") : new Page(List.of("b"), null);
    });

    Paginator.Pages pages = readAll(p, Paginator.NO_CAP);

    // Then the read goes on after a jittered backoff; the boundary counted 3 attempts for 2 pages
    assertThat(pages).isEqualTo(new Paginator.Pages(2, true));
    assertThat(handedOver).containsExactly("a", "b");
    assertThat(api.calls()).isEqualTo(Map.of(OP, 3));
    assertThat(time.requestedDelays()).anySatisfy(d -> assertThat(d).isBetween(Duration.ofMillis(100),
        Duration.ofMillis(200)));
  }

  @Test
  void pageFailingForGood_failsTheReadWithAwsApiException_afterHandingOverTheEarlierPages() {
    Paginator<Page> p = paginator(token -> {
      if (token != null) {
        throw accessDenied();
      }
      return new Page(List.of("a"), "t1");
    });

    assertThatThrownBy(() -> readAll(p, Paginator.NO_CAP)).isInstanceOf(ExecutionException.class)
        .cause().isInstanceOf(AwsApiException.class).hasMessageContaining(OP).hasMessageContaining("not authorized");
    assertThat(handedOver).containsExactly("a");
    assertThat(api.calls()).isEqualTo(Map.of(OP, 2));
  }

  @Test
  void maxPagesBelowOne_isRejectedBeforeAnyCall() {
    Paginator<Page> p = paginator(PaginatorTest::numbered);

    assertThatThrownBy(() -> p.read(0, page -> { })).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxPages").hasMessageContaining("0");
    assertThat(tokensAsked).isEmpty();
  }

  @Test
  void provisioningStatus_asksForTheInstanceFilterAndPageSize_onEveryPage() throws Exception {
    // Given a client whose listing has two pages
    List<ListPermissionSetProvisioningStatusRequest> asked = new ArrayList<>();
    when(client.listPermissionSetProvisioningStatus(any(ListPermissionSetProvisioningStatusRequest.class)))
        .thenAnswer(inv -> {
          ListPermissionSetProvisioningStatusRequest q = inv.getArgument(0);
          asked.add(q);
          return ListPermissionSetProvisioningStatusResponse.builder()
              .nextToken(q.nextToken() == null ? "next" : null).build();
        });

    Paginator.Pages pages = run(() -> Paginator.provisioningStatus(api, INSTANCE, StatusValues.FAILED, 25)
        .read(Paginator.NO_CAP, page -> { }));

    // Then both calls carry the instance, the filter and MaxResults, counted under the operation's name
    assertThat(pages).isEqualTo(new Paginator.Pages(2, true));
    assertThat(asked).extracting(ListPermissionSetProvisioningStatusRequest::nextToken).containsExactly(null, "next");
    assertThat(asked).allSatisfy(q -> {
      assertThat(q.instanceArn()).isEqualTo(INSTANCE);
      assertThat(q.filter().status()).isEqualTo(StatusValues.FAILED);
      assertThat(q.maxResults()).isEqualTo(25);
    });
    assertThat(api.calls()).isEqualTo(Map.of(WaitSession.LIST_OPERATION, 2));
  }
}
