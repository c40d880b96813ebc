package community.arrakis.gatewayproxy.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
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
    void everyCommandListShowsEveryHeaderWhole() {
        for (CommandLine parent : withSubcommands(main)) {
            String usage = parent.getUsageMessage(CommandLine.Help.Ansi.OFF);
            parent.getSubcommands().forEach((name, command) -> {
                String[] header = command.getCommandSpec().usageMessage().header();
                assertThat(header).as(parent.getCommandName() + " " + name).hasSize(1);
                assertThat(usage).contains("  " + name + " ").contains(header[0]);
            });
        }
    }

    @Test
    void eachCommandsHelpStartsWithItsHeaderAndAShortSynopsis() {
        for (CommandLine parent : withSubcommands(main)) {
            parent.getSubcommands().forEach((name, command) -> {
                if (command.getCommand() instanceof CommandLine.HelpCommand) {
                    return; // picocli's own
                }
                String[] lines = command.getUsageMessage(CommandLine.Help.Ansi.OFF).split("\\R");
                assertThat(lines[0]).as(name).isEqualTo(command.getCommandSpec().usageMessage().header()[0]);
                assertThat(lines[1]).as(name).startsWith("Usage: " + command.getCommandSpec().qualifiedName())
                        .hasSizeLessThanOrEqualTo(80);
            });
        }
    }

    /** {@code command} and every command below it that has subcommands of its own. */
    private static List<CommandLine> withSubcommands(CommandLine command) {
        List<CommandLine> all = new ArrayList<>();
        if (!command.getSubcommands().isEmpty()) {
            all.add(command);
            command.getSubcommands().values().forEach(sub -> all.addAll(withSubcommands(sub)));
        }
        return all;
    }
}
