package community.arrakis.gatewayproxy.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code dlq list|show|replay|purge}: the dead-letter queue, for the engineer on call. */
@Command(name = "dlq", mixinStandardHelpOptions = true, abbreviateSynopsis = true,
        header = "Inspect the dead-letter queue, replay or purge what it holds.",
        description = {"Inspect the dead-letter queue (<prefix>arrakis.dlq), replay what can run again, purge the rest.",
                "Reading it changes nothing: every message is read without an acknowledgement and given back in place.",
                "list:    one line per dead letter and a count by reason (--json for scripts)",
                "show:    one dead letter's headers and envelope, secrets redacted",
                "replay:  publish the chosen envelopes again to their routing key, marked as replays (--dry-run)",
                "purge:   remove the chosen dead letters, after a typed confirmation or --yes",
                "Choose with --reason, --event-type, --guild, --older-than, --newer-than, --event-id."},
        subcommands = {DlqListCommand.class, DlqShowCommand.class, DlqReplayCommand.class, DlqPurgeCommand.class})
public final class DlqCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "dlq needs a command: list, show, replay or purge");
    }
}
