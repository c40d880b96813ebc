package community.arrakis.gatewayproxy.e2e.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import community.arrakis.gatewayproxy.simulator.Guild;
import community.arrakis.gatewayproxy.simulator.SimulatorConfig;
import community.arrakis.gatewayproxy.simulator.WorldSpec;
import community.arrakis.gatewayproxy.worker.handler.GuildEventHandler;
import community.arrakis.gatewayproxy.worker.handler.Handlers;
import community.arrakis.gatewayproxy.e2e.fixture.Pipeline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * 1,000 join/update/leave sequences over 50 guilds, dispatched by the simulator through the real
 * ingestor, consumed by three workers: each guild's handlers see its events in dispatch order.
 */
class GuildOrderAcrossWorkersIT {

    private static final int GUILDS = 50;
    private static final int SEQUENCES = 1_000;

    private Pipeline pipeline;

    @BeforeEach
    void start() throws Exception {
        pipeline = Pipeline.start("order", SimulatorConfig.defaults().withWorld(new WorldSpec(GUILDS, 2, 1)));
    }

    @AfterEach
    void stop() throws Exception {
        pipeline.close();
    }

    @Test
    void eachGuildsEventsReachTheHandlersInDispatchOrder() throws Exception {
        Map<String, List<String>> seen = new ConcurrentHashMap<>();
        AtomicInteger handled = new AtomicInteger();
        for (int w = 0; w < 3; w++) {
            pipeline.startWorker("order-" + w, Handlers.create()
                    .memberJoin(record("join", seen, handled))
                    .memberUpdate(record("update", seen, handled))
                    .memberLeave(record("leave", seen, handled)));
        }
        Map<String, List<String>> dispatched = new ConcurrentHashMap<>();
        List<Guild> guilds = pipeline.simulator().world().guilds();
        for (int i = 0; i < SEQUENCES; i++) {
            Guild guild = guilds.get(i % GUILDS);
            String user = Long.toString(557_000_000_000_000_000L + i);
            pipeline.simulator().emitMemberAdd(guild.id(), user);
            pipeline.simulator().emitMemberUpdate(guild.id(), user, List.of());
            pipeline.simulator().emitMemberRemove(guild.id(), user);
            dispatched.computeIfAbsent(guild.id(), g -> new ArrayList<>())
                    .addAll(List.of("join:" + user, "update:" + user, "leave:" + user));
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> handled.get() >= 3 * SEQUENCES);
        assertThat(seen).hasSize(GUILDS);
        assertThat(seen).isEqualTo(dispatched);
    }

    private static GuildEventHandler record(String what, Map<String, List<String>> seen, AtomicInteger handled) {
        return ctx -> {
            seen.computeIfAbsent(ctx.guildId(), g -> new CopyOnWriteArrayList<>()).add(what + ":" + ctx.userId());
            handled.incrementAndGet();
        };
    }
}
