package community.arrakis.gatewayproxy.ingestor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import community.arrakis.gatewayproxy.broker.TcpProxy;
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

    @Test
    void givesUpOnceTheStartRetryTimeoutHasPassedAndSaysWhy() throws Exception {
        pipeline = SimulatedPipeline.start(SimulatorConfig.defaults(), "startup");
        try (TcpProxy proxy = TcpProxy.forAmqpUrl(SimulatedPipeline.AMQP_URL)) {
            proxy.cut();
            IngestorConfig config = pipeline.ingestorConfig(1)
                    .toBuilder().amqpUrl(proxy.rewrite(SimulatedPipeline.AMQP_URL)).topology(pipeline.topology)
                    .startRetryTimeout(Duration.ofSeconds(1)).build();
            assertThatThrownBy(() -> new Ingestor(config).start()).isInstanceOf(IOException.class)
                    .hasMessageContaining("RabbitMQ at amqp://guest:***@127.0.0.1:" + proxy.port());
        }
    }
}
