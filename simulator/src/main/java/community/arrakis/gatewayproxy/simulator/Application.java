package community.arrakis.gatewayproxy.simulator;

import java.util.List;
import java.util.Optional;

/** The bot's application: its id is the {@code application_id} of interactions and follow-up webhooks. */
public record Application(String id, String name, long flags, List<Command> commands) {
    public Application {
        commands = List.copyOf(commands);
    }

    public Optional<Command> command(String name) {
        return commands.stream().filter(c -> c.name().equals(name)).findFirst();
    }
}
