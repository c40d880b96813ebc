package community.arrakis.gatewayproxy.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class GatewayLimitsAndIntentsIT {
    private static final int GUILDS = 1;
    private static final int GUILD_MEMBERS = 2;
    private static final int GUILD_PRESENCES = 256;
    private static final int GUILD_MESSAGES = 512;
    private static final int DIRECT_MESSAGES = 4096;

    @Test
    void zlibStreamSendsBinaryFramesThatInflateWithOneContextPerConnection() {
        try (DiscordSimulator simulator = DiscordSimulator.start(SimulatorConfig.defaults());
             GatewayTestClient client = GatewayTestClient.connect(simulator, "v=10&encoding=json&compress=zlib-stream")) {
            JsonNode ready = client.identifyAndAwaitReady(simulator.config().botToken(), GUILDS);
            client.awaitDispatch("GUILD_CREATE");

            assertThat(client.sawBinaryFrames()).isTrue();
            assertThat(ready.path("d").path("session_id").asText()).isNotEmpty();
        }
    }

    @Test
    void identifyOverTheConcurrencyBucketGetsInvalidSessionAndBudgetIsDecremented() throws Exception {
        try (DiscordSimulator simulator = DiscordSimulator.start(SimulatorConfig.defaults());
             GatewayTestClient shard0 = GatewayTestClient.connect(simulator);
             GatewayTestClient shard1 = GatewayTestClient.connect(simulator)) {
            String token = simulator.config().botToken();
            shard0.awaitOp(10);
            shard0.identify(token, GUILDS, 0, 2);
            JsonNode ready = shard0.awaitDispatch("READY");
            assertThat(ready.path("d").path("shard").toString()).isEqualTo("[0,2]");

            shard1.awaitOp(10);
            shard1.identify(token, GUILDS, 1, 2);
            assertThat(shard1.awaitOp(9).path("d").asBoolean()).isFalse();

            JsonNode gatewayBot = GatewayTestClient.MAPPER.readTree(RestTestClient.bot(simulator).get("/gateway/bot").body());
            assertThat(gatewayBot.path("session_start_limit").path("remaining").asInt()).isEqualTo(999);
        }
    }

    @Test
    void bucketsOfMaxConcurrencyIdentifyTogetherAndGetTheirShardsGuilds() {
        SimulatorConfig config = SimulatorConfig.defaults().withMaxConcurrency(2).withRecommendedShards(2);
        try (DiscordSimulator simulator = DiscordSimulator.start(config);
             GatewayTestClient shard0 = GatewayTestClient.connect(simulator);
             GatewayTestClient shard1 = GatewayTestClient.connect(simulator)) {
            shard0.awaitOp(10);
            shard1.awaitOp(10);
            shard0.identify(config.botToken(), GUILDS, 0, 2);
            shard1.identify(config.botToken(), GUILDS, 1, 2);

            List<Guild> guilds = simulator.world().guilds();
            assertThat(shard0.awaitDispatch("READY").path("d").path("guilds").findValuesAsText("id"))
                    .containsExactly(guilds.get(0).id(), guilds.get(2).id());
            assertThat(shard1.awaitDispatch("READY").path("d").path("guilds").findValuesAsText("id"))
                    .containsExactly(guilds.get(1).id());

            EmittedInteraction onShard1 = simulator.emitSlashCommand(guilds.get(1).id(),
                    guilds.get(1).members().get(1).user().id(), "ping");
            assertThat(onShard1.deliveries()).singleElement().satisfies(d -> assertThat(d.shardId()).isEqualTo(1));
            assertThat(shard1.awaitDispatch("INTERACTION_CREATE").path("d").path("id").asText()).isEqualTo(onShard1.id());
        }
    }

    @Test
    void eventsAreFilteredByIntents() {
        try (DiscordSimulator simulator = DiscordSimulator.start(SimulatorConfig.defaults());
             GatewayTestClient client = GatewayTestClient.connect(simulator)) {
            client.identifyAndAwaitReady(simulator.config().botToken(), GUILDS | GUILD_MESSAGES);
            Guild guild = simulator.world().guilds().get(0);
            JsonNode guildCreate = client.awaitDispatch("GUILD_CREATE").path("d");
            String userId = guild.members().get(1).user().id();

            EmittedEvent join = simulator.emitMemberAdd(guild.id(), "777777777777777777");
            EmittedEvent dm = simulator.emitDirectMessage(userId, "psst");
            EmittedEvent message = simulator.emitMessageCreate(guild.id(), null, userId, "secret words");

            assertThat(join.sent()).isFalse();
            assertThat(dm.sent()).isFalse();
            assertThat(message.sent()).isTrue();
            JsonNode received = client.awaitDispatch("MESSAGE_CREATE").path("d");
            assertThat(received.path("content").asText()).isEmpty();
            assertThat(received.path("author").path("id").asText()).isEqualTo(userId);
            assertThat(guildCreate.path("members")).hasSize(1);
        }
    }

    @Test
    void privilegedIntentsUnlockMembersContentAndFullMemberLists() {
        try (DiscordSimulator simulator = DiscordSimulator.start(SimulatorConfig.defaults());
             GatewayTestClient client = GatewayTestClient.connect(simulator)) {
            client.identifyAndAwaitReady(simulator.config().botToken(),
                    GUILDS | GUILD_MEMBERS | GUILD_PRESENCES | GUILD_MESSAGES | DIRECT_MESSAGES | 32768);
            Guild guild = simulator.world().guilds().get(0);
            JsonNode guildCreate = client.awaitDispatch("GUILD_CREATE").path("d");
            String userId = guild.members().get(1).user().id();
            int membersBeforeJoin = guild.memberCount();

            assertThat(simulator.emitMemberAdd(guild.id(), "777777777777777777").sent()).isTrue();
            simulator.emitDirectMessage(userId, "psst");
            simulator.emitMessageCreate(guild.id(), null, userId, "secret words");

            assertThat(guildCreate.path("members")).hasSize(membersBeforeJoin);
            assertThat(client.awaitDispatch("GUILD_MEMBER_ADD").path("d").path("user").path("id").asText())
                    .isEqualTo("777777777777777777");
            JsonNode directMessage = client.awaitDispatch("MESSAGE_CREATE").path("d");
            assertThat(directMessage.has("guild_id")).isFalse();
            assertThat(directMessage.path("content").asText()).isEqualTo("psst");
            assertThat(client.awaitDispatch("MESSAGE_CREATE").path("d").path("content").asText())
                    .isEqualTo("secret words");
        }
    }
}
