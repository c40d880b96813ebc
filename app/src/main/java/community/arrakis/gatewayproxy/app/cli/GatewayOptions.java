package community.arrakis.gatewayproxy.app.cli;

import community.arrakis.gatewayproxy.discord.gateway.ShardOptions;
import picocli.CommandLine.Option;

/** How the gateway sessions are opened: intents and compression. */
public final class GatewayOptions {

    @Option(names = "--intents", defaultValue = "${env:ARRAKIS_INTENTS:-" + ShardOptions.DEFAULT_INTENTS + "}",
            description = "Gateway intents bit set; the default is GUILDS|GUILD_MEMBERS (GUILD_MEMBERS is privileged: "
                    + "enable it for your application) (env: ARRAKIS_INTENTS; default ${DEFAULT-VALUE}).")
    public int intents;

    @Option(names = "--zlib-stream", negatable = true, defaultValue = "${env:ARRAKIS_ZLIB_STREAM:-true}", fallbackValue = "true",
            description = "Ask the gateway for zlib-stream transport compression (env: ARRAKIS_ZLIB_STREAM; default ${DEFAULT-VALUE}).")
    public boolean zlibStream;
}
