package community.arrakis.gatewayproxy.benchmarks.ingestor;

import community.arrakis.gatewayproxy.envelope.topology.Topology;
import community.arrakis.gatewayproxy.ingestor.Ingestor;
import community.arrakis.gatewayproxy.ingestor.IngestorConfig;
import community.arrakis.gatewayproxy.ingestor.ShardRange;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * An ingestor in a JVM of its own, for the memory benchmark (until the app's {@code ingestor}
 * command can be started the same way). Reads commands on stdin: {@code gc} runs a full GC and
 * answers {@code heap <bytes used>}; end of input stops the ingestor gracefully.
 *
 * <pre>IngestorProcessMain apiBaseUrl token amqpUrl redisUrl topologyPrefix redisPrefix totalShards</pre>
 */
public final class IngestorProcessMain {

    private IngestorProcessMain() {
    }

    public static void main(String[] args) throws Exception {
        int shards = Integer.parseInt(args[6]);
        IngestorConfig config = IngestorConfig.builder().botToken(args[1])
                .apiBaseUrl(URI.create(args[0]))
                .amqpUrl(args[2]).topology(Topology.withPrefix(args[4]))
                .redisUrl(args[3]).redisKeyPrefix(args[5])
                .shards(new ShardRange(0, shards - 1)).totalShards(shards)
                .opsPort(0).build();
        try (Ingestor ingestor = new Ingestor(config).start()) {
            System.out.println("started");
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {
                if (line.equals("gc")) {
                    System.gc();
                    System.out.println("heap " + ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
                } else if (line.equals("ready")) {
                    System.out.println("ready " + ingestor.isReady());
                }
            }
        }
    }
}
