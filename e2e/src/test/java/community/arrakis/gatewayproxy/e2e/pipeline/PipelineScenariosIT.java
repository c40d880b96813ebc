package community.arrakis.gatewayproxy.e2e.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.GetResponse;
import community.arrakis.gatewayproxy.broker.DeadLetterHeaders;
import community.arrakis.gatewayproxy.envelope.EnvelopeCodec;
import community.arrakis.gatewayproxy.simulator.CommandOption;
import community.arrakis.gatewayproxy.simulator.EmittedInteraction;
import community.arrakis.gatewayproxy.simulator.Guild;
import community.arrakis.gatewayproxy.simulator.RecordedRequest;
import community.arrakis.gatewayproxy.simulator.SimulatorConfig;
import community.arrakis.gatewayproxy.worker.Worker;
import community.arrakis.gatewayproxy.worker.handler.Choice;
import community.arrakis.gatewayproxy.worker.handler.Handlers;
import community.arrakis.gatewayproxy.worker.metrics.WorkerMetrics;
import community.arrakis.gatewayproxy.e2e.fixture.Pipeline;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bot's everyday scenarios through the whole path: the simulator dispatches on its gateway, the
 * real ingestor publishes, RabbitMQ routes, a worker runs the handler and answers on the simulator's
 * REST API. One pipeline for the class; each test starts its own worker and leaves the queues empty.
 */
class PipelineScenariosIT {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static Pipeline pipeline;

    private final List<String> guildEvents = new CopyOnWriteArrayList<>();
    private final AtomicInteger handlerRuns = new AtomicInteger();
    private Worker worker;

    @BeforeAll
    static void startPipeline() throws Exception {
        pipeline = Pipeline.start("scenarios", SimulatorConfig.defaults());
    }

    @AfterAll
    static void stopPipeline() throws Exception {
        pipeline.close();
    }

    @AfterEach
    void stopWorker() throws Exception {
        if (worker != null) {
            worker.close();
        }
        for (String queue : pipeline.topology().queues()) {
            pipeline.channel().queuePurge(queue);
        }
    }

    private Handlers bot(String roleId) {
        return Handlers.create()
                .command("ping", ctx -> {
                    handlerRuns.incrementAndGet();
                    ctx.reply("pong");
                })
                .command("explode", ctx -> {
                    throw new IllegalStateException("the spice must flow");
                })
                .button("confirm:", ctx -> ctx.update("{\"content\":\"confirmed " + ctx.customId().substring(8)
                        + "\",\"components\":[]}"))
                .autocomplete("travel", ctx -> ctx.suggest(List.of(Choice.of("Arrakeen"), Choice.of("Carthag"))
                        .stream().filter(c -> c.name().toLowerCase().startsWith(ctx.options().focusedValue())).toList()))
                .modal("feedback:", ctx -> ctx.replyEphemeral("Thanks: " + ctx.modalValues().get("text")))
                .memberJoin(ctx -> {
                    guildEvents.add("join:" + ctx.userId());
                    ctx.rest().addGuildMemberRole(ctx.guildId(), ctx.userId(), roleId, "welcome");
                })
                .memberUpdate(ctx -> guildEvents.add("update:" + ctx.userId() + ":" + ctx.payload().path("roles").size()))
                .memberLeave(ctx -> guildEvents.add("leave:" + ctx.userId()));
    }

    private Worker start(Handlers handlers) throws Exception {
        worker = pipeline.startWorker("scenarios-" + System.nanoTime(), handlers);
        return worker;
    }

    @Test
    void slashCommandIsAnsweredOnceWithItsReply() throws Exception {
        Guild guild = pipeline.guild(0);
        start(bot(Pipeline.role(guild)));
        EmittedInteraction ping = pipeline.simulator().emitSlashCommand(guild.id(), pipeline.user(guild, 0), "ping");

        RecordedRequest callback = pipeline.awaitCallback(ping.id(), WAIT);
        assertThat(callback.status()).isEqualTo(204);
        assertThat(callback.body()).isEqualTo("{\"type\":4,\"data\":{\"content\":\"pong\"}}");
        await().atMost(WAIT).until(() -> worker.metrics().count(WorkerMetrics.PROCESSED, "outcome", "handled") == 1);
        assertThat(pipeline.callbacksFor(ping.id())).hasSize(1);
    }

    @Test
    void buttonUpdatesItsMessage() throws Exception {
        Guild guild = pipeline.guild(0);
        start(bot(Pipeline.role(guild)));
        EmittedInteraction click = pipeline.simulator().emitButtonClick(guild.id(), pipeline.user(guild, 1), "confirm:42");

        RecordedRequest callback = pipeline.awaitCallback(click.id(), WAIT);
        assertThat(callback.status()).isEqualTo(204);
        assertThat(callback.body()).isEqualTo("{\"type\":7,\"data\":{\"content\":\"confirmed 42\",\"components\":[]}}");
    }

    @Test
    void autocompleteSuggestsTheMatchingChoices() throws Exception {
        Guild guild = pipeline.guild(0);
        start(bot(Pipeline.role(guild)));
        EmittedInteraction typing = pipeline.simulator().emitAutocomplete(guild.id(), pipeline.user(guild, 0), "travel",
                CommandOption.focused("to", "car"));

        RecordedRequest callback = pipeline.awaitCallback(typing.id(), WAIT);
        assertThat(callback.status()).isEqualTo(204);
        assertThat(callback.body()).isEqualTo("{\"type\":8,\"data\":{\"choices\":[{\"name\":\"Carthag\",\"value\":\"Carthag\"}]}}");
    }

    @Test
    void modalSubmissionIsAnsweredPrivatelyWithWhatWasTyped() throws Exception {
        Guild guild = pipeline.guild(1);
        start(bot(Pipeline.role(guild)));
        EmittedInteraction submit = pipeline.simulator().emitModalSubmit(guild.id(), pipeline.user(guild, 0),
                "feedback:form", Map.of("text", "more spice"));

        RecordedRequest callback = pipeline.awaitCallback(submit.id(), WAIT);
        assertThat(callback.status()).isEqualTo(204);
        assertThat(callback.body()).isEqualTo("{\"type\":4,\"data\":{\"content\":\"Thanks: more spice\",\"flags\":64}}");
    }

    @Test
    void expiredInteractionIsAcknowledgedAndCountedButNeitherRunNorDeadLettered() throws Exception {
        Guild guild = pipeline.guild(0);
        EmittedInteraction ping = pipeline.simulator().emitSlashCommand(guild.id(), pipeline.user(guild, 0), "ping");
        // No worker yet: the interaction waits in its queue until Discord's 3 s are over.
        await().atMost(WAIT).until(() -> pipeline.depth(pipeline.topology().interactionsQueue()) == 1);
        long created = ping.createdAt().toEpochMilli();
        await().atMost(WAIT).until(() -> System.currentTimeMillis() > created + 3_100);

        start(bot(Pipeline.role(guild)));
        await().atMost(WAIT).until(() -> worker.metrics().count(WorkerMetrics.INTERACTIONS_EXPIRED) == 1);
        assertThat(handlerRuns).hasValue(0);
        assertThat(pipeline.callbacksFor(ping.id())).isEmpty();
        worker.close(); // unacknowledged deliveries would return to the queue now
        assertThat(pipeline.depth(pipeline.topology().interactionsQueue())).as("acknowledged").isZero();
        assertThat(pipeline.depth(pipeline.topology().deadLetterQueue())).as("not dead-lettered").isZero();
    }

    @Test
    void memberJoinUpdateAndLeaveReachTheirHandlersOnceAndInOrder() throws Exception {
        Guild guild = pipeline.guild(2);
        String role = Pipeline.role(guild);
        start(bot(role));
        String user = "555000000000000" + (100 + (System.nanoTime() % 900));
        pipeline.simulator().emitMemberAdd(guild.id(), user);
        // the join handler's role call must find the member: it leaves only after being welcomed
        await().atMost(WAIT).until(() -> guild.member(user).orElseThrow().roleIds().contains(role));
        pipeline.simulator().emitMemberUpdate(guild.id(), user, List.of(role));
        pipeline.simulator().emitMemberRemove(guild.id(), user);

        // Giving the role makes Discord (the simulator) announce a member update of its own.
        await().atMost(WAIT).until(() -> guildEvents.contains("leave:" + user));
        assertThat(guildEvents).containsExactly("join:" + user, "update:" + user + ":1", "update:" + user + ":1",
                "leave:" + user);
        List<RecordedRequest> roleCalls = pipeline.simulator().requests().filter(
                r -> r.is("PUT", "/guilds/{guild_id}/members/{user_id}/roles/{role_id}")
                        && r.pathParam("user_id").filter(user::equals).isPresent());
        assertThat(roleCalls).hasSize(1);
        assertThat(roleCalls.get(0).header("X-Audit-Log-Reason")).contains("welcome");
        await().atMost(WAIT).until(() -> worker.metrics().count(WorkerMetrics.PROCESSED, "outcome", "handled") == 4);
        assertThat(worker.metrics().count(WorkerMetrics.DEDUPLICATED)).isZero();
    }

    @Test
    void failingHandlerGoesToTheDeadLetterQueueWithItsReasonExceptionAttemptsAndWorker() throws Exception {
        Guild guild = pipeline.guild(0);
        Worker w = start(bot(Pipeline.role(guild)));
        EmittedInteraction explode = pipeline.simulator().emitSlashCommand(guild.id(), pipeline.user(guild, 0), "explode");

        await().atMost(WAIT).until(() -> pipeline.depth(pipeline.topology().deadLetterQueue()) == 1);
        GetResponse dead = pipeline.channel().basicGet(pipeline.topology().deadLetterQueue(), true);
        assertThat(new EnvelopeCodec().decode(dead.getBody()).interactionId()).isEqualTo(explode.id());
        Map<String, Object> headers = dead.getProps().getHeaders();
        assertThat(headers.get(DeadLetterHeaders.REASON)).hasToString("IllegalStateException: the spice must flow");
        assertThat(headers.get(DeadLetterHeaders.EXCEPTION)).hasToString("java.lang.IllegalStateException");
        assertThat(headers.get(DeadLetterHeaders.ATTEMPTS)).isEqualTo(1);
        assertThat(headers.get(DeadLetterHeaders.WORKER)).hasToString(w.config().workerId());
        assertThat(headers.get(DeadLetterHeaders.SOURCE_QUEUE)).hasToString(pipeline.topology().interactionsQueue());
    }

    @Test
    void schemaIncompatibleMessageGoesToTheDeadLetterQueueWithItsReason() throws Exception {
        Guild guild = pipeline.guild(0);
        start(bot(Pipeline.role(guild)));
        // Only a newer ingestor could publish this: sent straight to the exchange.
        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().deliveryMode(2)
                .contentType(EnvelopeCodec.CONTENT_TYPE).build();
        pipeline.channel().basicPublish(pipeline.topology().eventsExchange(), "p00.member.join", props,
                "{\"schemaVersion\":2,\"eventId\":\"from-the-future\"}".getBytes(StandardCharsets.UTF_8));

        await().atMost(WAIT).until(() -> pipeline.depth(pipeline.topology().deadLetterQueue()) == 1);
        GetResponse dead = pipeline.channel().basicGet(pipeline.topology().deadLetterQueue(), true);
        assertThat(dead.getProps().getHeaders().get(DeadLetterHeaders.REASON))
                .hasToString("unsupported schemaVersion 2 (this version reads 1)");
        assertThat(dead.getProps().getHeaders().get(DeadLetterHeaders.SOURCE_QUEUE)).hasToString(pipeline.topology().guildPartitionQueue(0));
    }

    @Test
    void slashCommandOvertakesABacklogOfMemberEvents() throws Exception {
        AtomicInteger updates = new AtomicInteger();
        // Two handler slots, both kept busy by slow member updates of three guilds.
        worker = pipeline.startWorker(pipeline.workerConfig("priority-" + System.nanoTime())
                .toBuilder().prefetch(50).concurrency(2).build(), Handlers.create()
                .command("ping", ctx -> ctx.reply("pong"))
                .memberUpdate(ctx -> {
                    Thread.sleep(20); // a slow handler: the backlog
                    updates.incrementAndGet();
                }));
        int backlog = 240;
        for (int i = 0; i < backlog; i++) {
            Guild guild = pipeline.guild(i % 3);
            String user = pipeline.user(guild, i % 4);
            pipeline.simulator().emitMemberUpdate(guild.id(), user, List.of());
        }
        await().atMost(WAIT).until(() -> updates.get() >= 10);
        Guild guild = pipeline.guild(0);
        EmittedInteraction ping = pipeline.simulator().emitSlashCommand(guild.id(), pipeline.user(guild, 0), "ping");

        RecordedRequest callback = pipeline.awaitCallback(ping.id(), WAIT);
        int handledWhenAnswered = updates.get();
        long latency = callback.receivedAt().toEpochMilli() - ping.createdAt().toEpochMilli();
        assertThat(handledWhenAnswered).as("the backlog was still there").isLessThan(backlog - 50);
        // In line behind the backlog it would wait ~2.4 s (240 x 20 ms over 2 slots); the bound leaves room
        // for the ingestor, which forwards the interaction behind the 240 updates on the same gateway session.
        assertThat(latency).as("ms from creation to answer").isLessThan(1_000);
        await().atMost(Duration.ofSeconds(20)).until(() -> updates.get() == backlog);
    }
}
