package community.arrakis.gatewayproxy.simulator.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import community.arrakis.gatewayproxy.simulator.DiscordSimulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * A small bot for load tests: identifies with GUILDS and GUILD_MEMBERS, answers the interaction types
 * it is told to (command → 4, button → 6, autocomplete → 8) and, given a role, PUTs it on every member
 * who joins. {@code lateBy} advances the simulator clock before each callback, making it late.
 */
final class AnsweringBot implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final DiscordSimulator simulator;
    private final Set<Integer> answeredInteractionTypes;
    private final String joinRoleId;
    private final Duration lateBy;
    private final String token;
    private final WebSocket socket;

    private AnsweringBot(DiscordSimulator simulator, Set<Integer> answeredInteractionTypes, String joinRoleId,
                         Duration lateBy) {
        this.simulator = simulator;
        this.answeredInteractionTypes = answeredInteractionTypes;
        this.joinRoleId = joinRoleId;
        this.lateBy = lateBy;
        this.token = simulator.config().botToken();
        this.socket = http.newWebSocketBuilder().buildAsync(URI.create(simulator.gatewayUrl() + "?v=10&encoding=json"),
                new WebSocket.Listener() {
                    private final StringBuilder text = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        text.append(data);
                        if (last) {
                            onFrame(webSocket, text.toString());
                            text.setLength(0);
                        }
                        webSocket.request(1);
                        return null;
                    }
                }).join();
        ready.orTimeout(10, TimeUnit.SECONDS).join();
    }

    /** @param joinRoleId role to PUT on joining members, or null to leave joins unanswered */
    static AnsweringBot connect(DiscordSimulator simulator, Set<Integer> interactionTypes, String joinRoleId) {
        return new AnsweringBot(simulator, interactionTypes, joinRoleId, Duration.ZERO);
    }

    static AnsweringBot late(DiscordSimulator simulator, Set<Integer> interactionTypes, Duration lateBy) {
        return new AnsweringBot(simulator, interactionTypes, null, lateBy);
    }

    private void onFrame(WebSocket webSocket, String frame) {
        try {
            JsonNode node = MAPPER.readTree(frame);
            String type = node.path("t").asText();
            JsonNode d = node.path("d");
            if (node.path("op").asInt() == 10) {
                webSocket.sendText("{\"op\":2,\"d\":{\"token\":\"" + token + "\",\"intents\":3,"
                        + "\"properties\":{\"os\":\"l\",\"browser\":\"load-test\",\"device\":\"load-test\"}}}", true);
            } else if ("READY".equals(type)) {
                ready.complete(null);
            } else if ("INTERACTION_CREATE".equals(type) && answeredInteractionTypes.contains(d.path("type").asInt())) {
                String body = switch (d.path("type").asInt()) {
                    case 2 -> "{\"type\":4,\"data\":{\"content\":\"pong\"}}";
                    case 3 -> "{\"type\":6}";
                    case 4 -> "{\"type\":8,\"data\":{\"choices\":[{\"name\":\"apple\",\"value\":\"apple\"}]}}";
                    default -> throw new IllegalStateException("unexpected interaction type " + d.path("type"));
                };
                if (!lateBy.isZero()) {
                    simulator.clock().advance(lateBy);
                }
                send(HttpRequest.newBuilder(URI.create(simulator.apiBaseUrl() + "/interactions/" + d.path("id").asText()
                                + "/" + d.path("token").asText() + "/callback"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)));
            } else if ("GUILD_MEMBER_ADD".equals(type) && joinRoleId != null) {
                send(HttpRequest.newBuilder(URI.create(simulator.apiBaseUrl() + "/guilds/" + d.path("guild_id").asText()
                                + "/members/" + d.path("user").path("id").asText() + "/roles/" + joinRoleId))
                        .header("Authorization", "Bot " + token)
                        .PUT(HttpRequest.BodyPublishers.noBody()));
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void send(HttpRequest.Builder request) {
        http.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding());
    }

    @Override
    public void close() {
        socket.abort();
    }
}
