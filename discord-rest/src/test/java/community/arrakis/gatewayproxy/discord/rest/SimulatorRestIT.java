package community.arrakis.gatewayproxy.discord.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import community.arrakis.gatewayproxy.simulator.DiscordSimulator;
import community.arrakis.gatewayproxy.simulator.EmittedInteraction;
import community.arrakis.gatewayproxy.simulator.Guild;
import community.arrakis.gatewayproxy.simulator.RateLimitConfig;
import community.arrakis.gatewayproxy.simulator.RecordedRequest;
import community.arrakis.gatewayproxy.simulator.SimulatorConfig;
import community.arrakis.gatewayproxy.simulator.rest.RouteFault;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The REST client against the project's Discord simulator. */
class SimulatorRestIT {

    private static final String CALLBACK = "/interactions/{interaction_id}/{interaction_token}/callback";
    private static final String MEMBER_ROLE = "/guilds/{guild_id}/members/{user_id}/roles/{role_id}";

    private DiscordSimulator simulator;
    private DiscordRestClient client;

    private void start(SimulatorConfig config) {
        simulator = DiscordSimulator.start(config);
        client = DiscordRestClient.builder(simulator.apiBaseUrl()).botToken(simulator.config().botToken()).build();
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (simulator != null) {
            simulator.close();
        }
    }

    private Guild guild() {
        return simulator.world().guilds().get(0);
    }

    private String user() {
        return guild().members().get(1).user().id();
    }

    private String role(String name) {
        return guild().roles().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow().id();
    }

    private EmittedInteraction ping() {
        return simulator.emitSlashCommand(guild().id(), user(), "ping");
    }

    @Test
    void answersAnInteractionThenFollowsUpAndEditsTheOriginal() {
        start(SimulatorConfig.defaults());
        EmittedInteraction ping = ping();
        client.createInteractionResponse(ping.id(), ping.token(), "{\"type\":4,\"data\":{\"content\":\"pong\"}}");
        String followup = client.createFollowupMessage(simulator.config().applicationId(), ping.token(),
                "{\"content\":\"more\"}");
        String edited = client.editOriginalResponse(simulator.config().applicationId(), ping.token(),
                "{\"content\":\"pong!\"}");

        assertThat(followup).contains("more");
        assertThat(edited).contains("pong!");
        RecordedRequest callback = simulator.requests().matching("POST", CALLBACK).get(0);
        assertThat(callback.status()).isEqualTo(204);
        assertThat(callback.header("authorization")).isEmpty();
        assertThat(callback.header("user-agent")).contains(DiscordRestClient.USER_AGENT);
    }

    @Test
    void aSecondCallbackFailsWithAlreadyAcknowledged() {
        start(SimulatorConfig.defaults());
        EmittedInteraction ping = ping();
        client.createInteractionResponse(ping.id(), ping.token(), "{\"type\":5}");
        assertThatThrownBy(() -> client.createInteractionResponse(ping.id(), ping.token(), "{\"type\":5}"))
                .isInstanceOfSatisfying(DiscordRestException.class, e -> {
                    assertThat(e.code()).isEqualTo(40060);
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).doesNotContain(ping.token());
                });
    }

    @Test
    void addsAndRemovesAMemberRole() {
        start(SimulatorConfig.defaults());
        String member = role("Member");
        client.addGuildMemberRole(guild().id(), user(), member, "passed verification");
        assertThat(guild().member(user()).orElseThrow().roleIds()).contains(member);
        client.removeGuildMemberRole(guild().id(), user(), member, null);
        assertThat(guild().member(user()).orElseThrow().roleIds()).doesNotContain(member);
        assertThat(simulator.requests().matching("PUT", MEMBER_ROLE)).singleElement()
                .satisfies(r -> assertThat(r.header("x-audit-log-reason")).contains("passed%20verification"));
    }

    @Test
    void waitsForTheRouteBucketInsteadOfCollecting429s() {
        start(SimulatorConfig.defaults().withRateLimits(RateLimitConfig.defaults().withRouteLimit(2, Duration.ofMillis(500))));
        String member = role("Member");
        for (int i = 0; i < 6; i++) {
            client.addGuildMemberRole(guild().id(), user(), member, null);
        }
        List<RecordedRequest> puts = simulator.requests().matching("PUT", MEMBER_ROLE);
        assertThat(puts).hasSize(6).allMatch(r -> r.status() == 204);
    }

    @Test
    void sendsADirectMessage() {
        start(SimulatorConfig.defaults());
        String channel = client.createDmChannel(user());
        String message = client.createMessage(channel, "{\"content\":\"hello\"}");
        assertThat(message).contains("hello");
        assertThat(simulator.world().dmChannel(channel)).isPresent();
    }

    @Test
    void readsGatewayBot() {
        start(SimulatorConfig.defaults().withRecommendedShards(2).withMaxConcurrency(4));
        GatewayBot bot = client.gatewayBot();
        assertThat(bot.url()).isEqualTo(simulator.gatewayUrl());
        assertThat(bot.shards()).isEqualTo(2);
        assertThat(bot.sessionStartLimit().maxConcurrency()).isEqualTo(4);
    }

    @Test
    void retriesUnavailableAndReportsItRetryable() {
        start(SimulatorConfig.defaults());
        simulator.faults().failRoute(RouteFault.always("PUT", MEMBER_ROLE, RouteFault.Kind.SERVICE_UNAVAILABLE));
        assertThatThrownBy(() -> client.addGuildMemberRole(guild().id(), user(), role("Member"), null))
                .isInstanceOfSatisfying(DiscordRestException.class, e -> {
                    assertThat(e.status()).isEqualTo(503);
                    assertThat(e.retryable()).isTrue();
                });
        assertThat(simulator.requests().matching("PUT", MEMBER_ROLE)).hasSize(3);
    }

    @Test
    void aWrongBotTokenIsRejectedAndCounted() {
        start(SimulatorConfig.defaults());
        try (DiscordRestClient wrong = DiscordRestClient.builder(simulator.apiBaseUrl()).botToken("nope")
                .invalidRequestLimit(2).build()) {
            for (int i = 0; i < 2; i++) {
                assertThatThrownBy(wrong::gatewayBot).isInstanceOfSatisfying(BotTokenRejectedException.class, e -> {
                    assertThat(e.status()).isEqualTo(401);
                    assertThat(e.retryable()).isFalse();
                    assertThat(e).hasMessage("Discord refused the bot token: GET /gateway/bot answered 401 Unauthorized");
                });
            }
            assertThatThrownBy(wrong::gatewayBot).isInstanceOf(InvalidRequestBudgetExceededException.class);
        }
    }
}
