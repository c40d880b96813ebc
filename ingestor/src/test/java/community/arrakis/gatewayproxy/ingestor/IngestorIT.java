package community.arrakis.gatewayproxy.ingestor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import community.arrakis.gatewayproxy.broker.BrokerConnections;
import community.arrakis.gatewayproxy.discord.gateway.ResumeState;
import community.arrakis.gatewayproxy.discord.gateway.compression.TransportCompression;
import community.arrakis.gatewayproxy.envelope.Envelope;
import community.arrakis.gatewayproxy.envelope.EnvelopeCodec;
import community.arrakis.gatewayproxy.simulator.EmittedEvent;
import community.arrakis.gatewayproxy.simulator.EmittedInteraction;
import community.arrakis.gatewayproxy.simulator.Guild;
import community.arrakis.gatewayproxy.simulator.SimulatorConfig;
import community.arrakis.gatewayproxy.simulator.WorldSpec;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The whole ingestor against the Discord simulator, the real RabbitMQ and Redis: what an envelope
 * carries, what the ops endpoints say, and a graceful restart that resumes from Redis.
 */
class IngestorIT {

    private final EnvelopeCodec codec = new EnvelopeCodec();
    private final Map<String, Envelope> envelopes = new ConcurrentHashMap<>();
    private SimulatedPipeline pipeline;
    private Connection peek;
    private Ingestor ingestor;

    @BeforeEach
    void setUp() throws Exception {
        pipeline = SimulatedPipeline.start(SimulatorConfig.defaults().withRecommendedShards(2).withMaxConcurrency(2)
                .withWorld(new WorldSpec(4, 5, 2)), "ingestor");
        // a second consumer of our own, for the envelopes' contents
        peek = BrokerConnections.connect(SimulatedPipeline.AMQP_URL, "IngestorIT-peek");
        Channel channel = peek.createChannel();
        String peek = channel.queueDeclare().getQueue();
        channel.queueBind(peek, pipeline.topology.eventsExchange(), "#");
        channel.basicConsume(peek, true, new DefaultConsumer(channel) {
            @Override
            public void handleDelivery(String tag, com.rabbitmq.client.Envelope amqp, AMQP.BasicProperties props,
                                       byte[] body) {
                Envelope envelope = codec.decode(body);
                envelopes.put(envelope.eventId(), envelope);
            }
        });
    }

    @AfterEach
    void tearDown() throws Exception {
        if (ingestor != null) {
            ingestor.close();
        }
        peek.close();
        pipeline.close();
    }

    @Test
    void slashCommandsAndMemberJoinsArriveAsEnvelopesAndReadinessListsEachShard() throws Exception {
        ingestor = pipeline.startIngestor(pipeline.ingestorConfig(2));
        await().atMost(Duration.ofSeconds(10)).until(ingestor::isReady);

        Guild guild = pipeline.discord.world().guilds().get(1);
        String userId = guild.members().stream().filter(m -> !m.user().bot()).findFirst().orElseThrow().user().id();
        EmittedInteraction command = pipeline.discord.emitSlashCommand(guild.id(), userId, "ping");
        EmittedEvent join = pipeline.discord.emitMemberAdd(guild.id(), "777000777");
        SimulatedTraffic.burst(pipeline.discord, 60);
        pipeline.assertNothingLost(Duration.ofSeconds(10));

        await().atMost(Duration.ofSeconds(5)).until(() -> envelopes.containsKey(command.id()));
        Envelope interaction = envelopes.get(command.id());
        assertThat(interaction.eventType()).isEqualTo("interaction.command.ping");
        assertThat(interaction.priority()).isEqualTo(10);
        assertThat(interaction.guildId()).isEqualTo(guild.id());
        assertThat(interaction.userId()).isEqualTo(userId);
        assertThat(interaction.shardId()).isEqualTo(1);
        assertThat(interaction.interactionToken()).isEqualTo(command.token());
        assertThat(interaction.payload()).contains("\"name\":\"ping\"");

        var delivery = join.deliveries().getFirst();
        String joinId = delivery.shardId() + ":" + delivery.sessionId() + ":" + delivery.seq();
        await().atMost(Duration.ofSeconds(5)).until(() -> envelopes.containsKey(joinId));
        Envelope member = envelopes.get(joinId);
        assertThat(member.eventType()).isEqualTo("member.join");
        assertThat(member.priority()).isEqualTo(5);
        assertThat(member.guildId()).isEqualTo(guild.id());
        assertThat(member.userId()).isEqualTo("777000777");
        assertThat(member.sequence()).isEqualTo(delivery.seq());

        HttpResponse<String> ready = get("/health/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).contains("\"shard-0\":{\"status\":\"UP\"").contains("\"shard-1\":{\"status\":\"UP\"")
                .contains("\"state\":\"READY\"").contains("\"identify-budget\"").contains("\"lastEventAgeMs\"");
        String metrics = get("/metrics").body();
        assertThat(metrics).contains("arrakis_ingestor_events_published_total{shard=\"1\",type=\"member.join\"}")
                .contains("arrakis_ingestor_publish_latency_seconds_bucket")
                .contains("arrakis_ingestor_identify_budget_remaining")
                .contains("arrakis_ingestor_shard_state{shard=\"1\",state=\"READY\"} 1.0")
                .contains("arrakis_ingestor_shard_state{shard=\"1\",state=\"RECONNECTING\"} 0.0")
                .contains("arrakis_ingestor_broker_connected 1.0")
                .contains("arrakis_ingestor_broker_writable 1.0");
    }

    @Test
    void zstdStreamCompressionCarriesEveryEvent() throws Exception {
        ingestor = pipeline.startIngestor(pipeline.ingestorConfig(2).toBuilder().compression(TransportCompression.ZSTD_STREAM).build());
        await().atMost(Duration.ofSeconds(10)).until(ingestor::isReady);
        SimulatedTraffic.burst(pipeline.discord, 300);
        pipeline.assertNothingLost(Duration.ofSeconds(10));
    }

    @Test
    void restartAfterGracefulStopResumesFromRedisAndLosesNothing() throws Exception {
        ingestor = pipeline.startIngestor(pipeline.ingestorConfig(2));
        await().atMost(Duration.ofSeconds(10)).until(ingestor::isReady);
        SimulatedTraffic.burst(pipeline.discord, 90);
        pipeline.assertNothingLost(Duration.ofSeconds(10));
        ingestor.close();
        ingestor = null;

        RedisSessionCheckpointStore store = new RedisSessionCheckpointStore(pipeline.redis, pipeline.redisPrefix);
        for (int shard = 0; shard < 2; shard++) {
            int id = shard;
            ResumeState checkpoint = store.load(shard, 2).orElseThrow();
            long lastSeq = pipeline.discord.sessions().stream().filter(s -> s.shardId() == id).findFirst()
                    .orElseThrow().lastSeq();
            assertThat(checkpoint.sequence()).as("shard %d: everything it was sent is confirmed", shard)
                    .isEqualTo(lastSeq);
        }

        // Discord keeps dispatching while no ingestor is connected.
        SimulatedTraffic.burst(pipeline.discord, 60);
        ingestor = pipeline.startIngestor(pipeline.ingestorConfig(2));
        pipeline.assertNothingLost(Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(10)).until(ingestor::isReady);
        assertThat(pipeline.discord.dispatches().ofType("RESUMED")).hasSize(2);
        assertThat(pipeline.discord.dispatches().ofType("READY")).as("one session per shard, from the first start")
                .hasSize(2);

        SimulatedTraffic.burst(pipeline.discord, 60);
        pipeline.assertNothingLost(Duration.ofSeconds(10));
        assertThat(pipeline.duplicates()).as("a graceful stop checkpoints everything confirmed").isZero();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return SimulatedPipeline.getOps(ingestor, path);
    }
}
