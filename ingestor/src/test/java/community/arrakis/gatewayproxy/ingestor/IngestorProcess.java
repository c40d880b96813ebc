package community.arrakis.gatewayproxy.ingestor;

import community.arrakis.gatewayproxy.envelope.topology.Topology;
import community.arrakis.gatewayproxy.testkit.SharedServices;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.File;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * An ingestor in a JVM of its own, for tests that kill it: started by {@link #launch} with the test
 * classpath, it runs until it is killed (SIGTERM closes it gracefully, SIGKILL does not).
 *
 * <pre>java -cp &lt;test classpath&gt; ...IngestorProcess apiBaseUrl token amqpUrl topologyPrefix redisPrefix
 *      totalShards identifyWindowMillis</pre>
 */
final class IngestorProcess {

    private IngestorProcess() {
    }

    public static void main(String[] args) throws Exception {
        IngestorConfig config = IngestorConfig.builder().botToken(args[1])
                .apiBaseUrl(URI.create(args[0]))
                .amqpUrl(args[2]).topology(Topology.withPrefix(args[3]))
                .redisUrl(SharedServices.REDIS_URL).redisKeyPrefix(args[4])
                .shards(new ShardRange(0, Integer.parseInt(args[5]) - 1)).totalShards(Integer.parseInt(args[5]))
                .opsPort(0)
                .checkpointInterval(Duration.ofMillis(100)).build();
        Ingestor ingestor = new Ingestor(config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), Clock.systemUTC())
                .withIdentifyWindow(Duration.ofMillis(Long.parseLong(args[6])));
        Runtime.getRuntime().addShutdownHook(new Thread(ingestor::close, "ingestor-shutdown"));
        ingestor.start();
        Thread.currentThread().join();
    }

    /** Starts an ingestor process for this pipeline; its output goes to {@code log}. */
    static Process launch(SimulatedPipeline pipeline, int totalShards, File log) throws Exception {
        String java = ProcessHandle.current().info().command()
                .orElse(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), IngestorProcess.class.getName(),
                pipeline.discord.apiBaseUrl().toString(), pipeline.discord.config().botToken(),
                SimulatedPipeline.AMQP_URL, pipeline.topologyPrefix, pipeline.redisPrefix,
                Integer.toString(totalShards),
                Long.toString(SimulatedPipeline.identifyWindow(pipeline.discord.config()).toMillis())));
        log.getParentFile().mkdirs();
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log)).start();
    }
}
