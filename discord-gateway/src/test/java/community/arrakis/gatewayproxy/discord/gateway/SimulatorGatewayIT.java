package community.arrakis.gatewayproxy.discord.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import community.arrakis.gatewayproxy.discord.gateway.compression.TransportCompression;
import community.arrakis.gatewayproxy.simulator.DiscordSimulator;
import community.arrakis.gatewayproxy.simulator.EmittedInteraction;
import community.arrakis.gatewayproxy.simulator.Guild;
import community.arrakis.gatewayproxy.simulator.SimulatorConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The shard against the project's Discord simulator: the protocol paths end to end. */
class SimulatorGatewayIT {

    private DiscordSimulator simulator;
    private final List<GatewayShard> shards = new ArrayList<>();
    private final List<GatewayDispatch> dispatches = new CopyOnWriteArrayList<>();
    private final List<ResumeState> sessions = new CopyOnWriteArrayList<>();
    private final List<String> statuses = new CopyOnWriteArrayList<>();

    private final GatewayListener listener = new GatewayListener() {
        @Override
        public void onDispatch(GatewayDispatch dispatch) {
            dispatches.add(dispatch);
        }

        @Override
        public void onSessionStarted(int shardId, ResumeState session) {
            sessions.add(session);
        }

        @Override
        public void onStatusChanged(int shardId, ShardStatus from, ShardStatus to, String reason) {
            statuses.add(to + ": " + reason);
        }
    };

    @AfterEach
    void stop() {
        shards.forEach(GatewayShard::close);
        if (simulator != null) {
            simulator.close();
        }
    }

    private GatewayShard shard(ShardOptions options) {
        GatewayShard shard = GatewayShard.builder(options, listener)
                .identifyLimiter(new InMemoryIdentifyLimiter(1)) // this test's own 5 s spacing, as the simulator enforces
                .build();
        shards.add(shard);
        shard.start();
        return shard;
    }

    private GatewayShard readyShard(SimulatorConfig config, TransportCompression compression) {
        simulator = DiscordSimulator.start(config);
        GatewayShard shard = shard(options().withCompression(compression));
        await().atMost(Duration.ofSeconds(10)).until(() -> shard.status() == ShardStatus.READY);
        int guilds = simulator.world().guilds().size();
        await().atMost(Duration.ofSeconds(10)).until(() -> ofType("GUILD_CREATE").size() == guilds);
        return shard;
    }

    private ShardOptions options() {
        return ShardOptions.of(simulator.gatewayUrl(), simulator.config().botToken(), 0, 1);
    }

    private List<GatewayDispatch> ofType(String type) {
        return dispatches.stream().filter(d -> d.type().equals(type)).toList();
    }

    private List<EmittedInteraction> emit(int count) {
        Guild guild = simulator.world().guilds().get(0);
        String user = guild.members().get(1).user().id();
        List<EmittedInteraction> emitted = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            emitted.add(simulator.emitSlashCommand(guild.id(), user, "ping"));
        }
        return emitted;
    }

    private static String idOf(GatewayDispatch d) {
        String json = new String(d.data(), StandardCharsets.UTF_8);
        int at = json.indexOf("\"id\":\"");
        return json.substring(at + 6, json.indexOf('"', at + 6));
    }

    /** Every interaction emitted arrives exactly once, in emission order. */
    private void assertReceivedInOrder(List<EmittedInteraction> emitted) {
        await().atMost(Duration.ofSeconds(15)).until(() -> ofType("INTERACTION_CREATE").size() >= emitted.size());
        assertThat(ofType("INTERACTION_CREATE")).extracting(SimulatorGatewayIT::idOf)
                .containsExactlyElementsOf(emitted.stream().map(EmittedInteraction::id).toList());
    }

    /** Sequences of one session: strictly increasing with no gap, as Discord numbers them. */
    private void assertNoSequenceMissing() {
        List<Long> seqs = dispatches.stream().map(GatewayDispatch::sequence).toList();
        for (int i = 1; i < seqs.size(); i++) {
            long step = seqs.get(i) - seqs.get(i - 1);
            // RESUMED takes a sequence number but is not handed to the listener
            assertThat(step).as("step from seq %d to %d", seqs.get(i - 1), seqs.get(i)).isBetween(1L, 2L);
        }
    }

    @Test
    void identifiesAndDeliversDispatchesInOrderOverZlibStream() {
        GatewayShard shard = readyShard(SimulatorConfig.defaults(), TransportCompression.ZLIB_STREAM);
        assertThat(sessions).hasSize(1);
        assertThat(ofType("GUILD_CREATE")).allMatch(GatewayDispatch::guildKnownAtReady);
        List<EmittedInteraction> emitted = emit(100);
        assertReceivedInOrder(emitted);
        assertNoSequenceMissing();
        assertThat(shard.resumeState()).hasValueSatisfying(r -> assertThat(r.sessionId()).isEqualTo(sessions.get(0).sessionId()));
    }

    @Test
    void identifiesAndDeliversDispatchesInOrderOverZstdStream() {
        GatewayShard shard = readyShard(SimulatorConfig.defaults().withHeartbeatInterval(Duration.ofMillis(500)),
                TransportCompression.ZSTD_STREAM);
        assertThat(ofType("GUILD_CREATE")).allMatch(GatewayDispatch::guildKnownAtReady);
        assertReceivedInOrder(emit(100));
        assertNoSequenceMissing();
        // the heartbeat ACKs came back through the same zstd context
        await().atMost(Duration.ofSeconds(10)).until(() -> shard.heartbeatRttMillis().isPresent());
    }

    @Test
    void worksWithoutCompression() {
        readyShard(SimulatorConfig.defaults(), TransportCompression.NONE);
        assertReceivedInOrder(emit(20));
    }

    @Test
    void guildJoinedAfterReadyIsNotKnownAtReady() {
        readyShard(SimulatorConfig.defaults(), TransportCompression.ZLIB_STREAM);
        simulator.emitGuildCreate("New guild");
        await().atMost(Duration.ofSeconds(5)).until(() -> ofType("GUILD_CREATE").size() == simulator.world().guilds().size());
        List<GatewayDispatch> creates = ofType("GUILD_CREATE");
        assertThat(creates.get(creates.size() - 1).guildKnownAtReady()).isFalse();
    }

    /**
     * A TCP drop without a close frame. The JDK WebSocket now and then reports such a drop not at all
     * (see GatewayShardOverSocketsContract's resumesAfterADroppedConnectionWithoutMissingASequence);
     * zombie detection then notices, after up to two heartbeat intervals, hence a short interval here.
     */
    @Test
    void resumesAfterADroppedConnectionWithReplayAndNoSequenceMissing() {
        GatewayShard shard = readyShard(SimulatorConfig.defaults().withHeartbeatInterval(Duration.ofMillis(1_000)),
                TransportCompression.ZLIB_STREAM);
        List<EmittedInteraction> emitted = new ArrayList<>(emit(10));
        assertThat(simulator.faults().dropConnection(0)).isEqualTo(1);
        emitted.addAll(emit(20)); // some land in the replay buffer, some after the resume
        await().atMost(Duration.ofSeconds(10)).until(() -> shard.status() == ShardStatus.READY
                && statuses.stream().anyMatch(s -> s.startsWith("RESUMING")));
        emitted.addAll(emit(10));
        assertReceivedInOrder(emitted);
        assertNoSequenceMissing();
        assertThat(sessions).as("no new session: resumed, not re-identified").hasSize(1);
    }

    @Test
    void reconnectOpcodeResumesTheSameSession() {
        GatewayShard shard = readyShard(SimulatorConfig.defaults(), TransportCompression.ZLIB_STREAM);
        assertThat(simulator.faults().requestReconnect(0)).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> statuses.stream().anyMatch(s -> s.contains("RESUMED")));
        assertReceivedInOrder(emit(10));
        assertThat(sessions).hasSize(1);
        assertThat(shard.status()).isEqualTo(ShardStatus.READY);
    }

    @Test
    void resumableInvalidSessionResumes() {
        readyShard(SimulatorConfig.defaults(), TransportCompression.ZLIB_STREAM);
        simulator.faults().invalidateSession(0, true);
        await().atMost(Duration.ofSeconds(10)).until(() -> statuses.stream().anyMatch(s -> s.contains("RESUMED")));
        assertReceivedInOrder(emit(5));
        assertThat(sessions).hasSize(1);
    }

    @Test
    void invalidSessionStartsANewSession() {
        GatewayShard shard = readyShard(SimulatorConfig.defaults(), TransportCompression.ZLIB_STREAM);
        simulator.faults().invalidateSession(0, false);
        await().atMost(Duration.ofSeconds(20)).until(() -> sessions.size() == 2 && shard.status() == ShardStatus.READY);
        assertThat(sessions.get(1).sessionId()).isNotEqualTo(sessions.get(0).sessionId());
        dispatches.clear();
        List<EmittedInteraction> emitted = emit(5);
        assertReceivedInOrder(emitted);
        assertThat(ofType("INTERACTION_CREATE")).allMatch(d -> d.sessionId().equals(sessions.get(1).sessionId()));
    }

    @Test
    void zombieConnectionIsClosedAndResumed() {
        GatewayShard shard = readyShard(SimulatorConfig.defaults().withHeartbeatInterval(Duration.ofMillis(400)),
                TransportCompression.ZLIB_STREAM);
        assertThat(simulator.faults().stopHeartbeatAcks(0)).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> statuses.stream().anyMatch(s -> s.contains("zombie")));
        await().atMost(Duration.ofSeconds(10)).until(() -> shard.status() == ShardStatus.READY
                && statuses.stream().anyMatch(s -> s.contains("RESUMED")));
        assertReceivedInOrder(emit(5));
        assertThat(sessions).hasSize(1);
    }

    @Test
    void badTokenStopsWithoutLooping() {
        simulator = DiscordSimulator.start(SimulatorConfig.defaults());
        GatewayShard shard = shard(ShardOptions.of(simulator.gatewayUrl(), "wrong-token", 0, 1));
        await().atMost(Duration.ofSeconds(10)).until(() -> shard.status() == ShardStatus.STOPPED);
        assertThat(statuses).last().asString().startsWith("STOPPED").contains("4004");
        int changes = statuses.size();
        // no reconnect loop: the status stays put while a reconnect would long have happened
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> statuses.size() == changes);
        assertThat(simulator.sessions()).isEmpty();
    }

    @Test
    void aNewProcessResumesAClosedShardsSessionAndReceivesWhatItMissed() {
        GatewayShard first = readyShard(SimulatorConfig.defaults(), TransportCompression.ZLIB_STREAM);
        List<EmittedInteraction> before = emit(5);
        await().atMost(Duration.ofSeconds(5)).until(() -> ofType("INTERACTION_CREATE").size() == 5);
        first.close(); // resumable close: the session survives
        ResumeState checkpoint = first.resumeState().orElseThrow();
        List<EmittedInteraction> missed = emit(7);

        GatewayShard second = shard(options().withResumeFrom(checkpoint));
        await().atMost(Duration.ofSeconds(10)).until(() -> second.status() == ShardStatus.READY);
        List<EmittedInteraction> all = new ArrayList<>(before);
        all.addAll(missed);
        assertReceivedInOrder(all);
        assertThat(sessions).hasSize(1);
        assertNoSequenceMissing();
    }
}
