package community.arrakis.gatewayproxy.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import community.arrakis.gatewayproxy.app.Main;
import community.arrakis.gatewayproxy.testkit.SharedServices;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The README's first command: {@code demo}, in each mode, says which mode it ran and exits 0. */
class DemoIT {

    private record Run(int exitCode, String output) {
    }

    private static Run demo(String... args) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            String[] all = new String[args.length + 1];
            all[0] = "demo";
            System.arraycopy(args, 0, all, 1, args.length);
            int code = Main.execute(all);
            return new Run(code, buffer.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(original);
        }
    }

    @Test
    void withNoBrokerListeningItRunsStandaloneSaysWhyAndHandlesEverything() {
        Run run = demo("--rabbitmq-url", "amqp://guest:guest@127.0.0.1:1", "--commands", "8", "--joins", "3");
        assertThat(run.output())
                .contains("mode: STANDALONE")
                .contains("RabbitMQ at amqp://guest:***@127.0.0.1:1 does not answer")
                .contains("11 of 11 events handled")
                .contains("latency, dispatch sent → bot's REST call received (11 events)")
                .doesNotContain("NOT HANDLED");
        assertThat(run.exitCode()).as(run.output()).isZero();
    }

    @Test
    void withRabbitMqAndRedisUpItRunsTheFullProxyPath() {
        Run run = demo("--rabbitmq-url", SharedServices.AMQP_URL, "--redis-url", SharedServices.REDIS_URL,
                "--commands", "8", "--joins", "3");
        assertThat(run.output())
                .contains("mode: PROXY")
                .contains("11 of 11 events handled")
                .doesNotContain("NOT HANDLED");
        assertThat(run.exitCode()).as(run.output()).isZero();
    }

    @Test
    void proxyModeAskedForWithoutABrokerFailsInOneSentence() {
        Run run = demo("--mode", "PROXY", "--rabbitmq-url", "amqp://guest:guest@127.0.0.1:1", "--commands", "1", "--joins", "0");
        assertThat(run.exitCode()).isEqualTo(1);
    }
}
