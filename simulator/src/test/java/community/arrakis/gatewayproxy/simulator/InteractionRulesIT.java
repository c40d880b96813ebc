package community.arrakis.gatewayproxy.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class InteractionRulesIT {
    private DiscordSimulator simulator;
    private RestTestClient rest;
    private Guild guild;
    private String userId;

    @BeforeEach
    void start() {
        simulator = DiscordSimulator.start(SimulatorConfig.defaults());
        rest = RestTestClient.anonymous(simulator);
        guild = simulator.world().guilds().get(0);
        userId = guild.members().get(1).user().id();
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    private HttpResponse<String> callback(EmittedInteraction interaction, String body) {
        return rest.post("/interactions/" + interaction.id() + "/" + interaction.token() + "/callback", body);
    }

    private String webhook(EmittedInteraction interaction) {
        return "/webhooks/" + simulator.config().applicationId() + "/" + interaction.token();
    }

    private static int code(HttpResponse<String> response) throws Exception {
        return GatewayTestClient.MAPPER.readTree(response.body()).path("code").asInt();
    }

    @Test
    void secondCallbackIsAlreadyAcknowledged() throws Exception {
        EmittedInteraction ping = simulator.emitSlashCommand(guild.id(), userId, "ping");

        assertThat(callback(ping, "{\"type\":5}").statusCode()).isEqualTo(204);
        HttpResponse<String> second = callback(ping, "{\"type\":4,\"data\":{\"content\":\"late\"}}");

        assertThat(second.statusCode()).isEqualTo(400);
        assertThat(code(second)).isEqualTo(40060);
    }

    @Test
    void callbackAfterThreeSecondsIsAnUnknownInteraction() throws Exception {
        EmittedInteraction ping = simulator.emitSlashCommand(guild.id(), userId, "ping");
        simulator.clock().advance(Duration.ofMillis(3_100));

        HttpResponse<String> response = callback(ping, "{\"type\":4,\"data\":{\"content\":\"pong\"}}");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(code(response)).isEqualTo(10062);
    }

    @Test
    void unknownInteractionOrWrongTokenIs10062() throws Exception {
        EmittedInteraction ping = simulator.emitSlashCommand(guild.id(), userId, "ping");

        HttpResponse<String> response = rest.post("/interactions/" + ping.id() + "/not-the-token/callback",
                "{\"type\":5}");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(code(response)).isEqualTo(10062);
    }

    @Test
    void responseTypeMustFitTheInteractionType() throws Exception {
        EmittedInteraction command = simulator.emitSlashCommand(guild.id(), userId, "ping");
        EmittedInteraction autocomplete = simulator.emitAutocomplete(guild.id(), userId, "pick",
                CommandOption.focused("fruit", "ap"));

        HttpResponse<String> wrongForCommand = callback(command, "{\"type\":8,\"data\":{\"choices\":[]}}");
        HttpResponse<String> rightForAutocomplete = callback(autocomplete,
                "{\"type\":8,\"data\":{\"choices\":[{\"name\":\"apple\",\"value\":\"apple\"}]}}");

        assertThat(wrongForCommand.statusCode()).isEqualTo(400);
        assertThat(code(wrongForCommand)).isEqualTo(50035);
        assertThat(rightForAutocomplete.statusCode()).isEqualTo(204);
    }

    @Test
    void followUpsWorkAfterTheCallbackUntilTheTokenExpires() throws Exception {
        EmittedInteraction ping = simulator.emitSlashCommand(guild.id(), userId, "ping");
        HttpResponse<String> beforeAck = rest.post(webhook(ping), "{\"content\":\"too early\"}");
        assertThat(beforeAck.statusCode()).isEqualTo(404);
        assertThat(code(beforeAck)).isEqualTo(10015);

        assertThat(callback(ping, "{\"type\":4,\"data\":{\"content\":\"pong\"}}").statusCode()).isEqualTo(204);
        HttpResponse<String> followup = rest.post(webhook(ping), "{\"content\":\"more\",\"flags\":64}");
        assertThat(followup.statusCode()).isEqualTo(200);
        JsonNode message = GatewayTestClient.MAPPER.readTree(followup.body());
        assertThat(message.path("content").asText()).isEqualTo("more");
        assertThat(message.path("flags").asInt()).isEqualTo(64);
        assertThat(message.path("webhook_id").asText()).isEqualTo(simulator.config().applicationId());

        JsonNode original = GatewayTestClient.MAPPER.readTree(rest.get(webhook(ping) + "/messages/@original").body());
        assertThat(original.path("content").asText()).isEqualTo("pong");

        simulator.clock().advance(Duration.ofMinutes(15).plusSeconds(1));
        HttpResponse<String> expired = rest.post(webhook(ping), "{\"content\":\"too late\"}");
        assertThat(expired.statusCode()).isEqualTo(401);
        assertThat(code(expired)).isEqualTo(50027);
    }

    @Test
    void deferredResponseIsEditedThroughOriginalAndCanBeDeleted() throws Exception {
        EmittedInteraction ping = simulator.emitSlashCommand(guild.id(), userId, "ping");
        assertThat(callback(ping, "{\"type\":5}").statusCode()).isEqualTo(204);

        HttpResponse<String> edited = rest.send("PATCH", webhook(ping) + "/messages/@original",
                "{\"content\":\"done\"}");
        assertThat(edited.statusCode()).isEqualTo(200);
        JsonNode message = GatewayTestClient.MAPPER.readTree(edited.body());
        assertThat(message.path("content").asText()).isEqualTo("done");
        assertThat(message.path("flags").asInt() & 128).isZero();

        assertThat(rest.send("DELETE", webhook(ping) + "/messages/@original", null).statusCode()).isEqualTo(204);
        HttpResponse<String> gone = rest.get(webhook(ping) + "/messages/@original");
        assertThat(code(gone)).isEqualTo(10008);
    }

    @Test
    void callbackWithResponseReturnsTheCreatedMessage() throws Exception {
        EmittedInteraction ping = simulator.emitSlashCommand(guild.id(), userId, "ping");

        HttpResponse<String> response = rest.post("/interactions/" + ping.id() + "/" + ping.token()
                + "/callback?with_response=true", "{\"type\":4,\"data\":{\"content\":\"pong\"}}");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = GatewayTestClient.MAPPER.readTree(response.body());
        assertThat(body.path("interaction").path("id").asText()).isEqualTo(ping.id());
        assertThat(body.path("resource").path("message").path("content").asText()).isEqualTo("pong");
    }

    @Test
    void directMessagesTakeTwoCallsAndFireMessageCreateOnShardZero() throws Exception {
        try (GatewayTestClient client = GatewayTestClient.connect(simulator)) {
            client.identifyAndAwaitReady(simulator.config().botToken(), 1 | 4096);
            RestTestClient bot = RestTestClient.bot(simulator);

            HttpResponse<String> channelResponse = bot.post("/users/@me/channels",
                    "{\"recipient_id\":\"" + userId + "\"}");
            JsonNode channel = GatewayTestClient.MAPPER.readTree(channelResponse.body());
            assertThat(channel.path("type").asInt()).isEqualTo(1);
            assertThat(channel.path("recipients").get(0).path("id").asText()).isEqualTo(userId);
            String again = GatewayTestClient.MAPPER.readTree(bot.post("/users/@me/channels",
                    "{\"recipient_id\":\"" + userId + "\"}").body()).path("id").asText();
            assertThat(again).isEqualTo(channel.path("id").asText());

            HttpResponse<String> sent = bot.post("/channels/" + channel.path("id").asText() + "/messages",
                    "{\"content\":\"hi there\"}");
            assertThat(sent.statusCode()).isEqualTo(200);
            JsonNode event = client.awaitDispatch("MESSAGE_CREATE").path("d");
            assertThat(event.path("content").asText()).isEqualTo("hi there");
            assertThat(event.path("channel_id").asText()).isEqualTo(channel.path("id").asText());

            HttpResponse<String> empty = bot.post("/channels/" + channel.path("id").asText() + "/messages", "{}");
            assertThat(code(empty)).isEqualTo(50006);
        }
    }
}
