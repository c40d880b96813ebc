package community.arrakis.gatewayproxy.worker.testing;

import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import community.arrakis.gatewayproxy.broker.BrokerConnections;
import community.arrakis.gatewayproxy.broker.TopologyDeclarer;
import community.arrakis.gatewayproxy.common.Backoff;
import community.arrakis.gatewayproxy.envelope.topology.Topology;
import community.arrakis.gatewayproxy.ingestor.Ingestor;
import community.arrakis.gatewayproxy.ingestor.IngestorConfig;
import community.arrakis.gatewayproxy.simulator.DiscordSimulator;
import community.arrakis.gatewayproxy.simulator.Guild;
import community.arrakis.gatewayproxy.simulator.RecordedRequest;
import community.arrakis.gatewayproxy.simulator.SimulatorConfig;
import community.arrakis.gatewayproxy.worker.Worker;
import community.arrakis.gatewayproxy.worker.WorkerConfig;
import community.arrakis.gatewayproxy.worker.handler.Handlers;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * The whole path on this machine: the Discord simulator, a real {@link Ingestor} holding a gateway
 * session with it and publishing to RabbitMQ, and any number of workers answering through the
 * simulator's REST API with state in Redis. Every name is under a prefix of its own and removed on
 * {@link #close()}.
 */
public final class Pipeline implements AutoCloseable {

    public static final String AMQP_URL = System.getenv().getOrDefault("RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672");
    public static final String CALLBACK_ROUTE = "/interactions/{interaction_id}/{interaction_token}/callback";

    private final DiscordSimulator simulator;
    private final String amqpUrl;
    private final Topology topology;
    private final String topologyPrefix;
    private final String redisPrefix;
    private final Connection connection;
    private final Channel channel;
    private final List<Worker> workers = new ArrayList<>();
    private Ingestor ingestor;

    private Pipeline(DiscordSimulator simulator, String amqpUrl, String topologyPrefix, String redisPrefix,
                     Connection connection) throws IOException {
        this.simulator = simulator;
        this.amqpUrl = amqpUrl;
        this.topologyPrefix = topologyPrefix;
        this.topology = Topology.withPrefix(topologyPrefix);
        this.redisPrefix = redisPrefix;
        this.connection = connection;
        this.channel = connection.createChannel();
    }

    /**
     * Starts the simulator and the ingestor on the machine's RabbitMQ ({@link #AMQP_URL}), and waits
     * until the ingestor's shard is READY.
     */
    public static Pipeline start(String name, SimulatorConfig simulatorConfig) throws Exception {
        return start(name, simulatorConfig, AMQP_URL, UnaryOperator.identity());
    }

    /** @param ingestor changes to the ingestor's configuration (its broker URL, options) */
    public static Pipeline start(String name, SimulatorConfig simulatorConfig, UnaryOperator<IngestorConfig> ingestor)
            throws Exception {
        return start(name, simulatorConfig, AMQP_URL, ingestor);
    }

    /**
     * The same on the RabbitMQ at {@code amqpUrl} (a test's own node, say): the ingestor, this
     * pipeline's own connection and every {@link #workerConfig} use it.
     */
    public static Pipeline start(String name, SimulatorConfig simulatorConfig, String amqpUrl) throws Exception {
        return start(name, simulatorConfig, amqpUrl, UnaryOperator.identity());
    }

    private static Pipeline start(String name, SimulatorConfig simulatorConfig, String amqpUrl,
                                  UnaryOperator<IngestorConfig> ingestor) throws Exception {
        String id = name + "-" + UUID.randomUUID().toString().substring(0, 8);
        DiscordSimulator simulator = DiscordSimulator.start(simulatorConfig.withPort(0));
        Connection connection;
        try {
            connection = BrokerConnections.connect(amqpUrl, "it-" + id);
        } catch (IOException | RuntimeException e) {
            simulator.close();
            throw e;
        }
        Pipeline pipeline = new Pipeline(simulator, amqpUrl, "it-" + id + ".", "it-" + id + ":", connection);
        Topology topology = pipeline.topology;
        try {
            new TopologyDeclarer(topology, false).declare(pipeline.channel);
            pipeline.ingestor = new Ingestor(ingestor.apply(IngestorConfig.builder().botToken(simulatorConfig.botToken())
                    .apiBaseUrl(simulator.apiBaseUrl())
                    .amqpUrl(amqpUrl).topology(topology)
                    .redisUrl(RedisKeys.REDIS_URL).redisKeyPrefix(pipeline.redisPrefix + "ing:")
                    .opsPort(0).build())).start();
            await().atMost(Duration.ofSeconds(20)).until(pipeline.ingestor::isReady);
            return pipeline;
        } catch (Exception | Error e) {
            pipeline.close();
            throw e;
        }
    }

    public DiscordSimulator simulator() {
        return simulator;
    }

    public Ingestor ingestor() {
        return ingestor;
    }

    public Topology topology() {
        return topology;
    }

    /** The RabbitMQ this pipeline runs on. */
    public String amqpUrl() {
        return amqpUrl;
    }

    public String topologyPrefix() {
        return topologyPrefix;
    }

    public String redisPrefix() {
        return redisPrefix;
    }

    public Guild guild(int index) {
        return simulator.world().guilds().get(index);
    }

    /** A guild member who is not the bot. */
    public String user(Guild guild, int index) {
        return guild.members().stream().filter(m -> !m.user().bot()).toList().get(index).user().id();
    }

    /** A worker config for this pipeline: its topology, key prefix, the simulator's API, fast retries. */
    public WorkerConfig workerConfig(String workerId) {
        return WorkerConfig.builder().amqpUrl(amqpUrl).redisUrl(RedisKeys.REDIS_URL).apiBaseUrl(simulator.apiBaseUrl())
                .topology(topology).redisKeyPrefix(redisPrefix).workerId(workerId)
                .botToken(simulator.config().botToken())
                .maxAttempts(3).backoff(new Backoff(Duration.ofMillis(20), Duration.ofMillis(200), Backoff.Jitter.FULL)).build();
    }

    public Worker startWorker(String workerId, Handlers handlers) throws IOException {
        return startWorker(workerConfig(workerId), handlers);
    }

    public Worker startWorker(WorkerConfig config, Handlers handlers) throws IOException {
        Worker worker = Worker.start(config, handlers, new SimpleMeterRegistry());
        synchronized (workers) {
            workers.add(worker);
        }
        return worker;
    }

    /** Messages ready in a queue (not those delivered and unacknowledged). */
    public long depth(String queue) throws IOException {
        synchronized (channel) {
            return channel.messageCount(queue);
        }
    }

    /** Every interaction callback the simulator answered, in arrival order. */
    public List<RecordedRequest> callbacks() {
        return simulator.requests().matching("POST", CALLBACK_ROUTE);
    }

    public List<RecordedRequest> callbacksFor(String interactionId) {
        return simulator.requests().filter(r -> r.is("POST", CALLBACK_ROUTE)
                && r.pathParam("interaction_id").filter(interactionId::equals).isPresent());
    }

    public RecordedRequest awaitCallback(String interactionId, Duration timeout) {
        return simulator.requests().await(r -> r.is("POST", CALLBACK_ROUTE)
                && r.pathParam("interaction_id").filter(interactionId::equals).isPresent(), timeout);
    }

    public Channel channel() {
        return channel;
    }

    @Override
    public void close() throws Exception {
        List<Worker> running;
        synchronized (workers) {
            running = List.copyOf(workers);
        }
        running.forEach(Worker::close);
        if (ingestor != null) {
            ingestor.close();
        }
        try {
            new TopologyDeclarer(topology, false).delete(connection);
        } finally {
            connection.close();
            simulator.close();
            RedisKeys.deleteAll(redisPrefix);
        }
    }
}
