package community.arrakis.gatewayproxy.app;

import community.arrakis.gatewayproxy.app.cli.DiscordOptions;
import community.arrakis.gatewayproxy.common.Redaction;
import community.arrakis.gatewayproxy.discord.rest.BotTokenRejectedException;
import picocli.CommandLine;

/**
 * Turns a failure into one plain sentence on stderr and exit code 1. Configuration mistakes
 * ({@link IllegalArgumentException}) and unreachable services are the common cases; the stack trace
 * only helps the developers, so it is printed only with {@code ARRAKIS_DEBUG=1}. A bot token Discord
 * refused is the most common first-run mistake, so the sentence then names the setting to check.
 */
final class PlainErrorHandler implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        // redacted again: a library's message may quote a URL with its password
        commandLine.getErr().println("error: " + Redaction.redact(describe(ex)) + tokenHint(ex, commandLine.getCommandSpec()));
        if ("1".equals(System.getenv("ARRAKIS_DEBUG"))) {
            ex.printStackTrace(commandLine.getErr());
        }
        return 1;
    }

    static String describe(Throwable ex) {
        StringBuilder message = new StringBuilder(ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage());
        Throwable cause = ex.getCause();
        while (cause != null && cause != ex) {
            if (cause.getMessage() != null && !message.toString().contains(cause.getMessage())) {
                message.append(": ").append(cause.getMessage());
            }
            ex = cause;
            cause = cause.getCause();
        }
        return message.toString();
    }

    /** Where the refused token came from, when the command took it from the user (the demo makes its own). */
    static String tokenHint(Throwable ex, CommandLine.Model.CommandSpec command) {
        boolean takesToken = command.mixins().values().stream().anyMatch(m -> m.userObject() instanceof DiscordOptions);
        return takesToken && causedBy(ex, BotTokenRejectedException.class)
                ? "; check the token given with " + DiscordOptions.TOKEN_SETTING
                + " (the bare token from the Bot page of the Discord developer portal)"
                : "";
    }

    private static boolean causedBy(Throwable ex, Class<? extends Throwable> type) {
        for (Throwable t = ex; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
