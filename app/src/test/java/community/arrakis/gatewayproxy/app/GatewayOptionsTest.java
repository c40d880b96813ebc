package community.arrakis.gatewayproxy.app;

import static org.assertj.core.api.Assertions.assertThat;

import community.arrakis.gatewayproxy.app.cli.GatewayOptions;
import community.arrakis.gatewayproxy.discord.gateway.compression.TransportCompression;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class GatewayOptionsTest {

    @Command(name = "probe")
    static final class Probe implements Runnable {
        @Mixin
        GatewayOptions gateway;

        @Override
        public void run() {
        }
    }

    private static GatewayOptions parse(String... args) {
        Probe probe = new Probe();
        new CommandLine(probe).parseArgs(args);
        return probe.gateway;
    }

    @Test
    void compressionDefaultsToZlibStreamAndTakesTheWireNames() {
        assertThat(parse().compression).isEqualTo(TransportCompression.ZLIB_STREAM);
        assertThat(parse("--compression", "zstd-stream").compression).isEqualTo(TransportCompression.ZSTD_STREAM);
        assertThat(parse("--compression", "none").compression).isEqualTo(TransportCompression.NONE);
    }

    @Test
    void anUnknownCompressionStopsTheCommandWithTheAcceptedValues() {
        PrintStream original = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = Main.execute("ingestor", "--compression", "gzip");
        } finally {
            System.setErr(original);
        }
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("--compression")
                .contains("unknown gateway compression 'gzip'; use one of none, zlib-stream, zstd-stream");
    }
}
