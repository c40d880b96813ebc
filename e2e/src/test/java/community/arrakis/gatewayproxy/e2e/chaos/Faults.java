package community.arrakis.gatewayproxy.e2e.chaos;

import static org.awaitility.Awaitility.await;

import community.arrakis.gatewayproxy.simulator.rest.RouteFault;
import community.arrakis.gatewayproxy.e2e.fixture.Pipeline;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * The faults the suite plays; each breaks only what the chaos pipeline's workers depend on, or, for
 * the broker's own faults, the pipeline's private RabbitMQ node.
 */
final class Faults {

    static final Duration MIN_STALL = Duration.ofMillis(2_500);
    /** What RabbitMQ logs when it accepts AMQP connections again. */
    private static final String LISTENER_STARTED = "started TCP listener";
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
     * RabbitMQ's application stopped ({@code rabbitmqctl stop_app}: every client connection closed
     * by the broker, the Erlang node still up) and started again ({@code start_app}).
     */
    static Fault brokerAppRestarted() {
        return new PrivateBrokerFault(LISTENER_STARTED) {
            public void inject(ChaosPipeline chaos) {
                chaos.rabbit().stopApp();
            }

            public void heal(ChaosPipeline chaos) {
                chaos.rabbit().startApp();
            }
        };
    }

    /**
     * The whole node stopped ({@code rabbitmqctl stop}, as a service stop) and started again on the
     * same ports and data: durable queues and persistent messages come back with it. Healed when
     * the node answers again.
     */
    static Fault brokerNodeRestarted() {
        return new PrivateBrokerFault(LISTENER_STARTED) {
            public void inject(ChaosPipeline chaos) throws InterruptedException {
                chaos.rabbit().stopNode();
            }

            public void heal(ChaosPipeline chaos) throws IOException {
                chaos.rabbit().startNode();
            }
        };
    }

    /**
     * A memory alarm (watermark 0.00001 of the machine's memory, then 0.4 again): RabbitMQ blocks
     * the connections that publish, the ingestor's. It holds events meanwhile and its readiness
     * says the broker is not writable; the workers go on consuming what is queued.
     */
    static Fault brokerMemoryAlarm() {
        return new PrivateBrokerFault("memory resource limit alarm cleared") {
            public void inject(ChaosPipeline chaos) {
                chaos.rabbit().memoryAlarm(true);
                await().atMost(Duration.ofSeconds(10)).until(chaos.rabbit()::memoryAlarmed);
            }

            public void heal(ChaosPipeline chaos) {
                chaos.rabbit().memoryAlarm(false);
            }
        };
    }

    /**
     * Failover: the RabbitMQ node holding the interactions queue's leader (and, declared on the
     * same connection, the other queues' leaders) stopped ({@code rabbitmqctl stop}), then started
     * again. The quorum queues elect leaders on the two nodes left; the clients connected to the
     * lost node recover to another one of their URL's list.
     */
    static Fault clusterLeaderNodeStopped() {
        return new Fault() {
            private community.arrakis.gatewayproxy.testkit.PrivateRabbit stopped;

            public String dependency() {
                return null; // a cluster that lost one node of three is still there: no readiness is owed
            }

            public void inject(ChaosPipeline chaos) throws InterruptedException {
                String queue = chaos.pipeline().topology().interactionsQueue();
                stopped = chaos.cluster().leaderOf(queue)
                        .orElseThrow(() -> new IllegalStateException("no leader for " + queue + ":\n" + chaos.cluster().status()));
                System.out.println("  stopping " + stopped.node() + ", leader of " + queue);
                stopped.stopNode();
            }

            public void heal(ChaosPipeline chaos) throws IOException {
                stopped.startNode();
            }
        };
    }

    /**
     * Failover: the Redis master killed (SIGKILL); the sentinels take it for down after a second
     * and promote the replica, which the clients find through them. Healing waits for the
     * promotion, then starts the old master again, which the sentinels make a replica.
     */
    static Fault redisMasterKilled() {
        return new Fault() {
            private int killed;
            private int oldPort;

            public String dependency() {
                return null; // whether a worker's check catches the 2 s window is luck; the outcome is what counts
            }

            public void inject(ChaosPipeline chaos) throws InterruptedException {
                oldPort = chaos.sentinel().masterPort();
                killed = chaos.sentinel().killMaster();
            }

            public void heal(ChaosPipeline chaos) throws IOException {
                chaos.sentinel().awaitFailover(oldPort, Duration.ofSeconds(30));
                chaos.sentinel().restart(killed);
            }
        };
    }

    /**
     * A fault of the broker itself, played on the scenario's own node. The node's log says when it
     * was back: {@code rabbitmqctl} returns a moment later (it waits for the node, then stops its
     * own Erlang VM).
     */
    private abstract static class PrivateBrokerFault implements Fault {

        private final String backLine;

        /** @param backLine what the node logs when it is back (the line's own time is taken) */
        PrivateBrokerFault(String backLine) {
            this.backLine = backLine;
        }

        @Override
        public Instant backAt(ChaosPipeline chaos, Instant healStarted, Instant healReturned) {
            // The node's log reaches its file a moment after it is written.
            return await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                    .until(() -> chaos.rabbit().logged(backLine, healStarted), java.util.Optional::isPresent)
                    .orElseThrow();
        }

        @Override
        public String dependency() {
            return "broker";
        }

        @Override
        public boolean needsPrivateBroker() {
            return true;
        }
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
