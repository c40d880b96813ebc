package community.arrakis.gatewayproxy.worker.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import community.arrakis.gatewayproxy.discord.rest.DiscordRestClient;
import community.arrakis.gatewayproxy.discord.rest.ratelimit.InMemoryRateLimitStore;
import community.arrakis.gatewayproxy.discord.rest.ratelimit.RateLimitStore;
import community.arrakis.gatewayproxy.simulator.DiscordSimulator;
import community.arrakis.gatewayproxy.simulator.Guild;
import community.arrakis.gatewayproxy.simulator.RateLimitConfig;
import community.arrakis.gatewayproxy.simulator.RecordedRequest;
import community.arrakis.gatewayproxy.simulator.SimulatorConfig;
import community.arrakis.gatewayproxy.testkit.RedisKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The shared rate-limit store against the real Redis, and two REST clients sharing it against the simulator. */
class RedisRateLimitStoreIT {

    private static final String ROLE_ROUTE = "/guilds/{guild_id}/members/{user_id}/roles/{role_id}";

    private final RedisKeys keys = RedisKeys.unique("rl");
    private final String prefix = keys.prefix();
    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (AutoCloseable c : closing.reversed()) {
            c.close();
        }
        keys.deleteAll();
    }

    private RedisRateLimitStore store() {
        RedisRateLimitStore store = RedisRateLimitStore.connect(keys.url(), prefix);
        closing.add(store);
        return store;
    }

    @Test
    void twoStoresSpendOneBucketBetweenThem() {
        RedisRateLimitStore a = store();
        RedisRateLimitStore b = store();
        Instant now = Instant.now();
        assertThat(a.tryAcquire("x|guild:1", now)).isZero(); // unknown: goes
        a.update("x|guild:1", 2, now.plusSeconds(5));

        assertThat(b.tryAcquire("x|guild:1", now)).isZero();
        assertThat(a.tryAcquire("x|guild:1", now)).isZero();
        assertThat(b.tryAcquire("x|guild:1", now)).isBetween(Duration.ofMillis(4_900), Duration.ofSeconds(5));
        assertThat(a.tryAcquire("x|guild:2", now)).as("another resource, another bucket").isZero();
    }

    @Test
    void withinAWindowTheLowerRemainingWinsAndALateResponseDoesNotRefill() {
        RedisRateLimitStore store = store();
        Instant reset = Instant.now().plusSeconds(5);
        store.update("y", 1, reset);
        store.update("y", 4, reset.plusMillis(80)); // an earlier request's answer, arriving late
        Instant now = Instant.now();
        assertThat(store.tryAcquire("y", now)).isZero();
        assertThat(store.tryAcquire("y", now)).isPositive();
    }

    @Test
    void afterAResetOneProbeGoesAndTheOthersWaitForItsAnswer() {
        RedisRateLimitStore store = store();
        Instant start = Instant.now();
        store.update("z", 0, start.plusMillis(100));
        Instant later = start.plusMillis(150);
        assertThat(store.tryAcquire("z", later)).as("the probe").isZero();
        assertThat(store.tryAcquire("z", later)).as("waits for the probe").isEqualTo(RedisRateLimitStore.PROBE_POLL);
        store.update("z", 3, later.plusSeconds(5)); // the probe's answer opens the new window
        assertThat(store.tryAcquire("z", later)).isZero();
        assertThat(store.tryAcquire("z", later)).isZero();
        assertThat(store.tryAcquire("z", later)).isZero();
        assertThat(store.tryAcquire("z", later)).isPositive();
    }

    @Test
    void theGlobalLimitAndItsBlockAreShared() {
        RedisRateLimitStore a = store();
        RedisRateLimitStore b = store();
        Instant now = Instant.ofEpochSecond(Instant.now().getEpochSecond(), 100_000_000);
        assertThat(a.tryAcquireGlobal(2, now)).isZero();
        assertThat(b.tryAcquireGlobal(2, now)).isZero();
        assertThat(a.tryAcquireGlobal(2, now)).isEqualTo(Duration.ofMillis(900));
        a.blockGlobal(now.plusSeconds(3));
        assertThat(b.tryAcquireGlobal(2, now.plusSeconds(1))).isEqualTo(Duration.ofSeconds(2));
        b.blockGlobal(now.plusSeconds(2)); // an earlier block never shortens a later one
        assertThat(a.tryAcquireGlobal(2, now.plusSeconds(1))).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void anIpBlockHoldsEveryWorkerThenOneProbesAndItsAnswerLiftsItForAll() {
        RedisRateLimitStore a = store();
        RedisRateLimitStore b = store();
        assertThat(b.tryPassIpBlock(Instant.now())).as("no block yet").isZero();
        Instant since = Instant.now();
        a.blockIp(since, since.plusMillis(300));

        assertThat(a.tryPassIpBlock(Instant.now())).isPositive().isLessThanOrEqualTo(Duration.ofMillis(300));
        // b believed "no block" a moment ago; within IP_BLOCK_RECHECK it asks Redis again and learns it
        await().atMost(Duration.ofSeconds(1)).until(() -> b.tryPassIpBlock(Instant.now()).isPositive());
        a.liftIpBlock(since.minusMillis(10)); // the answer to a request sent before the block lifts nothing
        assertThat(a.tryPassIpBlock(Instant.now())).isPositive();

        await().atMost(Duration.ofSeconds(1)).until(() -> b.tryPassIpBlock(Instant.now()).isZero()); // b is the probe
        Instant probeSent = Instant.now();
        assertThat(a.tryPassIpBlock(Instant.now())).as("a waits for b's probe").isPositive()
                .isLessThanOrEqualTo(InMemoryRateLimitStore.PROBE_POLL);
        b.liftIpBlock(probeSent);
        await().atMost(Duration.ofSeconds(1)).until(() -> a.tryPassIpBlock(Instant.now()).isZero());
        assertThat(a.tryPassIpBlock(Instant.now())).as("no second probe: the block is gone").isZero();
    }

    @Test
    void invalidRequestsAreCountedAcrossStoresWithinTheWindow() {
        RedisRateLimitStore a = store();
        RedisRateLimitStore b = store();
        Instant now = Instant.now();
        Duration window = Duration.ofMinutes(10);
        a.recordInvalidRequest(now.minus(Duration.ofMinutes(11)), window);
        a.recordInvalidRequest(now, window);
        assertThat(b.recordInvalidRequest(now, window)).as("the 11-minute-old one fell out").isEqualTo(2);
        assertThat(store().invalidRequests(now, window)).isEqualTo(2);
    }

    @Test
    void aLearntBucketHashIsSeenByOtherStores() {
        store().rememberDiscordBucket("PUT /x", "abc");
        assertThat(store().discordBucket("PUT /x")).contains("abc");
        assertThat(store().discordBucket("PUT /y")).isEmpty();
    }

    @Test
    void twoClientsSharingTheStoreCollectNo429AfterTheFirstDiscovery() throws Exception {
        List<RecordedRequest> puts = hammer(store(), store());
        // Discovery: the first call goes alone and learns the bucket; every later one must fit.
        assertThat(puts).hasSize(1 + CALLS);
        assertThat(puts).extracting(RecordedRequest::status).containsOnly(204);
    }

    @Test
    void twoClientsWithStoresOfTheirOwnCollect429s() throws Exception {
        List<RecordedRequest> puts = hammer(new InMemoryRateLimitStore(), new InMemoryRateLimitStore());
        assertThat(puts).extracting(RecordedRequest::status).contains(429);
    }

    private static final int CALLS = 30;
    private static final int THREADS_PER_CLIENT = 4;

    /**
     * 5 requests per 500 ms per bucket; 2 clients x 4 threads send {@value #CALLS} role changes to one
     * guild after one discovery call. Returns every PUT the simulator saw.
     */
    private List<RecordedRequest> hammer(RateLimitStore first, RateLimitStore second) throws Exception {
        DiscordSimulator simulator = DiscordSimulator.start(SimulatorConfig.defaults().withPort(0)
                .withRateLimits(RateLimitConfig.defaults().withRouteLimit(5, Duration.ofMillis(500))));
        closing.add(simulator);
        Guild guild = simulator.world().guilds().get(0);
        String role = guild.roles().stream().filter(r -> !r.id().equals(guild.id())).findFirst().orElseThrow().id();
        String user = guild.members().get(0).user().id();
        DiscordRestClient a = client(simulator, first);
        DiscordRestClient b = client(simulator, second);
        a.addGuildMemberRole(guild.id(), user, role, null);

        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> calls = new ArrayList<>();
            for (int t = 0; t < 2 * THREADS_PER_CLIENT; t++) {
                DiscordRestClient client = t % 2 == 0 ? a : b;
                int share = CALLS / (2 * THREADS_PER_CLIENT) + (t < CALLS % (2 * THREADS_PER_CLIENT) ? 1 : 0);
                calls.add(threads.submit(() -> {
                    for (int i = 0; i < share; i++) {
                        client.addGuildMemberRole(guild.id(), user, role, null);
                    }
                    return null;
                }));
            }
            for (Future<?> call : calls) {
                call.get();
            }
        }
        return simulator.requests().matching("PUT", ROLE_ROUTE);
    }

    private DiscordRestClient client(DiscordSimulator simulator, RateLimitStore store) {
        DiscordRestClient client = DiscordRestClient.builder(simulator.apiBaseUrl())
                .botToken(SimulatorConfig.DEFAULT_BOT_TOKEN).rateLimitStore(store).maxAttempts(10).build();
        closing.add(client);
        return client;
    }
}
