package community.arrakis.gatewayproxy.e2e.chaos;

import community.arrakis.gatewayproxy.broker.QueueType;
import community.arrakis.gatewayproxy.testkit.PrivateRabbit;
import community.arrakis.gatewayproxy.testkit.PrivateRabbitCluster;
import community.arrakis.gatewayproxy.testkit.PrivateRedisSentinel;
import community.arrakis.gatewayproxy.testkit.SharedServices;
import community.arrakis.gatewayproxy.testkit.TcpProxy;
import community.arrakis.gatewayproxy.simulator.RateLimitConfig;
import community.arrakis.gatewayproxy.simulator.SimulatorConfig;
import community.arrakis.gatewayproxy.worker.Worker;
import community.arrakis.gatewayproxy.e2e.fixture.Pipeline;
import community.arrakis.gatewayproxy.testkit.PrivateRedis;
import community.arrakis.gatewayproxy.e2e.fixture.WorkerProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The pipeline a chaos scenario breaks: the simulator, an ingestor (on the machine's RabbitMQ and
 * Redis, which no scenario touches) and two workers whose Redis is a {@link PrivateRedis} of the
 * scenario's own and whose broker connections run through a {@link TcpProxy}, so that a scenario
 * can kill, slow or cut exactly what the workers depend on and nobody else's.
 *
 * <p>A broker scenario (restart, alarm) instead runs the whole pipeline, the ingestor and both
 * workers, on a {@link PrivateRabbit}: a node it may stop or alarm without touching the machine's.
 *
 * <p>A failover scenario runs the whole pipeline on a {@link PrivateRabbitCluster} with quorum
 * queues and a {@link PrivateRedisSentinel} (the ingestor and both workers on its
 * {@code redis-sentinel://} URL): a node of either may be lost, and the clients must follow.
 */
final class ChaosPipeline implements AutoCloseable {

    static final int WORKERS = 2;

    private final PrivateRedis redis;
    /** Null on a private node: the scenario breaks the node itself. */
    private final TcpProxy broker;
    /** Null on the machine's RabbitMQ. */
    private final PrivateRabbit rabbit;
    /** Both null unless this is a failover pipeline. */
    private final PrivateRabbitCluster cluster;
    private final PrivateRedisSentinel sentinel;
    private final Pipeline pipeline;
    private final String role;
    private final List<Worker> workers = new ArrayList<>();

    private ChaosPipeline(PrivateRedis redis, TcpProxy broker, PrivateRabbit rabbit, Pipeline pipeline) {
        this(redis, broker, rabbit, null, null, pipeline);
    }

    private ChaosPipeline(PrivateRedis redis, TcpProxy broker, PrivateRabbit rabbit, PrivateRabbitCluster cluster,
                          PrivateRedisSentinel sentinel, Pipeline pipeline) {
        this.cluster = cluster;
        this.sentinel = sentinel;
        this.redis = redis;
        this.broker = broker;
        this.rabbit = rabbit;
        this.pipeline = pipeline;
        this.role = Pipeline.role(pipeline.guild(0));
    }

    /** On the machine's RabbitMQ, the workers' connections through a {@link TcpProxy}. */
    static ChaosPipeline start(String name) throws Exception {
        return start(name, null);
    }

    /**
     * @param rabbit the node everything runs on, with no proxy in between; null for the machine's
     *               RabbitMQ, the workers' connections through a {@link TcpProxy}
     */
    static ChaosPipeline start(String name, PrivateRabbit rabbit) throws Exception {
        PrivateRedis redis = PrivateRedis.start();
        TcpProxy broker = null;
        Pipeline pipeline = null;
        try {
            String amqpUrl = rabbit == null ? SharedServices.AMQP_URL : rabbit.amqpUrl();
            broker = rabbit == null ? TcpProxy.forAmqpUrl(amqpUrl) : null;
            // Roomy route buckets: the scenarios are about failures, not about waiting for buckets.
            pipeline = Pipeline.start("chaos-" + name, SimulatorConfig.defaults()
                    .withRateLimits(RateLimitConfig.defaults().withRouteLimit(10_000, Duration.ofSeconds(1))), amqpUrl);
            ChaosPipeline chaos = new ChaosPipeline(redis, broker, rabbit, pipeline);
            String workersUrl = broker == null ? amqpUrl : broker.rewrite(amqpUrl);
            for (int i = 0; i < WORKERS; i++) {
                chaos.workers.add(pipeline.startWorker(pipeline.workerConfig(name + "-" + (char) ('a' + i))
                        .toBuilder().redisUrl(redis.url()).amqpUrl(workersUrl).build(), WorkerProcess.proofBot(chaos.role)));
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

    /**
     * The whole pipeline on {@code cluster} with quorum queues and on {@code sentinel}'s Redis (the
     * ingestor's checkpoints and identify limits too); neither is closed with the pipeline.
     */
    static ChaosPipeline startOnCluster(String name, PrivateRabbitCluster cluster, PrivateRedisSentinel sentinel)
            throws Exception {
        Pipeline pipeline = Pipeline.start("chaos-" + name, SimulatorConfig.defaults()
                        .withRateLimits(RateLimitConfig.defaults().withRouteLimit(10_000, Duration.ofSeconds(1))),
                cluster.amqpUrl(), QueueType.QUORUM, config -> config.toBuilder().redisUrl(sentinel.url()).build());
        try {
            ChaosPipeline chaos = new ChaosPipeline(null, null, null, cluster, sentinel, pipeline);
            for (int i = 0; i < WORKERS; i++) {
                chaos.workers.add(pipeline.startWorker(pipeline.workerConfig(name + "-" + (char) ('a' + i))
                        .toBuilder().redisUrl(sentinel.url()).build(), WorkerProcess.proofBot(chaos.role)));
            }
            return chaos;
        } catch (Exception | Error e) {
            pipeline.close();
            throw e;
        }
    }

    Pipeline pipeline() {
        return pipeline;
    }

    PrivateRedis redis() {
        if (redis == null) {
            throw new IllegalStateException("this pipeline's Redis is replicated: sentinel()");
        }
        return redis;
    }

    /** The RabbitMQ cluster of a failover pipeline. */
    PrivateRabbitCluster cluster() {
        if (cluster == null) {
            throw new IllegalStateException("this pipeline runs on one RabbitMQ node");
        }
        return cluster;
    }

    /** The replicated Redis of a failover pipeline. */
    PrivateRedisSentinel sentinel() {
        if (sentinel == null) {
            throw new IllegalStateException("this pipeline's Redis is a single node");
        }
        return sentinel;
    }

    /** The proxy the workers' broker connections run through (on the machine's RabbitMQ only). */
    TcpProxy broker() {
        if (broker == null) {
            throw new IllegalStateException("this pipeline runs on a private RabbitMQ node, without a proxy");
        }
        return broker;
    }

    /** The node this pipeline runs on (for broker scenarios only). */
    PrivateRabbit rabbit() {
        if (rabbit == null) {
            throw new IllegalStateException("this pipeline runs on the machine's RabbitMQ, which no scenario may stop");
        }
        return rabbit;
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
                if (broker != null) {
                    broker.close();
                }
            } finally {
                if (redis != null) {
                    redis.close();
                }
            }
        }
    }
}
