package community.arrakis.gatewayproxy.app.cli;

import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Option;

/** Where Redis is and the prefix of every key. */
public final class RedisOptions {

    public static final String DEFAULT_URL = "redis://127.0.0.1:6379";

    @Option(names = "--redis-url", defaultValue = "${env:REDIS_URL:-" + DEFAULT_URL + "}",
            showDefaultValue = Visibility.NEVER,
            description = "Redis URL, redis://[:password@]host:port[/db] (env: REDIS_URL; default " + DEFAULT_URL + ").")
    public String url;

    @Option(names = "--redis-prefix", defaultValue = "${env:ARRAKIS_REDIS_PREFIX:-arrakis:}",
            description = "Prefix of every Redis key (env: ARRAKIS_REDIS_PREFIX; default ${DEFAULT-VALUE}).")
    public String prefix;
}
