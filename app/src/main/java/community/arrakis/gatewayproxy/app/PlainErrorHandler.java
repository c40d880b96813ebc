package community.arrakis.gatewayproxy.app;

import picocli.CommandLine;

/**
 * Turns a failure into one plain sentence on stderr and exit code 1. Configuration mistakes
 * ({@link IllegalArgumentException}) and unreachable services are the common cases; the stack trace
 * only helps the developers, so it is printed only with {@code ARRAKIS_DEBUG=1}.
 */
final class PlainErrorHandler implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        commandLine.getErr().println("error: " + describe(ex));
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
}
