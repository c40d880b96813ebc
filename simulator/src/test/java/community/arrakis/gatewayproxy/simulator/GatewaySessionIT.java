package community.arrakis.gatewayproxy.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GatewaySessionIT {
    private static final int GUILDS_AND_MEMBERS_AND_MESSAGES = 1 | 2 | 256 | 512 | 4096 | 32768;

    private DiscordSimulator simulator;

    @BeforeEach
    void start() {
        simulator = DiscordSimulator.start(SimulatorConfig.defaults());
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void greetsIdentifiesAndSendsOneGuildCreatePerGuild() {
        try (GatewayTestClient client = GatewayTestClient.connect(simulator)) {
            JsonNode hello = client.awaitOp(10);
            assertThat(hello.path("d").path("heartbeat_interval").asLong()).isEqualTo(41_250);
            assertThat(hello.get("s").isNull()).isTrue();
            assertThat(hello.get("t").isNull()).isTrue();

            client.heartbeat(null);
            JsonNode ack = client.awaitOp(11);
            assertThat(ack.get("s").isNull()).isTrue();

            client.identify(simulator.config().botToken(), GUILDS_AND_MEMBERS_AND_MESSAGES);
            JsonNode ready = client.awaitDispatch("READY");
            JsonNode d = ready.path("d");
            assertThat(d.path("v").asInt()).isEqualTo(10);
            assertThat(d.path("user").path("id").asText()).isEqualTo(simulator.config().applicationId());
            assertThat(d.path("guilds")).hasSize(3);
            assertThat(d.path("guilds").get(0).path("unavailable").asBoolean()).isTrue();
            assertThat(d.path("session_id").asText()).hasSize(32);
            assertThat(d.path("resume_gateway_url").asText()).isEqualTo(simulator.resumeGatewayUrl().toString())
                    .isNotEqualTo(simulator.gatewayUrl().toString());
            assertThat(d.path("application").path("id").asText()).isEqualTo(simulator.config().applicationId());
            assertThat(d.path("private_channels").isArray()).isTrue();
            assertThat(d.has("shard")).isFalse();

            List<JsonNode> guildCreates = List.of(client.awaitDispatch("GUILD_CREATE"),
                    client.awaitDispatch("GUILD_CREATE"), client.awaitDispatch("GUILD_CREATE"));
            assertThat(guildCreates).extracting(g -> g.path("d").path("id").asText())
                    .containsExactlyElementsOf(simulator.world().guilds().stream().map(Guild::id).toList());
            assertThat(guildCreates).extracting(g -> g.path("s").asLong()).containsExactly(2L, 3L, 4L);
            JsonNode guild = guildCreates.get(0).path("d");
            assertThat(guild.path("channels").size()).isGreaterThanOrEqualTo(3);
            assertThat(guild.path("roles").size()).isEqualTo(4);
            assertThat(guild.path("members").findValuesAsText("id")).contains(simulator.config().applicationId());
            assertThat(ready.path("s").asLong()).isEqualTo(1);
        }
    }

    @Test
    void deliversAnEmittedSlashCommandThatTheBotAnswersOverRest() {
        try (GatewayTestClient client = GatewayTestClient.connect(simulator)) {
            client.identifyAndAwaitReady(simulator.config().botToken(), 1);
            Guild guild = simulator.world().guilds().get(1);
            String userId = guild.members().get(1).user().id();

            EmittedInteraction emitted = simulator.emitSlashCommand(guild.id(), userId, "echo",
                    CommandOption.string("text", "hello"));

            JsonNode interaction = client.awaitDispatch("INTERACTION_CREATE");
            assertThat(emitted.deliveries()).singleElement()
                    .satisfies(delivery -> assertThat(delivery.seq()).isEqualTo(interaction.path("s").asLong()));
            JsonNode d = interaction.path("d");
            assertThat(d.path("id").asText()).isEqualTo(emitted.id());
            assertThat(d.path("type").asInt()).isEqualTo(2);
            assertThat(d.path("guild_id").asText()).isEqualTo(guild.id());
            assertThat(d.path("member").path("user").path("id").asText()).isEqualTo(userId);
            assertThat(d.path("data").path("name").asText()).isEqualTo("echo");
            assertThat(d.path("data").path("options").get(0).path("value").asText()).isEqualTo("hello");
            assertThat(Snowflake.timestamp(emitted.id())).isEqualTo(emitted.createdAt());

            HttpResponse<String> response = RestTestClient.anonymous(simulator).post(
                    "/interactions/" + d.path("id").asText() + "/" + d.path("token").asText() + "/callback",
                    "{\"type\":4,\"data\":{\"content\":\"hello\"}}");

            assertThat(response.statusCode()).isEqualTo(204);
            assertThat(response.body()).isEmpty();
            assertThat(response.headers().firstValue("Content-Type")).isEmpty();
            RecordedRequest recorded = simulator.requests().await(
                    r -> r.is("POST", "/interactions/{interaction_id}/{interaction_token}/callback"),
                    Duration.ofSeconds(5));
            assertThat(recorded.pathParam("interaction_id")).contains(emitted.id());
            assertThat(recorded.body()).contains("\"content\":\"hello\"");
            assertThat(recorded.status()).isEqualTo(204);
        }
    }

    @Test
    void dispatchLogMatchesWhatTheClientReceived() {
        try (GatewayTestClient client = GatewayTestClient.connect(simulator)) {
            client.identifyAndAwaitReady(simulator.config().botToken(), GUILDS_AND_MEMBERS_AND_MESSAGES);
            Guild guild = simulator.world().guilds().get(0);
            simulator.emitMemberAdd(guild.id(), "424242424242424242");
            simulator.emitButtonClick(guild.id(), guild.members().get(1).user().id(), "confirm");
            client.awaitDispatch("INTERACTION_CREATE");

            List<Long> receivedSeqs = client.received().stream().filter(f -> f.path("op").asInt() == 0)
                    .map(f -> f.path("s").asLong()).toList();
            assertThat(simulator.dispatches().all()).extracting(RecordedDispatch::seq)
                    .containsExactlyElementsOf(receivedSeqs);
            assertThat(simulator.dispatches().ofType("GUILD_MEMBER_ADD")).singleElement()
                    .satisfies(d -> assertThat(d.entityId()).isEqualTo("424242424242424242"));
        }
    }
}
