package community.arrakis.gatewayproxy.discord.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import community.arrakis.gatewayproxy.testkit.MutableClock;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import community.arrakis.gatewayproxy.discord.rest.ratelimit.RateLimiter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client against a real HTTP server that answers from a script. */
class DiscordRestClientIT {

    record Answer(int status, String body, Map<String, String> headers) {
        static Answer of(int status, String body, String... headers) {
            Map<String, String> h = new java.util.LinkedHashMap<>();
            for (int i = 0; i < headers.length; i += 2) {
                h.put(headers[i], headers[i + 1]);
            }
            return new Answer(status, body, h);
        }
    }

    record Seen(String method, String path, Map<String, List<String>> headers, String body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    /** An answer's status that makes the server hold the request without answering. */
    private static final int HOLD = -1;
    private static final String CLOUDFLARE_PAGE = "<!DOCTYPE html><html><head><title>Access denied</title></head>"
            + "<body><h1>Error 1015</h1><h2>You are being rate limited</h2></body></html>";
    private static final String ROUTE_CALLBACK = "POST /interactions/{id}/{token}/callback";

    private final CountDownLatch released = new CountDownLatch(1);
    private HttpServer server;
    private final Deque<Answer> script = new ArrayDeque<>();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final List<Duration> waits = new CopyOnWriteArrayList<>();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private DiscordRestClient client;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::answer);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        client = builder().botToken("bot-token").build();
    }

    private DiscordRestClient.Builder builder() {
        return DiscordRestClient.builder(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/v10"))
                .clock(clock)
                .sleeper(d -> {
                    waits.add(d);
                    clock.advance(d);
                })
                .random(() -> 0.0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                Map.copyOf(exchange.getRequestHeaders()), body));
        Answer a;
        synchronized (script) {
            a = script.isEmpty() ? Answer.of(204, "") : script.poll();
        }
        if (a.status() == HOLD) {
            try {
                released.await(); // a server that never answers, until the test ends
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
            return;
        }
        a.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        byte[] bytes = a.body().getBytes(StandardCharsets.UTF_8);
        if (!a.body().isEmpty() && !a.headers().containsKey("Content-Type")) {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
        }
        exchange.sendResponseHeaders(a.status(), bytes.length == 0 ? -1 : bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private void then(Answer... answers) {
        synchronized (script) {
            script.addAll(List.of(answers));
        }
    }

    @AfterEach
    void stop() {
        released.countDown();
        client.close();
        server.stop(0);
    }

    @Test
    void interactionCallbackGoesWithoutAuthorizationAndWithUserAgentAndJson() {
        client.createInteractionResponse("111", "itoken", "{\"type\":4,\"data\":{\"content\":\"hi\"}}");
        Seen s = seen.get(0);
        assertThat(s.method()).isEqualTo("POST");
        assertThat(s.path()).isEqualTo("/api/v10/interactions/111/itoken/callback");
        assertThat(s.header("Authorization")).isNull();
        assertThat(s.header("User-Agent")).isEqualTo(DiscordRestClient.USER_AGENT);
        assertThat(s.header("Content-Type")).isEqualTo("application/json");
        assertThat(s.body()).contains("\"content\":\"hi\"");
    }

    @Test
    void aWriteTapThatAnswersInsteadKeepsWritesFromTheServerButLetsReadsThrough() {
        List<String> tapped = new CopyOnWriteArrayList<>();
        DiscordRestClient shadow = builder().botToken("bot-token").writeTap(new WriteTap() {
            @Override
            public java.util.Optional<String> instead(community.arrakis.gatewayproxy.discord.rest.route.CompiledRoute route,
                                                      String jsonBody) {
                tapped.add(route + " " + jsonBody);
                return java.util.Optional.of(route.route().method().equals("PUT") ? "" : "{\"id\":\"0\"}");
            }
        }).build();

        shadow.createInteractionResponse("111", "itoken", "{\"type\":4}");
        shadow.addGuildMemberRole("1", "2", "3", null);
        String message = shadow.createMessage("5", "{\"content\":\"x\"}");
        script.add(Answer.of(200, "{\"id\":\"9\",\"type\":4}"));
        shadow.execute(community.arrakis.gatewayproxy.discord.rest.route.Route.GET_GATEWAY_BOT.compile(), null, null);

        assertThat(tapped).containsExactly(ROUTE_CALLBACK + " {\"type\":4}",
                "PUT /guilds/{guild_id}/members/{user_id}/roles/{role_id} null",
                "POST /channels/{channel_id}/messages {\"content\":\"x\"}");
        assertThat(message).isEqualTo("{\"id\":\"0\"}");
        assertThat(seen).singleElement().satisfies(s -> assertThat(s.method()).isEqualTo("GET"));
    }

    @Test
    void aWriteTapThatOnlyWatchesSeesEachSentWriteWithItsStatus() {
        List<String> sent = new CopyOnWriteArrayList<>();
        DiscordRestClient live = builder().botToken("bot-token").writeTap(new WriteTap() {
            @Override
            public void sent(community.arrakis.gatewayproxy.discord.rest.route.CompiledRoute route, String jsonBody,
                             int status, long latencyNanos) {
                sent.add(route + " " + status + (latencyNanos > 0 ? " timed" : ""));
            }
        }).build();

        live.createInteractionResponse("111", "itoken", "{\"type\":4}");

        assertThat(seen).hasSize(1);
        assertThat(sent).containsExactly(ROUTE_CALLBACK + " 204 timed");
    }

    @Test
    void botRoutesCarryTheBotTokenAndAuditReason() {
        client.addGuildMemberRole("1", "2", "3", "verified by bot");
        Seen s = seen.get(0);
        assertThat(s.method()).isEqualTo("PUT");
        assertThat(s.path()).isEqualTo("/api/v10/guilds/1/members/2/roles/3");
        assertThat(s.header("Authorization")).isEqualTo("Bot bot-token");
        assertThat(s.header("X-Audit-Log-Reason")).isEqualTo("verified%20by%20bot");
    }

    @Test
    void botRouteWithoutATokenFailsClearlyWithoutSending() {
        DiscordRestClient noToken = builder().build();
        assertThatThrownBy(() -> noToken.createMessage("5", "{\"content\":\"x\"}"))
                .isInstanceOf(DiscordRestException.class)
                .hasMessageContaining("POST /channels/{channel_id}/messages needs a bot token");
        assertThat(seen).isEmpty();
        noToken.close();
    }

    @Test
    void errorBodiesBecomeExceptionsWithStatusCodeAndTemplate() {
        then(Answer.of(404, "{\"message\":\"Unknown interaction\",\"code\":10062}"));
        assertThatThrownBy(() -> client.createInteractionResponse("111", "secret-token", "{\"type\":1}"))
                .isInstanceOfSatisfying(DiscordRestException.class, e -> {
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.code()).isEqualTo(10062);
                    assertThat(e.route()).isEqualTo("POST /interactions/{id}/{token}/callback");
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).doesNotContain("secret-token").contains("Unknown interaction");
                });
        assertThat(seen).hasSize(1);
    }

    @Test
    void retriesA429AfterRetryAfterAndSucceeds() {
        then(Answer.of(429, "{\"message\":\"You are being rate limited.\",\"retry_after\":0.75,\"global\":false}",
                        "X-RateLimit-Bucket", "b1", "X-RateLimit-Remaining", "0", "X-RateLimit-Reset-After", "0.75",
                        "X-RateLimit-Scope", "user", "Retry-After", "1"),
                Answer.of(200, "{\"id\":\"m1\"}", "X-RateLimit-Bucket", "b1", "X-RateLimit-Remaining", "4",
                        "X-RateLimit-Reset-After", "1"));
        String message = client.createMessage("5", "{\"content\":\"x\"}");
        assertThat(message).contains("m1");
        assertThat(seen).hasSize(2);
        assertThat(waits).contains(Duration.ofMillis(750));
    }

    @Test
    void theResponseListenerHearsEveryAnswerByRouteTemplateIncludingA429ThatWasRetried() {
        List<String> answers = new CopyOnWriteArrayList<>();
        client.close();
        client = builder().botToken("bot-token").responseListener((route, status) -> answers.add(route + " " + status))
                .build();
        then(Answer.of(429, "{\"message\":\"You are being rate limited.\",\"retry_after\":0.5,\"global\":false}",
                        "X-RateLimit-Bucket", "b1", "X-RateLimit-Remaining", "0", "X-RateLimit-Reset-After", "0.5"),
                Answer.of(204, ""), Answer.of(404, "{\"message\":\"Unknown interaction\",\"code\":10062}"));

        client.addGuildMemberRole("1", "2", "3", null);
        assertThatThrownBy(() -> client.createInteractionResponse("9", "secret-token", "{\"type\":4}"))
                .isInstanceOf(DiscordRestException.class);

        assertThat(answers).containsExactly(
                "PUT /guilds/{guild_id}/members/{user_id}/roles/{role_id} 429",
                "PUT /guilds/{guild_id}/members/{user_id}/roles/{role_id} 204",
                ROUTE_CALLBACK + " 404");
    }

    @Test
    void theResponseListenerHearsAnAttemptThatGotNoAnswerAndAFailingListenerChangesNothing() {
        List<Integer> statuses = new CopyOnWriteArrayList<>();
        client.close();
        client = builder().botToken("bot-token").requestTimeout(Duration.ofMillis(200)).maxAttempts(2)
                .responseListener((route, status) -> {
                    statuses.add(status);
                    throw new IllegalStateException("a broken listener");
                }).build();
        then(Answer.of(HOLD, ""), Answer.of(204, ""));

        client.removeGuildMemberRole("1", "2", "3", null);

        assertThat(statuses).containsExactly(ResponseListener.NO_ANSWER, 204);
    }

    @Test
    void waitsBeforeARequestWhoseBucketIsSpent() {
        then(Answer.of(200, "{\"id\":\"m1\"}", "X-RateLimit-Bucket", "b1", "X-RateLimit-Remaining", "0",
                "X-RateLimit-Reset-After", "2"));
        client.createMessage("5", "{\"content\":\"x\"}");
        assertThat(waits).isEmpty();
        client.createMessage("5", "{\"content\":\"y\"}");
        assertThat(waits).containsExactly(Duration.ofSeconds(2));
        client.createMessage("6", "{\"content\":\"other channel\"}");
        assertThat(waits).hasSize(1);
    }

    @Test
    void retriesServerErrorsThenGivesUpAsRetryable() {
        then(Answer.of(502, ""), Answer.of(503, ""), Answer.of(500, "{\"message\":\"oops\",\"code\":0}"));
        assertThatThrownBy(() -> client.removeGuildMemberRole("1", "2", "3", null))
                .isInstanceOfSatisfying(DiscordRestException.class, e -> {
                    assertThat(e.status()).isEqualTo(500);
                    assertThat(e.retryable()).isTrue();
                });
        assertThat(seen).hasSize(3);
        assertThat(waits).hasSize(2);
    }

    @Test
    void recoversFromOneServerError() {
        then(Answer.of(503, ""), Answer.of(204, ""));
        client.removeGuildMemberRole("1", "2", "3", null);
        assertThat(seen).extracting(Seen::method).containsExactly("DELETE", "DELETE");
    }

    @Test
    void refusesCallsOnceTheInvalidRequestBudgetIsSpent() {
        DiscordRestClient guarded = builder().botToken("bad").invalidRequestLimit(3).build();
        for (int i = 0; i < 3; i++) {
            then(Answer.of(401, "{\"message\":\"401: Unauthorized\",\"code\":0}"));
            assertThatThrownBy(() -> guarded.createMessage("5", "{}"))
                    .isInstanceOfSatisfying(DiscordRestException.class, e -> assertThat(e.status()).isEqualTo(401));
        }
        assertThatThrownBy(() -> guarded.createMessage("5", "{}"))
                .isInstanceOf(InvalidRequestBudgetExceededException.class)
                .hasMessageContaining("10,000");
        assertThat(seen).hasSize(3);
        guarded.close();
    }

    @Test
    void a401OnAnInteractionRouteIsNotTakenForARefusedBotToken() {
        then(Answer.of(401, "{\"message\":\"Invalid Webhook Token\",\"code\":50027}"));
        assertThatThrownBy(() -> client.createFollowupMessage("1", "interaction-token", "{}"))
                .isInstanceOfSatisfying(DiscordRestException.class, e -> {
                    assertThat(e).isNotInstanceOf(BotTokenRejectedException.class);
                    assertThat(e.code()).isEqualTo(50027);
                    assertThat(e.getMessage()).doesNotContain("interaction-token");
                });
    }

    @Test
    void readsGatewayBotAndDmChannel() {
        then(Answer.of(200, "{\"url\":\"wss://gateway.example\",\"shards\":4,\"session_start_limit\":"
                + "{\"total\":1000,\"remaining\":990,\"reset_after\":3600000,\"max_concurrency\":2}}"),
                Answer.of(200, "{\"id\":\"777\",\"type\":1,\"recipients\":[]}"));
        GatewayBot bot = client.gatewayBot();
        assertThat(bot.url()).hasToString("wss://gateway.example");
        assertThat(bot.shards()).isEqualTo(4);
        assertThat(bot.sessionStartLimit()).isEqualTo(new GatewayBot.SessionStartLimit(1000, 990, 3_600_000, 2));
        assertThat(client.createDmChannel("42")).isEqualTo("777");
        assertThat(seen.get(1).body()).isEqualTo("{\"recipient_id\":\"42\"}");
    }

    @Test
    void followUpEditAndDeleteUseTheWebhookRoutesWithoutAuthorization() {
        then(Answer.of(200, "{\"id\":\"f1\"}"), Answer.of(200, "{\"id\":\"o1\"}"), Answer.of(204, ""));
        assertThat(client.createFollowupMessage("app", "tok", "{\"content\":\"f\"}")).contains("f1");
        assertThat(client.editOriginalResponse("app", "tok", "{\"content\":\"e\"}")).contains("o1");
        client.deleteOriginalResponse("app", "tok");
        assertThat(seen).extracting(s -> s.method() + " " + s.path()).containsExactly(
                "POST /api/v10/webhooks/app/tok",
                "PATCH /api/v10/webhooks/app/tok/messages/@original",
                "DELETE /api/v10/webhooks/app/tok/messages/@original");
        assertThat(seen).allMatch(s -> s.header("Authorization") == null);
    }

    @Test
    void anHtml429IsNotParsedAsJsonButBlocksEveryRouteFor2sThenOneProbeGoes() {
        then(Answer.of(429, CLOUDFLARE_PAGE, "Content-Type", "text/html; charset=UTF-8"), Answer.of(204, ""));

        client.addGuildMemberRole("1", "2", "3", null);

        assertThat(seen).hasSize(2);
        assertThat(waits).as("the IP block, then nothing more").containsExactly(RateLimiter.IP_BLOCK_DEFAULT_WAIT);
        client.createInteractionResponse("111", "itoken", "{\"type\":1}");
        assertThat(waits).as("the probe's 204 lifted the block").hasSize(1);
    }

    @Test
    void anHtml429HoldsInteractionCallbacksTooForItsRetryAfter() {
        then(Answer.of(429, CLOUDFLARE_PAGE, "Content-Type", "text/html", "Retry-After", "3"), Answer.of(204, ""));

        client.createInteractionResponse("111", "itoken", "{\"type\":1}");

        assertThat(seen).hasSize(2);
        assertThat(waits).containsExactly(Duration.ofSeconds(3));
    }

    @Test
    void anHtml429ThatLastsCostsOneRequestPerBlockNotOnePerTry() {
        DiscordRestClient oneTry = builder().botToken("bot-token").maxAttempts(1).build();
        for (int i = 0; i < 3; i++) {
            then(Answer.of(429, CLOUDFLARE_PAGE, "Content-Type", "text/html"));
        }
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> oneTry.addGuildMemberRole("1", "2", "3", null))
                    .isInstanceOfSatisfying(DiscordRestException.class, e -> {
                        assertThat(e.status()).isEqualTo(429);
                        assertThat(e.retryable()).isTrue();
                        assertThat(e.getMessage()).doesNotContain("<html").doesNotContain("<!DOCTYPE");
                    });
        }
        assertThat(seen).hasSize(3);
        assertThat(waits).as("each later call waited out the block before going").containsExactly(
                RateLimiter.IP_BLOCK_DEFAULT_WAIT, RateLimiter.IP_BLOCK_DEFAULT_WAIT);
        oneTry.close();
    }

    @Test
    void aGlobal429HoldsEveryBotRouteButNotInteractionCallbacks() {
        DiscordRestClient oneTry = builder().botToken("bot-token").maxAttempts(1).build();
        then(Answer.of(429, "{\"message\":\"You are being rate limited.\",\"retry_after\":1.5,\"global\":true}",
                "X-RateLimit-Global", "true", "X-RateLimit-Scope", "global", "Retry-After", "2"));
        assertThatThrownBy(() -> oneTry.createMessage("5", "{\"content\":\"x\"}"))
                .isInstanceOfSatisfying(DiscordRestException.class, e -> assertThat(e.status()).isEqualTo(429));

        oneTry.createInteractionResponse("111", "itoken", "{\"type\":1}");
        assertThat(waits).as("callbacks are exempt from the global limit").isEmpty();
        oneTry.addGuildMemberRole("1", "2", "3", null);
        assertThat(waits).containsExactly(Duration.ofMillis(1500));
        oneTry.close();
    }

    @Test
    void noRetryOfACallbackStartsAfterItsDeadline() {
        then(Answer.of(502, "<html><body>502 Bad Gateway</body></html>", "Content-Type", "text/html"),
                Answer.of(500, "{\"message\":\"500: Internal Server Error\",\"code\":0}"), Answer.of(204, ""));
        DiscordRestClient patient = builder().maxAttempts(10).build();
        // random 0: retries wait 125 ms, then 250 ms; the second wait would end past the deadline
        CallDeadline deadline = new CallDeadline(clock.instant().plusMillis(300), Duration.ofSeconds(1));

        assertThatThrownBy(() -> patient.createInteractionResponse("111", "secret-token", "{\"type\":1}", deadline))
                .isInstanceOfSatisfying(SendDeadlinePassedException.class, e -> {
                    assertThat(e.status()).as("the last answer").isEqualTo(500);
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.route()).isEqualTo(ROUTE_CALLBACK);
                    assertThat(e.getMessage()).doesNotContain("secret-token").doesNotContain("111");
                });
        assertThat(seen).hasSize(2);
        assertThat(waits).containsExactly(Duration.ofMillis(125));
        patient.close();
    }

    @Test
    void aRateLimitThatOutlastsTheDeadlineEndsTheCallWithoutWaiting() {
        then(Answer.of(429, "{\"message\":\"You are being rate limited.\",\"retry_after\":1.0,\"global\":false}",
                "X-RateLimit-Scope", "user", "Retry-After", "1"));
        CallDeadline deadline = new CallDeadline(clock.instant().plusMillis(500), Duration.ofSeconds(1));

        assertThatThrownBy(() -> client.createInteractionResponse("111", "itoken", "{\"type\":1}", deadline))
                .isInstanceOfSatisfying(SendDeadlinePassedException.class, e -> assertThat(e.status()).isEqualTo(429));
        assertThat(seen).hasSize(1);
        assertThat(waits).isEmpty();
    }

    @Test
    void nothingIsSentWhenTheDeadlineHasPassedAlready() {
        CallDeadline passed = new CallDeadline(clock.instant(), Duration.ofSeconds(1));

        assertThatThrownBy(() -> client.createInteractionResponse("111", "itoken", "{\"type\":1}", passed))
                .isInstanceOfSatisfying(SendDeadlinePassedException.class, e -> assertThat(e.status()).isZero());
        assertThat(seen).isEmpty();
    }

    @Test
    void anAttemptStuckOnASilentServerTimesOutWithinTheDeadlineAndTheRetryAnswers() {
        then(Answer.of(HOLD, ""), Answer.of(204, ""));
        CallDeadline deadline = new CallDeadline(clock.instant().plusSeconds(3), Duration.ofMillis(300));
        long start = System.nanoTime();

        client.createInteractionResponse("111", "itoken", "{\"type\":1}", deadline);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("one attempt timeout, not the client's 10 s")
                .isLessThan(Duration.ofSeconds(5));
        assertThat(seen).hasSize(2);
        assertThat(waits).containsExactly(Duration.ofMillis(125));
    }

    @Test
    void refusedConnectionsAreRetriedThenReportedAsRetryable() throws IOException {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        DiscordRestClient refused = DiscordRestClient.builder(URI.create("http://127.0.0.1:" + closedPort + "/api/v10"))
                .clock(clock).sleeper(d -> {
                    waits.add(d);
                    clock.advance(d);
                }).random(() -> 0.0).build();

        assertThatThrownBy(() -> refused.createInteractionResponse("111", "itoken", "{\"type\":1}"))
                .isInstanceOfSatisfying(DiscordRestException.class, e -> {
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.status()).isZero();
                    assertThat(e.getCause()).isInstanceOf(java.net.ConnectException.class);
                    assertThat(e.getMessage()).doesNotContain("itoken");
                });
        assertThat(waits).containsExactly(Duration.ofMillis(125), Duration.ofMillis(250));
        refused.close();
    }
}
