package community.arrakis.gatewayproxy.app.cli;

import java.util.Locale;
import java.util.Map;

/**
 * The one setting that decides how the bot's process runs: {@code ARRAKIS_USE_GATEWAY_PROXY} (or
 * the first implementation's {@code USE_GATEWAY_PROXY}, still accepted), or the flag
 * {@code --use-gateway-proxy}. False: standalone, with its own gateway sessions; true: a worker,
 * with no gateway connection, consuming what an ingestor publishes.
 */
public final class GatewayProxySwitch {

    public static final String VARIABLE = "ARRAKIS_USE_GATEWAY_PROXY";
    public static final String SEED_VARIABLE = "USE_GATEWAY_PROXY";

    /** The mode, and the setting that chose it (for the log line and the status page). */
    public record Choice(boolean useGatewayProxy, String source) {

        public String mode() {
            return useGatewayProxy ? "proxy" : "standalone";
        }

        public String describe() {
            return useGatewayProxy
                    ? "proxy (" + source + "=true): no gateway connection here; consuming what an ingestor publishes"
                    : "standalone (" + source + "=false): own gateway sessions, handlers in this process";
        }
    }

    private GatewayProxySwitch() {
    }

    /**
     * @param flag the {@code --use-gateway-proxy} value, null when not given
     * @throws IllegalArgumentException for a value other than true or false, or the two variables disagreeing
     */
    public static Choice resolve(String flag, Map<String, String> env) {
        if (flag != null) {
            return new Choice(parse("--use-gateway-proxy", flag), "--use-gateway-proxy");
        }
        String current = env.get(VARIABLE);
        String seed = env.get(SEED_VARIABLE);
        if (current != null && !current.isBlank()) {
            boolean value = parse(VARIABLE, current);
            if (seed != null && !seed.isBlank() && parse(SEED_VARIABLE, seed) != value) {
                throw new IllegalArgumentException(VARIABLE + "=" + current.trim() + " and " + SEED_VARIABLE + "="
                        + seed.trim() + " disagree; set one of them");
            }
            return new Choice(value, VARIABLE);
        }
        if (seed != null && !seed.isBlank()) {
            return new Choice(parse(SEED_VARIABLE, seed), SEED_VARIABLE);
        }
        return new Choice(false, VARIABLE + " (unset, default)");
    }

    private static boolean parse(String name, String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(name + " must be true or false, was '" + value.trim() + "'");
        };
    }
}
