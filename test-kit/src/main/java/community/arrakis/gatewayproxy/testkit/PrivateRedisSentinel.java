package community.arrakis.gatewayproxy.testkit;

import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A replicated Redis of a test's own, watched by Sentinel: a master, {@code replicas} replicas and
 * three sentinels ({@code redis-server --sentinel}), each on a free port of 127.0.0.1 with its
 * files under one temporary directory; the machine's shared Redis is never touched. The master is
 * named {@link #MASTER_NAME}; {@link #url()} is the {@code redis-sentinel://} URL clients use.
 *
 * <p>The sentinels take a master for down after {@link #DOWN_AFTER} without an answer (quorum 2)
 * and then promote a replica: {@link #killMaster()} starts that, {@link #awaitFailover} waits
 * for it, {@link #restart(int)} brings the killed node back, which the sentinels turn into a
 * replica of the new master. No persistence: what a replica had not received is lost with the
 * master, as in production without AOF ({@code docs/architecture.md}, the effect-once contract).
 * {@code scripts/cluster/redis-sentinel.sh} starts the same by hand.
 */
public final class PrivateRedisSentinel implements AutoCloseable {

    public static final String MASTER_NAME = "arrakis";
    /** {@code down-after-milliseconds}: short, so that a test's failover takes a few seconds. */
    public static final Duration DOWN_AFTER = Duration.ofMillis(1000);
    private static final int SENTINELS = 3;

    private final Path dir;
    /** Data nodes: index 0 starts as the master. */
    private final int[] dataPorts;
    private final Process[] data;
    private final int[] sentinelPorts;
    private final List<Process> sentinels = new ArrayList<>();

    private PrivateRedisSentinel(Path dir, int dataNodes) throws IOException {
        this.dir = dir;
        this.dataPorts = freePorts(dataNodes);
        this.data = new Process[dataNodes];
        this.sentinelPorts = freePorts(SENTINELS);
    }

    /** A master, {@code replicas} replicas in sync with it, three sentinels that agree on them. */
    public static PrivateRedisSentinel start(int replicas) throws IOException {
        PrivateRedisSentinel redis = new PrivateRedisSentinel(Files.createTempDirectory("arrakis-sentinel-"), 1 + replicas);
        try {
            for (int i = 0; i < redis.data.length; i++) {
                redis.startData(i, i == 0 ? null : redis.dataPorts[0]);
            }
            for (int i = 0; i < SENTINELS; i++) {
                redis.startSentinel(i);
            }
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> redis.replicasInSync(redis.dataPorts[0]) == replicas && redis.sentinelsAgree(redis.dataPorts[0]));
            return redis;
        } catch (IOException | RuntimeException | Error e) {
            redis.close();
            throw e;
        }
    }

    /** {@code redis-sentinel://127.0.0.1:<s1>,127.0.0.1:<s2>,127.0.0.1:<s3>#arrakis}. */
    public String url() {
        return "redis-sentinel://" + java.util.Arrays.stream(sentinelPorts).mapToObj(p -> "127.0.0.1:" + p)
                .collect(Collectors.joining(",")) + "#" + MASTER_NAME;
    }

    /** The port of the data node the sentinels name master now. */
    public int masterPort() {
        return askSentinels();
    }

    /** Which data node (index) listens on {@code port}. */
    public int indexOf(int port) {
        for (int i = 0; i < dataPorts.length; i++) {
            if (dataPorts[i] == port) {
                return i;
            }
        }
        throw new IllegalArgumentException("no data node on port " + port);
    }

    /**
     * SIGKILL to the master: no goodbye to its clients, as a crash or a lost host. Returns its
     * index, for {@link #restart(int)}.
     */
    public int killMaster() throws InterruptedException {
        int master = indexOf(masterPort());
        data[master].destroyForcibly();
        data[master].waitFor(10, TimeUnit.SECONDS);
        return master;
    }

    /**
     * Waits until the sentinels name a master other than the one on {@code oldPort} and that node
     * says it is master (takes writes).
     */
    public void awaitFailover(int oldPort, Duration within) {
        await().atMost(within).pollInterval(Duration.ofMillis(20)).until(() -> {
            int now = askSentinels();
            return now != oldPort && "master".equals(role(now));
        });
    }

    /** Starts data node {@code index} again, empty, as a replica of the current master. */
    public void restart(int index) throws IOException {
        startData(index, masterPort());
    }

    private void startData(int index, Integer replicaOf) throws IOException {
        List<String> command = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(dataPorts[index]),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString(),
                "--dbfilename", "node-" + index + ".rdb", "--logfile", dir.resolve("node-" + index + ".log").toString()));
        if (replicaOf != null) {
            command.addAll(List.of("--replicaof", "127.0.0.1", Integer.toString(replicaOf)));
        }
        data[index] = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("node-" + index + ".out").toFile()).start();
        int port = dataPorts[index];
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10)).until(() -> role(port) != null);
    }

    private void startSentinel(int index) throws IOException {
        Path config = dir.resolve("sentinel-" + index + ".conf");
        Files.writeString(config, String.join("\n",
                "port " + sentinelPorts[index],
                "bind 127.0.0.1",
                "dir " + dir,
                "logfile " + dir.resolve("sentinel-" + index + ".log"),
                "sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + dataPorts[0] + " 2",
                "sentinel down-after-milliseconds " + MASTER_NAME + " " + DOWN_AFTER.toMillis(),
                "sentinel failover-timeout " + MASTER_NAME + " 10000",
                "sentinel parallel-syncs " + MASTER_NAME + " 1",
                ""));
        sentinels.add(new ProcessBuilder("redis-server", config.toString(), "--sentinel").redirectErrorStream(true)
                .redirectOutput(dir.resolve("sentinel-" + index + ".out").toFile()).start());
    }

    /** The master's port according to the first sentinel that answers. */
    private int askSentinels() {
        for (int port : sentinelPorts) {
            RedisClient client = RedisClient.create();
            try (StatefulRedisSentinelConnection<String, String> sentinel = client.connectSentinel(
                    RedisURI.builder().withHost("127.0.0.1").withPort(port).withTimeout(Duration.ofSeconds(1)).build())) {
                InetSocketAddress master = (InetSocketAddress) sentinel.sync().getMasterAddrByName(MASTER_NAME);
                if (master != null) {
                    return master.getPort();
                }
            } catch (RuntimeException e) {
                // this sentinel does not answer; ask the next
            } finally {
                client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
            }
        }
        throw new IllegalStateException("no sentinel names a master for " + MASTER_NAME);
    }

    private boolean sentinelsAgree(int masterPort) {
        return askSentinels() == masterPort && sentinelsSeeing() == SENTINELS;
    }

    private int sentinelsSeeing() {
        RedisClient client = RedisClient.create();
        try (StatefulRedisSentinelConnection<String, String> sentinel = client.connectSentinel(
                RedisURI.builder().withHost("127.0.0.1").withPort(sentinelPorts[0]).withTimeout(Duration.ofSeconds(1)).build())) {
            return 1 + Integer.parseInt(sentinel.sync().master(MASTER_NAME).getOrDefault("num-other-sentinels", "0"));
        } catch (RuntimeException e) {
            return 0;
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
        }
    }

    /** {@code master} or {@code slave} from {@code ROLE}, null when the node does not answer. */
    private static String role(int port) {
        RedisClient client = RedisClient.create(RedisURI.builder().withHost("127.0.0.1").withPort(port)
                .withTimeout(Duration.ofSeconds(1)).build());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            return String.valueOf(connection.sync().role().getFirst());
        } catch (RuntimeException e) {
            return null;
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
        }
    }

    private int replicasInSync(int masterPort) {
        RedisClient client = RedisClient.create(RedisURI.builder().withHost("127.0.0.1").withPort(masterPort)
                .withTimeout(Duration.ofSeconds(1)).build());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            String info = connection.sync().info("replication");
            return (int) info.lines().filter(line -> line.matches("slave\\d+:.*state=online.*")).count();
        } catch (RuntimeException e) {
            return 0;
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
        }
    }

    @Override
    public void close() {
        List<Process> all = new ArrayList<>(sentinels);
        for (Process node : data) {
            if (node != null) {
                all.add(node);
            }
        }
        for (Process process : all) {
            process.destroyForcibly();
        }
        for (Process process : all) {
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // left in the temporary directory
        }
    }

    private static int[] freePorts(int count) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0);
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }
}
