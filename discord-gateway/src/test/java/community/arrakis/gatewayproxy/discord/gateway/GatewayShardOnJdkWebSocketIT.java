package community.arrakis.gatewayproxy.discord.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import community.arrakis.gatewayproxy.discord.gateway.transport.GatewayTransport;
import community.arrakis.gatewayproxy.discord.gateway.transport.JdkWebSocketTransport;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The shard on the JDK WebSocket, the transport of standalone mode, whose listener may block. */
class GatewayShardOnJdkWebSocketIT extends GatewayShardOverSocketsContract {

    @Override
    protected GatewayTransport newTransport() {
        return new JdkWebSocketTransport();
    }


    @Test
    void aSlowListenerPausesReadingButNotHeartbeats() throws Exception {
        start(false);
        TestGatewayServer.Conn c = identified(300);
        gate = new CountDownLatch(1);
        gateAtSequence = 2;
        for (int s = 2; s <= 50; s++) {
            c.dispatch(s, "MESSAGE_CREATE", "{}");
        }
        // while the listener holds dispatch 2, heartbeats still go out and are acknowledged
        for (int i = 0; i < 3; i++) {
            c.awaitOp(1);
            c.sendText("{\"op\":11}");
        }
        assertThat(dispatches).isEmpty();
        assertThat(shard.status()).isEqualTo(ShardStatus.READY);
        gate.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> dispatches.size() == 49);
        assertThat(sequences()).containsExactlyElementsOf(LongStream.rangeClosed(2, 50).boxed().toList());
    }
}
