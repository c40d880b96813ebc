package community.arrakis.gatewayproxy.e2e.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import community.arrakis.gatewayproxy.testkit.SharedServices;
import community.arrakis.gatewayproxy.testkit.TcpProxy;
import community.arrakis.gatewayproxy.simulator.EmittedInteraction;
import community.arrakis.gatewayproxy.simulator.Guild;
import community.arrakis.gatewayproxy.simulator.RecordedRequest;
import community.arrakis.gatewayproxy.simulator.SimulatorConfig;
import community.arrakis.gatewayproxy.worker.Worker;
import community.arrakis.gatewayproxy.worker.metrics.WorkerMetrics;
import community.arrakis.gatewayproxy.testkit.LogCapture;
import community.arrakis.gatewayproxy.e2e.fixture.Pipeline;
import community.arrakis.gatewayproxy.e2e.fixture.WorkerProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The broker goes away from one worker, and comes back; what the worker consumes vanishes and comes
 * back. The worker's connection runs through a {@link TcpProxy}, so only its connection is cut: the
 * ingestor and every other client of the machine's RabbitMQ are untouched. Each test requires:
 * readiness down while the worker cannot work, back up within 2 s of the broker, every interaction
 * published meanwhile answered once or counted expired, no ERROR line, and the outage logged as
 * one WARN and one INFO rather than a line per channel or per object.
 */
class WorkerRidesOutBrokerFaultsIT {

    private static final Duration BACK_WITHIN = Duration.ofSeconds(2);

    private Pipeline pipeline;
    private TcpProxy proxy;
    private LogCapture logs;

    @BeforeEach
    void start() throws Exception {
        pipeline = Pipeline.start("broker-faults", SimulatorConfig.defaults());
        proxy = TcpProxy.forAmqpUrl(SharedServices.AMQP_URL);
    }

    @AfterEach
    void stop() throws Exception {
        if (logs != null) {
            logs.close();
        }
        try {
            pipeline.close();
        } finally {
            proxy.close();
        }
    }

    @Test
    void connectionCutReadinessDropsAndTheWorkerResumesByItself() throws Exception {
        Worker worker = pipeline.startWorker(pipeline.workerConfig("bf-a").toBuilder().amqpUrl(proxy.rewrite(SharedServices.AMQP_URL)).build(),
                WorkerProcess.proofBot("0"));
        logs = LogCapture.attach();
        List<EmittedInteraction> interactions = new ArrayList<>();
        interactions.add(ping(0));
        await().atMost(Duration.ofSeconds(5)).until(() -> accepted().size() == 1);

        proxy.cut();
        await().atMost(Duration.ofSeconds(15)).until(() -> !worker.ready());
        assertThat(worker.health().get("broker").detail()).contains("connection lost");
        assertThat(brokerUp(worker)).as("arrakis_worker_dependency_up{dependency=rabbitmq}").isZero();
        for (int i = 1; i <= 10; i++) {
            interactions.add(ping(i)); // published by the ingestor, waiting in the queue
        }
        proxy.restore();
        long restoredAt = System.nanoTime();
        await().atMost(BACK_WITHIN.plusSeconds(3)).pollInterval(Duration.ofMillis(20)).until(worker::ready);
        long backMillis = (System.nanoTime() - restoredAt) / 1_000_000;
        assertThat(brokerUp(worker)).as("arrakis_worker_dependency_up{dependency=rabbitmq}").isEqualTo(1);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(accepted().size() + expired(worker)).isEqualTo(interactions.size()));
        System.out.printf("broker connection cut: worker ready again %d ms after the broker was reachable; %d answered, %d expired%n",
                backMillis, accepted().size(), (long) expired(worker));
        assertThat(backMillis).as("ms from the broker reachable to the worker ready").isLessThan(BACK_WITHIN.toMillis());
        assertOnceEach(interactions);
        assertThat(worker.metrics().count(WorkerMetrics.REST_RESPONSES, "route", "POST /interactions/{id}/{token}/callback",
                "status", "204")).as("callbacks answered 204, as the REST client heard them").isEqualTo(accepted().size());
        assertThat(logs.at(Level.ERROR)).as("ERROR lines").isEmpty();
        assertThat(logs.at(Level.WARN)).as("WARN lines").hasSize(1)
                .allSatisfy(line -> assertThat(line.message()).contains("RabbitMQ connection").contains("lost"));
        List<String> secrets = new ArrayList<>(interactions.stream().map(EmittedInteraction::token).toList());
        secrets.add(pipeline.simulator().config().botToken());
        secrets.add("guest:guest"); // the broker's password, in the URL the worker was given
        assertThat(logs.containing(secrets)).as("log lines with a token or the broker password").isEmpty();
    }

    @Test
    void consumedQueueDeletedIsDeclaredAgainAndConsumed() throws Exception {
        Worker worker = pipeline.startWorker("bf-b", WorkerProcess.proofBot("0"));
        logs = LogCapture.attach();
        synchronized (pipeline.channel()) {
            pipeline.channel().queueDelete(pipeline.topology().interactionsQueue());
        }
        long deletedAt = System.nanoTime();
        await().atMost(BACK_WITHIN.plusSeconds(3)).pollInterval(Duration.ofMillis(20)).until(() ->
                worker.health().get(pipeline.topology().interactionsQueue()).ready());
        long backMillis = (System.nanoTime() - deletedAt) / 1_000_000;
        List<EmittedInteraction> interactions = List.of(ping(0), ping(1), ping(2));
        await().atMost(Duration.ofSeconds(5)).until(() -> accepted().size() == interactions.size());
        System.out.printf("interactions queue deleted: consuming again after %d ms%n", backMillis);
        assertThat(backMillis).isLessThan(BACK_WITHIN.toMillis());
        assertOnceEach(interactions);
        assertThat(logs.at(Level.ERROR)).as("ERROR lines").isEmpty();
    }

    private EmittedInteraction ping(int i) {
        Guild guild = pipeline.guild(i % 3);
        return pipeline.simulator().emitSlashCommand(guild.id(), pipeline.user(guild, i % 4), "ping");
    }

    private List<RecordedRequest> accepted() {
        return pipeline.callbacks().stream().filter(r -> r.status() < 300).toList();
    }

    private void assertOnceEach(List<EmittedInteraction> interactions) {
        List<RecordedRequest> callbacks = pipeline.callbacks();
        assertThat(callbacks).as("callbacks refused (late or repeated)").allMatch(r -> r.status() < 300);
        Map<String, Long> perInteraction = callbacks.stream()
                .collect(Collectors.groupingBy(r -> r.pathParam("interaction_id").orElseThrow(), Collectors.counting()));
        assertThat(perInteraction.values()).containsOnly(1L);
    }

    private static double expired(Worker worker) {
        return worker.metrics().count(WorkerMetrics.INTERACTIONS_EXPIRED);
    }

    private static double brokerUp(Worker worker) {
        return worker.metrics().registry().get(WorkerMetrics.DEPENDENCY_UP).tag("dependency", "rabbitmq").gauge().value();
    }
}
