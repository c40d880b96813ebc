package community.arrakis.gatewayproxy.ingestor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import community.arrakis.gatewayproxy.testkit.TcpProxy;
import community.arrakis.gatewayproxy.simulator.SimulatorConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Start-up while RabbitMQ is not (yet) reachable: the ingestor keeps trying, then gives up with a clear error. */
class IngestorStartupIT {

    private SimulatedPipeline pipeline;
    private Ingestor ingestor;

    @AfterEach
    void tearDown() throws Exception {
        if (ingestor != null) {
            ingestor.close();
        }
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void waitsForABrokerThatComesUpAfterTheIngestorAndThenForwards() throws Exception {
        pipeline = SimulatedPipeline.start(SimulatorConfig.defaults(), "startup");
        AtomicInteger failedAttempts = new AtomicInteger();
        try (TcpProxy proxy = TcpProxy.forAmqpUrl(SimulatedPipeline.AMQP_URL)) {
            proxy.cut();
            IngestorConfig config = pipeline.ingestorConfig(1)
                    .toBuilder().amqpUrl(proxy.rewrite(SimulatedPipeline.AMQP_URL)).topology(pipeline.topology).build();
            Ingestor starting = new Ingestor(config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                    Clock.systemUTC()).withStartAttemptListener((what, attempt) -> failedAttempts.incrementAndGet());
            CompletableFuture<Ingestor> started = CompletableFuture.supplyAsync(() -> {
                try {
                    return starting.start();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> failedAttempts.get() >= 2);
            assertThat(started).isNotDone();
            proxy.restore();
            ingestor = started.get();
            await().atMost(Duration.ofSeconds(10)).until(ingestor::isReady);
            SimulatedTraffic.burst(pipeline.discord, 30);
            pipeline.assertNothingLost(Duration.ofSeconds(10));
        }
    }

    /** On stepped time: the whole 30 s of retries take no real time, and the waits are exact. */
    @Test
    void givesUpOnceTheStartRetryTimeoutHasPassedAndSaysWhy() throws Exception {
        pipeline = SimulatedPipeline.start(SimulatorConfig.defaults(), "startup");
        try (TcpProxy proxy = TcpProxy.forAmqpUrl(SimulatedPipeline.AMQP_URL)) {
            proxy.cut();
            IngestorConfig config = pipeline.ingestorConfig(1)
                    .toBuilder().amqpUrl(proxy.rewrite(SimulatedPipeline.AMQP_URL)).topology(pipeline.topology)
                    .startRetryTimeout(Duration.ofSeconds(30)).build();
            SteppedTime time = new SteppedTime();
            Ingestor starting = new Ingestor(config).withTime(time.nanoTime(), time.sleeper());
            assertThatThrownBy(starting::start).isInstanceOf(IOException.class)
                    .hasMessageContaining("RabbitMQ at amqp://guest:***@127.0.0.1:" + proxy.port())
                    .hasMessageContaining("gave up after 10 attempts");
            // 0.5 + 1 + 2 + 4 + 5 × 4 = 27.5 s, then the 2.5 s left (Redis answered at once: no waits of its own)
            assertThat(time.waits()).hasSize(9).endsWith(Duration.ofSeconds(5), Duration.ofMillis(2_500));
            assertThat(time.waits().stream().mapToLong(Duration::toMillis).sum()).isEqualTo(30_000);
        }
    }
}
