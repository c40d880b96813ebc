package community.arrakis.gatewayproxy.broker;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * How many messages wait in each queue and how many consumers take them, from the broker's answer
 * to a passive {@code queue.declare} (which creates nothing, and needs no management plugin), for
 * the status page.
 *
 * <p>Read when asked, on a connection the process already has, and only when the last reading is
 * older than the caller accepts. The broker may not answer soon, or at all: a connection RabbitMQ
 * blocked for a memory alarm is not read from, and the client waits up to its RPC timeout (ten
 * minutes). So each reading runs on a virtual thread of its own, at most one at a time, and the
 * caller waits only {@code maxWait} for it, then takes the last reading there is, whose
 * {@link Reading#at()} says how old it is.
 */
public final class QueueDepths {

    /** A status page reads the depths at most this often, however many people look. */
    public static final Duration PAGE_MAX_AGE = Duration.ofSeconds(2);
    /** How long a status page waits for the broker to describe the queues before showing the last figures. */
    public static final Duration PAGE_MAX_WAIT = Duration.ofMillis(500);

    /** One queue: ready messages (not those delivered and unacknowledged) and consumers. */
    public record Depth(String queue, long messages, long consumers) {
    }

    /**
     * @param at      when the broker answered
     * @param depths  the queues it described, by name
     * @param problem what kept it from describing the others (a queue that does not exist, no
     *                connection), or null
     */
    public record Reading(Instant at, Map<String, Depth> depths, String problem) {
        public Reading {
            depths = Map.copyOf(depths);
        }

        public Optional<Depth> of(String queue) {
            return Optional.ofNullable(depths.get(queue));
        }
    }

    private final Connection connection;
    private final List<String> queues;
    private final Clock clock;
    private final Object lock = new Object();
    private Reading last;
    private CompletableFuture<Reading> inFlight;

    public QueueDepths(Connection connection, List<String> queues, Clock clock) {
        this.connection = connection;
        this.queues = List.copyOf(queues);
        this.clock = clock;
    }

    /**
     * The last reading if it is at most {@code maxAge} old; otherwise reads again, waiting at most
     * {@code maxWait} for the broker, and returns the newest reading there is then (possibly an
     * older one, or none before the broker first answered).
     */
    public Optional<Reading> read(Duration maxAge, Duration maxWait) {
        CompletableFuture<Reading> pending;
        synchronized (lock) {
            if (last != null && !last.at().plus(maxAge).isBefore(clock.instant())) {
                return Optional.of(last);
            }
            if (inFlight == null) {
                CompletableFuture<Reading> reading = new CompletableFuture<>();
                inFlight = reading;
                Thread.ofVirtual().name("queue-depths").start(() -> {
                    Reading done = readNow();
                    synchronized (lock) {
                        last = done;
                        inFlight = null;
                    }
                    reading.complete(done);
                });
            }
            pending = inFlight;
        }
        try {
            pending.get(maxWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // the broker is slow: take what there is
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (lock) {
            return Optional.ofNullable(last);
        }
    }

    /** One passive declare per queue on a channel of its own; a queue that does not exist closes it, so a new one follows. */
    private Reading readNow() {
        Map<String, Depth> depths = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        if (!connection.isOpen()) {
            return new Reading(clock.instant(), depths, "no connection to RabbitMQ");
        }
        Channel channel = null;
        try {
            for (String queue : queues) {
                if (channel == null || !channel.isOpen()) {
                    channel = connection.createChannel();
                    if (channel == null) {
                        problems.add("no channel left on the connection");
                        break;
                    }
                }
                try {
                    AMQP.Queue.DeclareOk ok = channel.queueDeclarePassive(queue);
                    depths.put(queue, new Depth(queue, ok.getMessageCount(), ok.getConsumerCount()));
                } catch (IOException e) {
                    problems.add(queue + ": " + describe(e));
                }
            }
        } catch (IOException | RuntimeException e) {
            problems.add(describe(e));
        } finally {
            closeQuietly(channel);
        }
        return new Reading(clock.instant(), depths, problems.isEmpty() ? null : String.join("; ", problems));
    }

    /** The broker's reply text ({@code NOT_FOUND - no queue 'x' in vhost '/'}) rather than the client's long form. */
    private static String describe(Exception e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ShutdownSignalException signal) {
                if (signal.getReason() instanceof AMQP.Channel.Close close) {
                    return close.getReplyText();
                }
                if (signal.getReason() instanceof AMQP.Connection.Close close) {
                    return close.getReplyText();
                }
            }
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static void closeQuietly(Channel channel) {
        if (channel == null || !channel.isOpen()) {
            return;
        }
        try {
            channel.close();
        } catch (IOException | TimeoutException | RuntimeException e) {
            // the channel goes with the connection anyway
        }
    }
}
