package community.arrakis.gatewayproxy.worker.chaos;

import static org.awaitility.Awaitility.await;

import community.arrakis.gatewayproxy.simulator.rest.RouteFault;
import community.arrakis.gatewayproxy.worker.testing.Pipeline;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** The faults the suite plays; each breaks only what the chaos pipeline's workers depend on. */
final class Faults {

    static final Duration MIN_STALL = Duration.ofMillis(2_500);
    private static final String ROLE_ROUTE = "/guilds/{guild_id}/members/{user_id}/roles/{role_id}";

    private Faults() {
    }

    /** Redis killed (SIGKILL), then started again empty: a restart without persistence, or a failover to a replica that lost writes. */
    static Fault redisRestartedEmpty() {
        return new Fault() {
            public String dependency() {
                return "redis";
            }

            public void inject(ChaosPipeline chaos) throws Exception {
                chaos.redis().kill();
            }

            public void heal(ChaosPipeline chaos) throws Exception {
                chaos.redis().restart();
            }
        };
    }

    /**
     * Redis stops answering ({@code DEBUG SLEEP}) for the outage, at least {@link #MIN_STALL}:
     * connected, but every command waits, past the workers' 2 s command timeout. Healing waits for
     * the stall to end.
     */
    static Fault redisStalled() {
        return new Fault() {
            private Process sleeper;
            private Duration stall;

            /** Past the workers' 2 s command timeout, or the stall is only slowness. */
            public Duration outage(Duration asked) {
                stall = asked.compareTo(MIN_STALL) < 0 ? MIN_STALL : asked;
                return stall;
            }

            public String dependency() {
                return "redis";
            }

            public void inject(ChaosPipeline chaos) throws IOException {
                sleeper = new ProcessBuilder("redis-cli", "-p", Integer.toString(chaos.redis().port()),
                        "DEBUG", "SLEEP", Double.toString(stall.toMillis() / 1000.0))
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            }

            public void heal(ChaosPipeline chaos) throws InterruptedException {
                sleeper.waitFor(stall.plusSeconds(10).toMillis(), TimeUnit.MILLISECONDS);
                await().atMost(Duration.ofSeconds(5)).until(chaos.redis()::answers);
            }
        };
    }

    /** The workers' broker connections cut, and new ones refused, until healed. */
    static Fault brokerConnectionsCut() {
        return new Fault() {
            public String dependency() {
                return "broker";
            }

            public void inject(ChaosPipeline chaos) throws Exception {
                chaos.broker().cut();
            }

            public void heal(ChaosPipeline chaos) throws Exception {
                chaos.broker().restore();
            }
        };
    }

    /**
     * 30 % of interaction callbacks and role calls answered 500 or 502 while it lasts: the workers
     * retry inside each interaction's deadline and stay ready.
     */
    static Fault discordRestErrors() {
        return new Fault() {
            public String dependency() {
                return null;
            }

            public void inject(ChaosPipeline chaos) {
                var faults = chaos.pipeline().simulator().faults();
                for (String route : new String[] {Pipeline.CALLBACK_ROUTE, ROLE_ROUTE}) {
                    String method = route.equals(ROLE_ROUTE) ? "PUT" : "POST";
                    faults.failRoute(new RouteFault(method, route, RouteFault.Kind.SERVER_ERROR, 0.15, Duration.ZERO));
                    faults.failRoute(new RouteFault(method, route, RouteFault.Kind.BAD_GATEWAY, 0.18, Duration.ZERO));
                }
            }

            public void heal(ChaosPipeline chaos) {
                chaos.pipeline().simulator().faults().clearRouteFaults();
            }
        };
    }
}
