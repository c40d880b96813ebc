package community.arrakis.gatewayproxy.app;

import community.arrakis.gatewayproxy.app.cli.BotCommand;
import community.arrakis.gatewayproxy.app.cli.CanaryCommand;
import community.arrakis.gatewayproxy.app.cli.DemoCommand;
import community.arrakis.gatewayproxy.app.cli.ShadowReportCommand;
import community.arrakis.gatewayproxy.app.cli.DlqCommand;
import community.arrakis.gatewayproxy.app.cli.IngestorCommand;
import community.arrakis.gatewayproxy.app.cli.SimulatorCommand;
import community.arrakis.gatewayproxy.app.cli.StandaloneCommand;
import community.arrakis.gatewayproxy.app.cli.TopologyCommand;
import community.arrakis.gatewayproxy.app.cli.WorkerCommand;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The one entry point of the jar: {@code java -jar arrakis-gateway-proxy.jar <mode> [options]}. */
@Command(name = "arrakis-gateway-proxy",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = {
                "Arrakis Gateway Proxy: a Discord bot split in two, joined by RabbitMQ.",
                "The ingestor holds the gateway sessions and publishes every event; stateless workers run the handlers.",
                "Every option can also be set through the environment variable named in its description."},
        subcommands = {
                IngestorCommand.class,
                WorkerCommand.class,
                StandaloneCommand.class,
                BotCommand.class,
                SimulatorCommand.class,
                DemoCommand.class,
                TopologyCommand.class,
                DlqCommand.class,
                CanaryCommand.class,
                ShadowReportCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs a command line and returns its exit code; used by {@link #main} and by tests. */
    public static int execute(String... args) {
        return execute(null, null, args);
    }

    /** As {@link #execute(String...)}, writing to {@code out} and {@code err} (null: standard output, error). */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setExecutionExceptionHandler(new PlainErrorHandler());
        if (out != null) {
            commandLine.setOut(out);
        }
        if (err != null) {
            commandLine.setErr(err);
        }
        return commandLine.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
