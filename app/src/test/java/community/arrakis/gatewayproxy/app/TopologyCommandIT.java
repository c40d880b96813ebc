package community.arrakis.gatewayproxy.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code topology declare} creates exactly the topology of the design, as {@code rabbitmqctl}
 * itself reports it.
 */
class TopologyCommandIT {

    private final String prefix = "it-topocmd-" + UUID.randomUUID().toString().substring(0, 8) + ".";

    @AfterEach
    void deleteTopology() {
        Main.execute("topology", "delete", "--topology-prefix", prefix);
    }

    @Test
    void declareCreatesTheDesignedQueuesWithTheirArguments() throws Exception {
        assertThat(run("topology", "verify", "--topology-prefix", prefix, "--guild-partitions", "2")).isEqualTo(1);
        assertThat(run("topology", "declare", "--topology-prefix", prefix, "--guild-partitions", "2")).isEqualTo(0);
        assertThat(run("topology", "verify", "--topology-prefix", prefix, "--guild-partitions", "2")).isEqualTo(0);

        List<String> queues = rabbitmqctl("list_queues", "-q", "--no-table-headers", "name", "durable", "arguments")
                .lines().filter(line -> line.startsWith(prefix)).sorted().toList();
        assertThat(queues).hasSize(4);
        assertThat(queues.get(0)).startsWith(prefix + "arrakis.dlq\ttrue")
                .contains("{\"x-message-ttl\",604800000}").contains("{\"x-queue-type\",\"classic\"}");
        for (int partition = 0; partition < 2; partition++) {
            assertThat(queues.get(1 + partition)).startsWith(prefix + "arrakis.events.guild.p0" + partition + "\ttrue")
                    .contains("{\"x-single-active-consumer\",true}")
                    .contains("{\"x-dead-letter-exchange\",\"" + prefix + "arrakis.dlx\"}")
                    .contains("{\"x-dead-letter-routing-key\",\"dead\"}");
        }
        assertThat(queues.get(3)).startsWith(prefix + "arrakis.interactions\ttrue")
                .contains("{\"x-max-priority\",10}")
                .contains("{\"x-dead-letter-exchange\",\"" + prefix + "arrakis.dlx\"}");

        List<String> exchanges = rabbitmqctl("list_exchanges", "-q", "--no-table-headers", "name", "type", "durable")
                .lines().filter(line -> line.startsWith(prefix)).sorted().toList();
        assertThat(exchanges).containsExactly(prefix + "arrakis.dlx\tdirect\ttrue", prefix + "arrakis.events\ttopic\ttrue");

        List<String> bindings = rabbitmqctl("list_bindings", "-q", "--no-table-headers", "source_name", "destination_name", "routing_key")
                .lines().filter(line -> line.startsWith(prefix)).sorted().toList();
        assertThat(bindings).containsExactly(
                prefix + "arrakis.dlx\t" + prefix + "arrakis.dlq\tdead",
                prefix + "arrakis.events\t" + prefix + "arrakis.events.guild.p00\tp00.#",
                prefix + "arrakis.events\t" + prefix + "arrakis.events.guild.p01\tp01.#",
                prefix + "arrakis.events\t" + prefix + "arrakis.interactions\tinteraction.#");
    }

    @Test
    void unreachableBrokerIsReportedInOneSentence() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = Main.execute("topology", "verify", "--rabbitmq-url", "amqp://guest:hunter2@127.0.0.1:1");
        } finally {
            System.setErr(original);
        }
        assertThat(code).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith("error: cannot connect to RabbitMQ at amqp://guest:***@127.0.0.1:1")
                .doesNotContain("hunter2")
                .doesNotContain("\tat ");
    }

    private static int run(String... args) {
        return Main.execute(args);
    }

    private static String rabbitmqctl(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("rabbitmqctl"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isZero();
        return output;
    }
}
