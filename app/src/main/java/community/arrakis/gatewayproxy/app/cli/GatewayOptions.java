package community.arrakis.gatewayproxy.app.cli;

import community.arrakis.gatewayproxy.discord.gateway.ShardOptions;
import community.arrakis.gatewayproxy.discord.gateway.compression.TransportCompression;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/** How the gateway sessions are opened: intents and compression. */
public final class GatewayOptions {

    @Option(names = "--intents", defaultValue = "${env:ARRAKIS_INTENTS:-" + ShardOptions.DEFAULT_INTENTS + "}",
            description = "Gateway intents bit set; the default is GUILDS|GUILD_MEMBERS (GUILD_MEMBERS is privileged: "
                    + "enable it for your application) (env: ARRAKIS_INTENTS; default ${DEFAULT-VALUE}).")
    public int intents;

    @Option(names = "--compression", defaultValue = "${env:ARRAKIS_COMPRESSION:-zlib-stream}",
            converter = CompressionConverter.class,
            description = "Gateway transport compression: zlib-stream, zstd-stream or none "
                    + "(env: ARRAKIS_COMPRESSION; default ${DEFAULT-VALUE}).")
    public TransportCompression compression;

    /** Accepts the wire names ({@code zstd-stream}), not the enum's constant names. */
    static final class CompressionConverter implements ITypeConverter<TransportCompression> {
        @Override
        public TransportCompression convert(String value) {
            return TransportCompression.parse(value);
        }
    }
}
