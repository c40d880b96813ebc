package community.arrakis.gatewayproxy.ingestor;

import static org.assertj.core.api.Assertions.assertThat;

import community.arrakis.gatewayproxy.testkit.LogCapture;
import ch.qos.logback.classic.Level;
import community.arrakis.gatewayproxy.testkit.MutableClock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RedisAvailabilityTest {

    private final MutableClock clock = new MutableClock();
    private final RedisAvailability redis = new RedisAvailability("redis://127.0.0.1:6379", clock);
    private final LogCapture logs = LogCapture.attach();

    @AfterEach
    void detach() {
        logs.close();
    }

    @Test
    void anOutageIsOneWarnAndOneInfoHoweverOftenItIsReported() {
        for (int tick = 0; tick < 10; tick++) {
            redis.unreachable("Currently not connected. Commands are rejected.");
        }
        assertThat(redis.isReachable()).isFalse();
        assertThat(redis.state()).isInstanceOfSatisfying(RedisAvailability.State.Unreachable.class,
                unreachable -> assertThat(unreachable.reason()).isEqualTo("Currently not connected. Commands are rejected."));
        clock.advance(Duration.ofMillis(2_500));
        redis.answered();
        redis.answered();

        assertThat(redis.isReachable()).isTrue();
        assertThat(logs.at(Level.WARN, RedisAvailability.class)).hasSize(1)
                .allSatisfy(line -> assertThat(line.message()).contains("unreachable (Currently not connected"));
        assertThat(logs.at(Level.INFO, RedisAvailability.class)).hasSize(1)
                .allSatisfy(line -> assertThat(line.message()).contains("after 2500 ms"));
    }

    @Test
    void countsOutagesSoTheCheckpointJobKnowsToRewriteEverything() {
        assertThat(redis.outagesBegun()).isZero();
        redis.unreachable("connection lost");
        redis.unreachable("Command timed out");
        assertThat(redis.outagesBegun()).isEqualTo(1);
        redis.answered();
        redis.unreachable("connection lost");
        assertThat(redis.outagesBegun()).isEqualTo(2);
    }

    @Test
    void aWaitingShardWakesWhenRedisAnswers() throws Exception {
        redis.unreachable("connection lost");
        assertThat(redis.awaitReachable(Duration.ofMillis(20))).as("still unreachable").isFalse();

        CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> {
            try {
                return redis.awaitReachable(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        redis.answered();
        assertThat(waiter.get(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void afterStopTheConnectionClosingIsNoOutageAndWaitsDoNotSpin() throws Exception {
        redis.stop();
        redis.unreachable("connection lost");
        assertThat(redis.isReachable()).isTrue();
        assertThat(logs.at(Level.WARN, RedisAvailability.class)).isEmpty();

        long started = System.nanoTime();
        assertThat(redis.awaitReachable(Duration.ofMillis(50))).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(50));
    }
}
