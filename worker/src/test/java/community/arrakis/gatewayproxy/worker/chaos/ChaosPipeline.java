package community.arrakis.gatewayproxy.worker.chaos;

import community.arrakis.gatewayproxy.broker.TcpProxy;
import community.arrakis.gatewayproxy.simulator.RateLimitConfig;
import community.arrakis.gatewayproxy.simulator.SimulatorConfig;
import community.arrakis.gatewayproxy.worker.Worker;
import community.arrakis.gatewayproxy.worker.testing.Pipeline;
import community.arrakis.gatewayproxy.testkit.PrivateRedis;
import community.arrakis.gatewayproxy.worker.testing.WorkerProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The pipeline a chaos scenario breaks: the simulator, an ingestor (on the machine's RabbitMQ and
 * Redis, which no scenario touches) and two workers whose Redis is a {@link PrivateRedis} of the
 * scenario's own and whose broker connections run through a {@link TcpProxy}, so that a scenario
 * can kill, slow or cut exactly what the workers depend on and nobody else's.
 */
final class ChaosPipeline implements AutoCloseable {

    static final int WORKERS = 2;

    private final PrivateRedis redis;
    private final TcpProxy broker;
    private final Pipeline pipeline;
    private final String role;
    private final List<Worker> workers = new ArrayList<>();

    private ChaosPipeline(PrivateRedis redis, TcpProxy broker, Pipeline pipeline) {
        this.redis = redis;
        this.broker = broker;
        this.pipeline = pipeline;
        this.role = pipeline.guild(0).roles().stream().filter(r -> !r.id().equals(pipeline.guild(0).id()))
                .findFirst().orElseThrow().id();
    }

    static ChaosPipeline start(String name) throws Exception {
        PrivateRedis redis = PrivateRedis.start();
        TcpProxy broker = null;
        Pipeline pipeline = null;
        try {
            broker = TcpProxy.forAmqpUrl(Pipeline.AMQP_URL);
            // Roomy route buckets: the scenarios are about failures, not about waiting for buckets.
            pipeline = Pipeline.start("chaos-" + name, SimulatorConfig.defaults()
                    .withRateLimits(RateLimitConfig.defaults().withRouteLimit(10_000, Duration.ofSeconds(1))));
            ChaosPipeline chaos = new ChaosPipeline(redis, broker, pipeline);
            for (int i = 0; i < WORKERS; i++) {
                chaos.workers.add(pipeline.startWorker(pipeline.workerConfig(name + "-" + (char) ('a' + i))
                        .withRedisUrl(redis.url()).withAmqpUrl(broker.rewrite(Pipeline.AMQP_URL)),
                        WorkerProcess.proofBot(chaos.role)));
            }
            return chaos;
        } catch (Exception | Error e) {
            if (pipeline != null) {
                pipeline.close();
            }
            if (broker != null) {
                broker.close();
            }
            redis.close();
            throw e;
        }
    }

    Pipeline pipeline() {
        return pipeline;
    }

    PrivateRedis redis() {
        return redis;
    }

    TcpProxy broker() {
        return broker;
    }

    List<Worker> workers() {
        return workers;
    }

    /** The role the join handler gives (guild 0's). */
    String role() {
        return role;
    }

    @Override
    public void close() throws Exception {
        try {
            pipeline.close();
        } finally {
            try {
                broker.close();
            } finally {
                redis.close();
            }
        }
    }
}
