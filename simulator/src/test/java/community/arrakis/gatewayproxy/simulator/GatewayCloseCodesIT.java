package community.arrakis.gatewayproxy.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Every close code the simulator sends, each with the client behaviour that triggers it. */
class GatewayCloseCodesIT {
    private static final String IDENTIFY_PROPERTIES = "\"properties\":{\"os\":\"l\",\"browser\":\"b\",\"device\":\"d\"}";

    private static int closeCodeAfter(UnaryOperator<SimulatorConfig> config, String query,
                                      Consumer<GatewayTestClient> behaviour) {
        try (DiscordSimulator simulator = DiscordSimulator.start(config.apply(SimulatorConfig.defaults()));
             GatewayTestClient client = GatewayTestClient.connect(simulator, query)) {
            client.awaitOp(10);
            behaviour.accept(client);
            return client.awaitClose();
        }
    }

    private static int closeCodeAfter(Consumer<GatewayTestClient> behaviour) {
        return closeCodeAfter(c -> c, "v=10&encoding=json", behaviour);
    }

    private static void identify(GatewayTestClient client, String shardAndIntents) {
        client.send("{\"op\":2,\"d\":{\"token\":\"" + SimulatorConfig.DEFAULT_BOT_TOKEN + "\"," + shardAndIntents + ","
                + IDENTIFY_PROPERTIES + "}}");
    }

    @Test
    void unknownOpcodeCloses4001() {
        assertThat(closeCodeAfter(c -> c.send("{\"op\":99,\"d\":null}"))).isEqualTo(4001);
    }

    @Test
    void undecodablePayloadCloses4002() {
        assertThat(closeCodeAfter(c -> c.send("this is not json"))).isEqualTo(4002);
    }

    @Test
    void oversizedPayloadCloses4002() {
        assertThat(closeCodeAfter(c -> c.send("{\"op\":1,\"d\":null,\"pad\":\"" + "x".repeat(5000) + "\"}")))
                .isEqualTo(4002);
    }

    @Test
    void commandBeforeIdentifyCloses4003() {
        assertThat(closeCodeAfter(c -> c.send("{\"op\":3,\"d\":{\"since\":null,\"activities\":[],"
                + "\"status\":\"online\",\"afk\":false}}"))).isEqualTo(4003);
    }

    @Test
    void badTokenCloses4004() {
        assertThat(closeCodeAfter(c -> c.identify("wrong-token", 1))).isEqualTo(4004);
    }

    @Test
    void secondIdentifyCloses4005() {
        assertThat(closeCodeAfter(c -> {
            c.identify(SimulatorConfig.DEFAULT_BOT_TOKEN, 1);
            c.awaitDispatch("READY");
            c.identify(SimulatorConfig.DEFAULT_BOT_TOKEN, 1);
        })).isEqualTo(4005);
    }

    @Test
    void tooManySendsCloses4008() {
        assertThat(closeCodeAfter(c -> c.withGatewaySendLimit(5, Duration.ofSeconds(60)), "v=10&encoding=json",
                c -> {
                    for (int i = 0; i < 6; i++) {
                        c.heartbeat(null);
                    }
                })).isEqualTo(4008);
    }

    @Test
    void silenceAfterHelloCloses4009() {
        assertThat(closeCodeAfter(c -> c.withHeartbeatInterval(Duration.ofMillis(200)), "v=10&encoding=json",
                c -> c.identify(SimulatorConfig.DEFAULT_BOT_TOKEN, 1))).isEqualTo(4009);
    }

    @Test
    void shardOutOfRangeCloses4010() {
        assertThat(closeCodeAfter(c -> identify(c, "\"intents\":1,\"shard\":[2,2]"))).isEqualTo(4010);
    }

    @Test
    void tooManyGuildsOnOneShardCloses4011() {
        assertThat(closeCodeAfter(c -> c.withMaxGuildsPerShard(2), "v=10&encoding=json",
                c -> identify(c, "\"intents\":1,\"shard\":[0,1]"))).isEqualTo(4011);
    }

    @Test
    void unsupportedApiVersionCloses4012() {
        assertThat(closeCodeAfter(c -> c, "v=6&encoding=json", c -> { })).isEqualTo(4012);
    }

    @Test
    void undefinedIntentBitsClose4013() {
        assertThat(closeCodeAfter(c -> identify(c, "\"intents\":" + (1 << 30)))).isEqualTo(4013);
    }

    @Test
    void privilegedIntentNotEnabledCloses4014() {
        assertThat(closeCodeAfter(c -> c.withPrivilegedIntents(0), "v=10&encoding=json",
                c -> identify(c, "\"intents\":3"))).isEqualTo(4014);
    }

    @Test
    void closeFaultUsesTheRequestedCode() {
        try (DiscordSimulator simulator = DiscordSimulator.start(SimulatorConfig.defaults());
             GatewayTestClient client = GatewayTestClient.connect(simulator)) {
            client.identifyAndAwaitReady(simulator.config().botToken(), 1);

            assertThat(simulator.faults().close(0, 4000)).isEqualTo(1);

            assertThat(client.awaitClose()).isEqualTo(4000);
            assertThat(simulator.sessions()).singleElement().satisfies(s -> assertThat(s.connected()).isFalse());
        }
    }
}
