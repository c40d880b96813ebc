package community.arrakis.gatewayproxy.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GatewayResumeIT {
    private DiscordSimulator simulator;
    private String token;
    private Guild guild;
    private String userId;

    @BeforeEach
    void start() {
        simulator = DiscordSimulator.start(SimulatorConfig.defaults());
        token = simulator.config().botToken();
        guild = simulator.world().guilds().get(0);
        userId = guild.members().get(1).user().id();
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    private String identifyAndDrainGuilds(GatewayTestClient client) {
        JsonNode ready = client.identifyAndAwaitReady(token, 1);
        for (int i = 0; i < simulator.world().guilds().size(); i++) {
            client.awaitDispatch("GUILD_CREATE");
        }
        return ready.path("d").path("session_id").asText();
    }

    private void awaitDisconnected(String sessionId) {
        await().atMost(Duration.ofSeconds(5)).until(() -> simulator.sessions().stream()
                .anyMatch(s -> s.sessionId().equals(sessionId) && !s.connected()));
    }

    @Test
    void resumeReplaysEventsMissedWhileDisconnectedThenSendsResumed() {
        String sessionId;
        try (GatewayTestClient first = GatewayTestClient.connect(simulator)) {
            sessionId = identifyAndDrainGuilds(first);
            simulator.faults().dropConnection(0);
            // Judged from the server's side: the JDK's WebSocket client now and then never reports a
            // connection dropped without a close frame (see docs/runbook.md), so its close is not awaited.
            awaitDisconnected(sessionId);
        }
        EmittedInteraction missedA = simulator.emitSlashCommand(guild.id(), userId, "ping");
        EmittedInteraction missedB = simulator.emitButtonClick(guild.id(), userId, "again");
        assertThat(missedA.deliveries()).singleElement().satisfies(d -> assertThat(d.connected()).isFalse());

        try (GatewayTestClient second = GatewayTestClient.connect(simulator.resumeGatewayUrl(), "v=10&encoding=json")) {
            second.awaitOp(10);
            second.resume(token, sessionId, 4);

            JsonNode replayedA = second.awaitDispatch("INTERACTION_CREATE");
            JsonNode replayedB = second.awaitDispatch("INTERACTION_CREATE");
            JsonNode resumed = second.awaitDispatch("RESUMED");
            assertThat(List.of(replayedA.path("d").path("id").asText(), replayedB.path("d").path("id").asText()))
                    .containsExactly(missedA.id(), missedB.id());
            assertThat(List.of(replayedA.path("s").asLong(), replayedB.path("s").asLong(), resumed.path("s").asLong()))
                    .containsExactly(5L, 6L, 7L);

            EmittedInteraction live = simulator.emitSlashCommand(guild.id(), userId, "ping");
            assertThat(second.awaitDispatch("INTERACTION_CREATE").path("d").path("id").asText()).isEqualTo(live.id());
        }
    }

    @Test
    void resumeAfterTheResumeWindowGetsInvalidSessionFalse() {
        String sessionId;
        try (GatewayTestClient first = GatewayTestClient.connect(simulator)) {
            sessionId = identifyAndDrainGuilds(first);
            first.closeWith(4000);
            first.awaitClose();
        }
        awaitDisconnected(sessionId);
        simulator.clock().advance(simulator.config().resumeWindow().plusSeconds(1));

        try (GatewayTestClient second = GatewayTestClient.connect(simulator.resumeGatewayUrl(), "v=10&encoding=json")) {
            second.awaitOp(10);
            second.resume(token, sessionId, 4);
            assertThat(second.awaitOp(9).path("d").asBoolean()).isFalse();
        }
    }

    @Test
    void resumeWithASequenceNeverSentClosesWith4007() {
        String sessionId;
        try (GatewayTestClient first = GatewayTestClient.connect(simulator)) {
            sessionId = identifyAndDrainGuilds(first);
            first.abort();
        }
        awaitDisconnected(sessionId);
        try (GatewayTestClient second = GatewayTestClient.connect(simulator.resumeGatewayUrl(), "v=10&encoding=json")) {
            second.awaitOp(10);
            second.resume(token, sessionId, 99);
            assertThat(second.awaitClose()).isEqualTo(4007);
        }
    }

    @Test
    void clientClose1000EndsTheSession() {
        String sessionId;
        try (GatewayTestClient first = GatewayTestClient.connect(simulator)) {
            sessionId = identifyAndDrainGuilds(first);
            first.closeWith(1000);
            first.awaitClose();
        }
        await().atMost(Duration.ofSeconds(5))
                .until(() -> simulator.sessions().stream().noneMatch(s -> s.sessionId().equals(sessionId)));
        try (GatewayTestClient second = GatewayTestClient.connect(simulator.resumeGatewayUrl(), "v=10&encoding=json")) {
            second.awaitOp(10);
            second.resume(token, sessionId, 4);
            assertThat(second.awaitOp(9).path("d").asBoolean()).isFalse();
        }
    }

    @Test
    void reconnectOpcodeAndHeartbeatRequestReachTheClient() {
        try (GatewayTestClient client = GatewayTestClient.connect(simulator)) {
            identifyAndDrainGuilds(client);

            assertThat(simulator.faults().requestHeartbeat(0)).isEqualTo(1);
            assertThat(client.awaitOp(1).path("d").isNull()).isTrue();
            assertThat(simulator.faults().requestReconnect(Faults.ALL_SHARDS)).isEqualTo(1);
            assertThat(client.awaitOp(7).path("d").isNull()).isTrue();
        }
    }

    @Test
    void invalidSessionResumableKeepsTheSessionAndNonResumableEndsIt() {
        try (GatewayTestClient client = GatewayTestClient.connect(simulator)) {
            String sessionId = identifyAndDrainGuilds(client);

            simulator.faults().invalidateSession(0, true);
            assertThat(client.awaitOp(9).path("d").asBoolean()).isTrue();
            assertThat(simulator.sessions()).extracting(s -> s.sessionId()).contains(sessionId);

            simulator.faults().invalidateSession(0, false);
            assertThat(client.awaitFrame(f -> f.path("op").asInt() == 9 && !f.path("d").asBoolean())).isNotNull();
            assertThat(simulator.sessions()).extracting(s -> s.sessionId()).doesNotContain(sessionId);
        }
    }

    @Test
    void zombieConnectionStillReceivesEventsButNoAcks() {
        try (GatewayTestClient client = GatewayTestClient.connect(simulator)) {
            identifyAndDrainGuilds(client);
            simulator.faults().stopHeartbeatAcks(0);

            client.heartbeat(4L);
            EmittedInteraction after = simulator.emitSlashCommand(guild.id(), userId, "ping");
            client.awaitDispatch("INTERACTION_CREATE");

            assertThat(after.sent()).isTrue();
            assertThat(client.received()).noneMatch(f -> f.path("op").asInt() == 11);
        }
    }
}
