package community.arrakis.gatewayproxy.simulator.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import community.arrakis.gatewayproxy.simulator.DiscordSimulator;
import community.arrakis.gatewayproxy.simulator.RateLimitConfig;
import community.arrakis.gatewayproxy.simulator.SimulatorConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

class LoadDriverIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void sustainsTwentyThousandDispatchesPerSecondToANullBot() {
        LoadDriverCeiling.measure(5_000, Duration.ofSeconds(1));

        LoadDriverCeiling.Result result = LoadDriverCeiling.measure(25_000, Duration.ofSeconds(3));

        assertThat(result.received()).isEqualTo(result.emitted());
        assertThat(result.receivedPerSecond()).as(result.toString()).isGreaterThanOrEqualTo(20_000);
    }

    @Test
    void measuresLatencyFromDispatchToCallbackForABotThatAnswers() throws Exception {
        SimulatorConfig config = SimulatorConfig.defaults().withRateLimits(RateLimitConfig.disabled());
        try (DiscordSimulator simulator = DiscordSimulator.start(config);
             EchoBot bot = EchoBot.connect(simulator)) {
            assertThat(bot.ready()).isTrue();
            LoadReport report = new LoadDriver(simulator).run(new LoadProfile(java.util.List.of(
                    new LoadProfile.Stage(100, Duration.ofSeconds(1)),
                    new LoadProfile.Stage(300, Duration.ofSeconds(1)))), Duration.ofSeconds(5));

            assertThat(report.sent()).isEqualTo(400);
            assertThat(report.answered()).isEqualTo(400);
            assertThat(report.lost()).isZero();
            assertThat(report.errors()).isZero();
            assertThat(report.latencyMicros().getTotalCount()).isEqualTo(400);
            assertThat(report.percentileMicros(99)).isPositive();
            JsonNode json = report.toJson();
            assertThat(json.path("answered").asLong()).isEqualTo(400);
            assertThat(json.path("latency_ms").path("p99").asDouble()).isPositive();
            assertThat(report.toTable()).contains("| 400 | 0 | 400 | 0 | 0 | 0 |");
        }
    }

    @Test
    void countsUnansweredInteractionsAsLost() {
        SimulatorConfig config = SimulatorConfig.defaults();
        try (DiscordSimulator simulator = DiscordSimulator.start(config);
             NullBot bot = NullBot.connect(simulator.gatewayUrl(), config.botToken())) {
            assertThat(bot.dispatches()).isPositive();
            LoadReport report = new LoadDriver(simulator).run(LoadProfile.constant(50, Duration.ofMillis(400)),
                    Duration.ofMillis(100));

            assertThat(report.sent()).isEqualTo(20);
            assertThat(report.lost()).isEqualTo(20);
            assertThat(report.answered()).isZero();
        }
    }

    /** Answers every INTERACTION_CREATE with a deferred response through the REST API. */
    static final class EchoBot implements AutoCloseable {
        private final HttpClient http = HttpClient.newHttpClient();
        private final CompletableFuture<Void> ready = new CompletableFuture<>();
        private final WebSocket socket;
        private final URI api;

        private EchoBot(DiscordSimulator simulator) {
            this.api = simulator.apiBaseUrl();
            String token = simulator.config().botToken();
            this.socket = http.newWebSocketBuilder().buildAsync(URI.create(simulator.gatewayUrl() + "?v=10&encoding=json"),
                    new WebSocket.Listener() {
                        private final StringBuilder text = new StringBuilder();

                        @Override
                        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                            text.append(data);
                            if (last) {
                                onFrame(webSocket, token, text.toString());
                                text.setLength(0);
                            }
                            webSocket.request(1);
                            return null;
                        }
                    }).join();
            ready.orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).join();
        }

        boolean ready() {
            return ready.isDone() && !ready.isCompletedExceptionally();
        }

        static EchoBot connect(DiscordSimulator simulator) {
            return new EchoBot(simulator);
        }

        private void onFrame(WebSocket webSocket, String token, String frame) {
            try {
                JsonNode node = MAPPER.readTree(frame);
                if (node.path("op").asInt() == 10) {
                    webSocket.sendText("{\"op\":2,\"d\":{\"token\":\"" + token + "\",\"intents\":1,"
                            + "\"properties\":{\"os\":\"l\",\"browser\":\"echo\",\"device\":\"echo\"}}}", true);
                } else if ("READY".equals(node.path("t").asText())) {
                    ready.complete(null);
                } else if ("INTERACTION_CREATE".equals(node.path("t").asText())) {
                    JsonNode d = node.path("d");
                    HttpRequest request = HttpRequest.newBuilder(URI.create(api + "/interactions/"
                                    + d.path("id").asText() + "/" + d.path("token").asText() + "/callback"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"type\":5}")).build();
                    http.sendAsync(request, HttpResponse.BodyHandlers.discarding());
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() {
            socket.abort();
        }
    }
}
