package community.arrakis.gatewayproxy.app.cli;

import java.net.URI;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Option;

/** Where Discord's REST API is and the bot token. */
public final class DiscordOptions {

    public static final String DEFAULT_API_URL = "https://discord.com/api/v10";
    /** Where a command takes the bot token from, for messages that ask the user to check it. */
    public static final String TOKEN_SETTING = "--token or the environment variable DISCORD_TOKEN";

    @Option(names = "--discord-api-url", defaultValue = "${env:DISCORD_API_URL:-" + DEFAULT_API_URL + "}",
            description = "Discord REST API base, with the version; point it at a simulator for local runs "
                    + "(env: DISCORD_API_URL; default ${DEFAULT-VALUE}).")
    public URI apiUrl;

    @Option(names = "--token", defaultValue = "${env:DISCORD_TOKEN}", showDefaultValue = Visibility.NEVER,
            description = "The bot token, without the 'Bot ' prefix; never logged (env: DISCORD_TOKEN).")
    public String token;

    /** The token with a {@code Bot } prefix removed, or null when none was given. */
    public String bareToken() {
        if (token == null || token.isBlank()) {
            return null;
        }
        String trimmed = token.trim();
        return trimmed.regionMatches(true, 0, "Bot ", 0, 4) ? trimmed.substring(4).trim() : trimmed;
    }

    public String requireToken(String mode) {
        String bare = bareToken();
        if (bare == null) {
            throw new IllegalArgumentException(mode + " needs the bot token: give it with " + TOKEN_SETTING);
        }
        return bare;
    }
}
