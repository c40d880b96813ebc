package community.arrakis.gatewayproxy.worker.local;

import static org.assertj.core.api.Assertions.assertThat;

import community.arrakis.gatewayproxy.discord.rest.DiscordRestClient;
import community.arrakis.gatewayproxy.worker.dispatch.DispatchOptions;
import community.arrakis.gatewayproxy.worker.dispatch.Outcome;
import community.arrakis.gatewayproxy.worker.examples.BuiltInHandlers;
import community.arrakis.gatewayproxy.worker.metrics.WorkerMetrics;
import community.arrakis.gatewayproxy.worker.testing.RecordingTransport;
import community.arrakis.gatewayproxy.worker.testing.TestEnvelopes;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class LocalEventLoopTest {

    @Test
    void runsTheSameHandlersWithInMemoryStateAndDropsReplays() throws Exception {
        RecordingTransport transport = new RecordingTransport();
        List<Outcome> outcomes = new CopyOnWriteArrayList<>();
        var join = TestEnvelopes.memberJoin(TestEnvelopes.GUILD_ID, "5");
        try (LocalEventLoop loop = LocalEventLoop.start(
                BuiltInHandlers.create(null).memberJoin(ctx -> ctx.state().putSession("joined", ctx.userId(), "yes", Duration.ofMinutes(1))),
                DiscordRestClient.builder(URI.create("http://127.0.0.1:1/api/v10")).build(), transport, 4,
                WorkerMetrics.standalone(), DispatchOptions.defaults("standalone"), outcomes::add)) {
            loop.submit(TestEnvelopes.command("ping", System.currentTimeMillis()));
            loop.submit(join);
            loop.submit(join); // a RESUME replay carries the same event id
            assertThat(loop.drain(Duration.ofSeconds(10))).isTrue();
            assertThat(loop.state().session("joined", "5")).contains("yes");
        }
        assertThat(transport.calls()).extracting(RecordingTransport.Call::json)
                .containsExactly("{\"type\":4,\"data\":{\"content\":\"pong\"}}");
        assertThat(outcomes).extracting(Outcome::label).containsExactlyInAnyOrder("handled", "handled", "duplicate");
    }
}
