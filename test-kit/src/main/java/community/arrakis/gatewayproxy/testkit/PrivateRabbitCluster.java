package community.arrakis.gatewayproxy.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;

/**
 * A RabbitMQ cluster of a test's own: {@code size} {@link PrivateRabbit} nodes
 * ({@code arrakis-<id>-a@localhost}, {@code -b}, …), each on free ports in a directory of its own,
 * sharing one Erlang cookie of their own (no other node can join them, nor they another), the
 * second and later joined to the first. The machine's shared node is never touched.
 *
 * <p>The nodes start in parallel (each takes seconds); joining is {@code stop_app},
 * {@code join_cluster}, {@code start_app} on each of the others, one after the other.
 * {@link #amqpUrl()} names every node, comma-separated, as {@code RABBITMQ_URL} does.
 * {@code scripts/cluster/rabbitmq-cluster.sh} starts the same by hand.
 */
public final class PrivateRabbitCluster implements AutoCloseable {

    private final List<PrivateRabbit> nodes;

    private PrivateRabbitCluster(List<PrivateRabbit> nodes) {
        this.nodes = nodes;
    }

    public static PrivateRabbitCluster start(int size) throws IOException {
        if (size < 1) {
            throw new IllegalArgumentException("a cluster has at least one node");
        }
        String id = HexFormat.of().formatHex(PrivateRabbit.random(3));
        String cookie = HexFormat.of().formatHex(PrivateRabbit.random(20)).toUpperCase();
        List<CompletableFuture<PrivateRabbit>> starting = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            String name = "arrakis-" + id + "-" + (char) ('a' + i);
            starting.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return PrivateRabbit.start(name, cookie);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }));
        }
        List<PrivateRabbit> nodes = new ArrayList<>();
        RuntimeException failure = null;
        for (CompletableFuture<PrivateRabbit> node : starting) {
            try {
                nodes.add(node.join());
            } catch (CompletionException e) {
                failure = failure == null ? new IllegalStateException("a cluster node did not start", e.getCause()) : failure;
            }
        }
        PrivateRabbitCluster cluster = new PrivateRabbitCluster(nodes);
        try {
            if (failure != null) {
                throw failure;
            }
            PrivateRabbit first = nodes.getFirst();
            for (PrivateRabbit node : nodes.subList(1, nodes.size())) {
                node.stopApp();
                node.rabbitmqctl("join_cluster", first.node());
                node.startApp();
            }
            return cluster;
        } catch (RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    /** Every node, comma-separated: {@code amqp://guest:guest@127.0.0.1:<a>,amqp://guest:guest@127.0.0.1:<b>,…}. */
    public String amqpUrl() {
        return nodes.stream().map(PrivateRabbit::amqpUrl).collect(Collectors.joining(","));
    }

    public List<PrivateRabbit> nodes() {
        return nodes;
    }

    /** A node whose process runs, to ask the cluster through. */
    private PrivateRabbit running() {
        return nodes.stream().filter(PrivateRabbit::nodeRunning).findFirst()
                .orElseThrow(() -> new IllegalStateException("no node of the cluster runs"));
    }

    /**
     * The node that holds {@code queue}: a quorum queue's leader, a classic queue's only node;
     * empty while it has none (an election under way).
     */
    public Optional<PrivateRabbit> leaderOf(String queue) {
        String table = running().rabbitmqctl("list_queues", "--quiet", "--no-table-headers", "name", "leader");
        for (String line : table.split("\n")) {
            String[] columns = line.trim().split("\\s+");
            if (columns.length == 2 && columns[0].equals(queue)) {
                return nodes.stream().filter(node -> node.node().equals(columns[1])).findFirst();
            }
        }
        return Optional.empty();
    }

    /** The cluster's member names that run now, as the cluster sees them. */
    public String status() {
        return running().rabbitmqctl("cluster_status");
    }

    /** Starts any stopped node again and waits for each to run its applications. */
    public void reset() throws IOException {
        for (PrivateRabbit node : nodes) {
            node.reset();
        }
    }

    @Override
    public void close() {
        // in parallel: a graceful stop waits for each node, and the others need not wait for it
        CompletableFuture.allOf(nodes.stream().map(node -> CompletableFuture.runAsync(node::close))
                .toArray(CompletableFuture[]::new)).join();
    }
}
