package community.arrakis.gatewayproxy.discord.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The driver against a hand-played server: no sockets, time moved by hand. */
class GatewayShardTest {

    private static final String READY = "{\"v\":10,\"session_id\":\"s1\",\"resume_gateway_url\":\"wss://resume.example\","
            + "\"guilds\":[{\"id\":\"100\",\"unavailable\":true}],\"user\":{\"id\":\"1\"}}";

    private final FakeTransport transport = new FakeTransport();
    private final ManualScheduler scheduler = new ManualScheduler();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final List<GatewayDispatch> dispatches = new CopyOnWriteArrayList<>();
    private final AtomicBoolean failNext = new AtomicBoolean();

    private final GatewayListener listener = new GatewayListener() {
        @Override
        public void onDispatch(GatewayDispatch dispatch) {
            if (failNext.getAndSet(false)) {
                throw new IllegalStateException("listener broke");
            }
            dispatches.add(dispatch);
            events.add("dispatch " + dispatch.sequence());
        }

        @Override
        public void onSessionStarted(int shardId, ResumeState session) {
            events.add("session " + session.sessionId() + " " + session.sequence());
        }

        @Override
        public void onStatusChanged(int shardId, ShardStatus from, ShardStatus to, String reason) {
            events.add(from + "->" + to);
        }
    };

    private GatewayShard shard;

    private GatewayShard newShard(ShardOptions options) {
        shard = GatewayShard.builder(options, listener)
                .transport(transport)
                .scheduler(scheduler)
                .identifyLimiter(id -> { })
                .random(() -> 0.5)
                .closeTimeout(Duration.ofSeconds(2))
                .build();
        return shard;
    }

    private ShardOptions options() {
        return ShardOptions.of(URI.create("ws://gateway.test"), "secret-token", 0, 1).withCompression(community.arrakis.gatewayproxy.discord.gateway.compression.TransportCompression.NONE);
    }

    /** Starts a shard and plays HELLO, the identify and READY (seq 1). */
    private FakeTransport.FakeConnection ready() {
        newShard(options()).start();
        FakeTransport.FakeConnection c = transport.last();
        c.open(40_000);
        await().atMost(Duration.ofSeconds(5)).until(() -> c.sentOp(2));
        c.dispatch(1, "READY", READY);
        assertThat(shard.status()).isEqualTo(ShardStatus.READY);
        return c;
    }

    @AfterEach
    void stop() {
        if (shard != null) {
            shard.close();
        }
    }

    @Test
    void identifiesThenDeliversDispatchesInOrderWithTheirRawData() {
        FakeTransport.FakeConnection c = ready();
        assertThat(c.url).hasToString("ws://gateway.test/?v=10&encoding=json");
        assertThat(c.sent.stream().filter(s -> s.startsWith("{\"op\":2,")).findFirst().orElseThrow())
                .contains("\"token\":\"secret-token\"").contains("\"shard\":[0,1]");

        String data = "{\"id\":\"5\", \"content\" : \"spacing kept\"}";
        c.dispatch(2, "MESSAGE_CREATE", data);
        c.dispatch(3, "GUILD_CREATE", "{\"id\":\"100\"}");
        c.dispatch(4, "GUILD_CREATE", "{\"id\":\"200\"}");

        assertThat(dispatches).extracting(GatewayDispatch::sequence).containsExactly(2L, 3L, 4L);
        assertThat(new String(dispatches.get(0).data(), StandardCharsets.UTF_8)).isEqualTo(data);
        assertThat(dispatches.get(0).sessionId()).isEqualTo("s1");
        assertThat(dispatches.get(1).guildKnownAtReady()).isTrue();
        assertThat(dispatches.get(2).guildKnownAtReady()).isFalse();
        assertThat(events).containsSubsequence("IDLE->CONNECTING", "CONNECTING->IDENTIFYING", "session s1 1",
                "IDENTIFYING->READY", "dispatch 2");
        assertThat(events.indexOf("session s1 1")).isLessThan(events.indexOf("dispatch 2"));
        assertThat(shard.resumeState()).contains(new ResumeState("s1", "wss://resume.example", 4));
    }

    @Test
    void heartbeatsWithTheLastSequenceAndAnswersRequests() {
        FakeTransport.FakeConnection c = ready();
        c.dispatch(2, "MESSAGE_CREATE", "{}");
        scheduler.advance(Duration.ofSeconds(20)); // first beat at interval * 0.5
        assertThat(c.sent).contains("{\"op\":1,\"d\":2}");
        c.serverSends("{\"op\":11}");
        assertThat(shard.heartbeatRttMillis()).isPresent();
        c.serverSends("{\"op\":1,\"d\":null}");
        assertThat(c.sent.stream().filter(s -> s.equals("{\"op\":1,\"d\":2}"))).hasSize(2);
    }

    @Test
    void zombieConnectionIsClosedResumablyAndResumed() {
        FakeTransport.FakeConnection c = ready();
        c.dispatch(2, "MESSAGE_CREATE", "{}");
        scheduler.advance(Duration.ofSeconds(20));
        scheduler.advance(Duration.ofSeconds(40)); // no ACK came
        assertThat(c.closeCode).isEqualTo(4000);
        scheduler.runDue();
        FakeTransport.FakeConnection next = transport.last();
        assertThat(next).isNotSameAs(c);
        assertThat(next.url.getHost()).isEqualTo("resume.example");
        next.open(40_000);
        assertThat(next.sent).anyMatch(s -> s.startsWith("{\"op\":6,") && s.contains("\"seq\":2")
                && s.contains("\"session_id\":\"s1\""));
        assertThat(next.sentOp(2)).isFalse();
        next.dispatch(3, "MESSAGE_CREATE", "{}");
        next.dispatch(4, "RESUMED", "{}");
        assertThat(shard.status()).isEqualTo(ShardStatus.READY);
        assertThat(dispatches).extracting(GatewayDispatch::sequence).containsExactly(2L, 3L);
    }

    @Test
    void aFailingListenerMakesTheShardResumeFromTheLastDeliveredDispatch() {
        FakeTransport.FakeConnection c = ready();
        c.dispatch(2, "MESSAGE_CREATE", "{}");
        failNext.set(true);
        c.dispatch(3, "MESSAGE_CREATE", "{}");
        c.dispatch(4, "MESSAGE_CREATE", "{}"); // read after the failure: must not be delivered
        assertThat(c.closeCode).isEqualTo(4000);
        assertThat(dispatches).extracting(GatewayDispatch::sequence).containsExactly(2L);
        scheduler.runDue();
        FakeTransport.FakeConnection next = transport.last();
        next.open(40_000);
        assertThat(next.sent).anyMatch(s -> s.startsWith("{\"op\":6,") && s.contains("\"seq\":2"));
    }

    @Test
    void fatalCloseCodeStopsWithoutReconnecting() {
        FakeTransport.FakeConnection c = ready();
        c.listener.onClosed(4004, "Authentication failed.");
        assertThat(shard.status()).isEqualTo(ShardStatus.STOPPED);
        scheduler.advance(Duration.ofMinutes(10));
        assertThat(transport.connections).hasSize(1);
        assertThat(events).anyMatch(e -> e.equals("READY->STOPPED"));
    }

    @Test
    void closeUsesAResumableCodeAndStopsDelivering() {
        FakeTransport.FakeConnection c = ready();
        shard.close();
        assertThat(c.closeCode).isEqualTo(4000);
        assertThat(shard.status()).isEqualTo(ShardStatus.STOPPED);
        c.dispatch(2, "MESSAGE_CREATE", "{}");
        assertThat(dispatches).isEmpty();
        assertThat(shard.resumeState()).contains(new ResumeState("s1", "wss://resume.example", 1));
    }

    @Test
    void closeAndInvalidateUses1000() {
        FakeTransport.FakeConnection c = ready();
        shard.closeAndInvalidate();
        assertThat(c.closeCode).isEqualTo(1000);
        assertThat(shard.resumeState()).isEmpty();
    }

    @Test
    void startsByResumingAStoredSession() {
        newShard(options().withResumeFrom(new ResumeState("old", "ws://resume.test", 41))).start();
        FakeTransport.FakeConnection c = transport.last();
        assertThat(c.url).hasToString("ws://resume.test/?v=10&encoding=json");
        c.open(40_000);
        assertThat(c.sent).anyMatch(s -> s.startsWith("{\"op\":6,") && s.contains("\"seq\":41"));
        c.dispatch(42, "MESSAGE_CREATE", "{}");
        assertThat(dispatches).extracting(GatewayDispatch::sessionId).containsExactly("old");
    }

    @Test
    void invalidSessionWithoutResumeIdentifiesAgainAfterAWait() {
        FakeTransport.FakeConnection c = ready();
        c.serverSends("{\"op\":9,\"d\":false}");
        assertThat(c.closeCode).isEqualTo(1000);
        scheduler.advance(Duration.ofMillis(900));
        assertThat(transport.connections).hasSize(1);
        scheduler.advance(Duration.ofSeconds(5));
        FakeTransport.FakeConnection next = transport.last();
        assertThat(next.url.getHost()).isEqualTo("gateway.test");
        next.open(40_000);
        await().atMost(Duration.ofSeconds(5)).until(() -> next.sentOp(2));
        assertThat(next.sentOp(6)).isFalse();
    }
}
