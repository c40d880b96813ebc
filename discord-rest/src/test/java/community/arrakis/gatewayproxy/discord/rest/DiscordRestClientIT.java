package community.arrakis.gatewayproxy.discord.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
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
        a.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        byte[] bytes = a.body().getBytes(StandardCharsets.UTF_8);
        if (!a.body().isEmpty()) {
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
    void interactionCallbackWhoseDeadlineHasPassedIsNotSent() {
        assertThatThrownBy(() -> client.createInteractionResponse("111", "secret-token", "{\"type\":4}", clock.instant()))
                .isInstanceOfSatisfying(DeadlinePassedException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).doesNotContain("secret-token").contains("not sent");
                });
        assertThat(seen).isEmpty();

        client.createInteractionResponse("111", "itoken", "{\"type\":4}", clock.instant().plusMillis(1));
        assertThat(seen).hasSize(1);
    }

    /** A 5xx is retried after a backoff; a retry that would leave after the deadline is not sent. */
    @Test
    void interactionCallbackIsNotRetriedPastItsDeadline() {
        then(Answer.of(502, ""));
        assertThatThrownBy(() -> client.createInteractionResponse("111", "itoken", "{\"type\":4}",
                clock.instant().plusMillis(50)))
                .isInstanceOf(DeadlinePassedException.class);
        assertThat(seen).hasSize(1);
        assertThat(waits).hasSize(1).allMatch(wait -> wait.toMillis() >= 50);
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
}
