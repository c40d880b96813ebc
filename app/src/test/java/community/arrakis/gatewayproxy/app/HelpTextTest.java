package community.arrakis.gatewayproxy.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code --help} is what a user reads first: the command list shows each command's one-line
 * header in full (not a description cut mid-sentence), and each command's own help starts with it.
 */
class HelpTextTest {

    private final CommandLine main = new CommandLine(new Main());

    @Test
    void everyCommandHasAOneLineHeaderThatFitsTheCommandList() {
        Map<String, CommandLine> commands = main.getSubcommands();
        assertThat(commands).containsKeys("ingestor", "worker", "standalone", "simulator", "demo", "topology");
        commands.forEach((name, command) -> {
            String[] header = command.getCommandSpec().usageMessage().header();
            assertThat(header).as(name).hasSize(1);
            assertThat(header[0]).as(name).endsWith(".").hasSizeLessThanOrEqualTo(64);
        });
    }

    @Test
    void theCommandListShowsEveryHeaderWhole() {
        String usage = main.getUsageMessage(CommandLine.Help.Ansi.OFF);
        main.getSubcommands().forEach((name, command) ->
                assertThat(usage).contains("  " + name + " ").contains(command.getCommandSpec().usageMessage().header()[0]));
    }

    @Test
    void eachCommandsHelpStartsWithItsHeaderAndAShortSynopsis() {
        main.getSubcommands().forEach((name, command) -> {
            if (command.getCommand() instanceof CommandLine.HelpCommand) {
                return; // picocli's own
            }
            String[] lines = command.getUsageMessage(CommandLine.Help.Ansi.OFF).split("\\R");
            assertThat(lines[0]).as(name).isEqualTo(command.getCommandSpec().usageMessage().header()[0]);
            assertThat(lines[1]).as(name).startsWith("Usage: arrakis-gateway-proxy " + name).hasSizeLessThanOrEqualTo(80);
        });
    }
}
