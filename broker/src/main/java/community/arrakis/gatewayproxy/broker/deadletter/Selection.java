package community.arrakis.gatewayproxy.broker.deadletter;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import community.arrakis.gatewayproxy.broker.ConfirmingPublisher;
import community.arrakis.gatewayproxy.broker.DeadLetterHeaders;
import community.arrakis.gatewayproxy.envelope.Envelope;
import community.arrakis.gatewayproxy.envelope.EnvelopeCodec;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

/**
 * The dead letters one command read, held unacknowledged until {@link #close}, and the ones of
 * them it chose. At most one of {@link #replay} and {@link #remove} runs, once; {@link #close}
 * then gives everything else back to the queue, in place (see {@link DeadLetterQueue}).
 *
 * <pre>
 * HOLDING  after select: everything read is held; nothing has changed on the broker
 * SETTLED  after replay or remove: the chosen ones that were replayed or removed are acknowledged
 * CLOSED   the channel is closed: whatever was not acknowledged is back in the queue
 * </pre>
 */
public final class Selection implements AutoCloseable {

    /** How many replays are published before waiting for the broker's confirms of them all. */
    static final int REPLAY_BATCH = 100;
    static final long CONFIRM_TIMEOUT_MS = 10_000;
    /** How long {@link #close} waits at most for the queue to count what it gave back, plus {@link #REQUEUE_WAIT_EACH} each. */
    static final Duration REQUEUE_WAIT = Duration.ofSeconds(30);
    static final Duration REQUEUE_WAIT_EACH = Duration.ofMillis(10);

    private enum State { HOLDING, SETTLED, CLOSED }

    /** A dead letter read and not acknowledged: its tag acknowledges it on {@link #channel}. */
    record Held(long tag, DeadLetter letter) {
    }

    private final DeadLetterQueue queue;
    private final Channel channel;
    private final Instant readAt;
    private final int examined;
    private final int matched;
    private final List<Held> selected;
    private final Map<String, Integer> matchedByReason;
    private State state = State.HOLDING;
    /** How many of the messages read were acknowledged (replayed or removed). */
    private int acknowledged;

    Selection(DeadLetterQueue queue, Channel channel, Instant readAt, int examined, int matched, List<Held> selected,
              Map<String, Integer> matchedByReason) {
        this.queue = queue;
        this.channel = channel;
        this.readAt = readAt;
        this.examined = examined;
        this.matched = matched;
        this.selected = List.copyOf(selected);
        this.matchedByReason = Collections.unmodifiableMap(new LinkedHashMap<>(matchedByReason));
    }

    public String queue() {
        return queue.name();
    }

    /** Where a replay publishes. */
    /** Where a replay sends {@code letter}: {@link DeadLetter#replayRoutingKey} with this topology's partitions. */
    public Optional<String> replayRoutingKey(DeadLetter letter) {
        return letter.replayRoutingKey(queue.guildPartitions());
    }

    public String eventsExchange() {
        return queue.eventsExchange();
    }

    /** The moment ages were computed against. */
    public Instant readAt() {
        return readAt;
    }

    /** How many messages were read: the queue's length when the command began. */
    public int examined() {
        return examined;
    }

    /** How many of them match the filter; more than {@link #selected()} holds when a limit cut it. */
    public int matched() {
        return matched;
    }

    /** The matching dead letters kept, in queue order, at most the limit. */
    public List<DeadLetter> selected() {
        return selected.stream().map(Held::letter).toList();
    }

    /** Every matching dead letter counted by reason, most frequent first. */
    public Map<String, Integer> matchedByReason() {
        Map<String, Integer> sorted = new LinkedHashMap<>();
        matchedByReason.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .forEach(entry -> sorted.put(entry.getKey(), entry.getValue()));
        return sorted;
    }

    /**
     * Removes the selected dead letters from the queue.
     *
     * @return how many were removed
     */
    public int remove() throws IOException {
        settle();
        for (Held held : selected) {
            channel.basicAck(held.tag(), false);
            acknowledged++;
        }
        return selected.size();
    }

    /**
     * Publishes each selected envelope again to the events exchange, to its routing key under the
     * current topology ({@link #replayRoutingKey}: a guild event to its guild's partition), marked {@value DeadLetterHeaders#REPLAYS}, and removes it
     * from the dead-letter queue only once the broker has confirmed it and a queue took it. Dead
     * letters whose body is not an envelope, and replays no queue would take, stay.
     *
     * @throws QueueNotFoundException when the events exchange does not exist (nothing is replayed)
     */
    public ReplayResult replay() throws IOException {
        settle();
        requireExchange(queue.eventsExchange());
        List<DeadLetter> replayed = new ArrayList<>();
        List<ReplayResult.Left> left = new ArrayList<>();
        Channel publisher = queue.connection().createChannel();
        try {
            publisher.confirmSelect();
            Set<String> returned = ConcurrentHashMap.newKeySet();
            // A mandatory message no queue takes comes back before its confirm, on the same thread.
            publisher.addReturnListener(r -> returned.add(key(r.getProperties().getMessageId(), r.getRoutingKey())));
            long now = queue.clock().millis();
            for (int from = 0; from < selected.size(); from += REPLAY_BATCH) {
                List<Held> batch = selected.subList(from, Math.min(selected.size(), from + REPLAY_BATCH));
                List<Held> sent = new ArrayList<>();
                for (Held held : batch) {
                    Optional<String> routingKey = replayRoutingKey(held.letter());
                    if (routingKey.isEmpty()) {
                        left.add(new ReplayResult.Left(held.letter(), "not an envelope ("
                                + held.letter().notAnEnvelope().orElse("unreadable") + "): a worker would dead-letter it again"));
                        continue;
                    }
                    publisher.basicPublish(queue.eventsExchange(), routingKey.get(), true,
                            replayProperties(held.letter(), now), held.letter().body());
                    sent.add(held);
                }
                Optional<String> failure = awaitConfirms(publisher);
                if (failure.isPresent()) {
                    for (Held held : sent) {
                        left.add(new ReplayResult.Left(held.letter(), "may have been replayed: " + failure.get()));
                    }
                    for (Held held : selected.subList(from + batch.size(), selected.size())) {
                        left.add(new ReplayResult.Left(held.letter(), "not tried: the replay stopped"));
                    }
                    return new ReplayResult(replayed, left, failure);
                }
                for (Held held : sent) {
                    String routingKey = replayRoutingKey(held.letter()).orElseThrow();
                    if (returned.contains(key(held.letter().eventId().orElse(null), routingKey))) {
                        left.add(new ReplayResult.Left(held.letter(), "no queue is bound to routing key " + routingKey
                                + " on " + queue.eventsExchange() + " (the topology is missing a binding)"));
                    } else {
                        channel.basicAck(held.tag(), false);
                        acknowledged++;
                        replayed.add(held.letter());
                    }
                }
            }
            return new ReplayResult(replayed, left, Optional.empty());
        } finally {
            DeadLetterQueue.closeQuietly(publisher);
        }
    }

    /**
     * Gives back to the queue, in place, every message read and not acknowledged, and returns once
     * the queue counts them again (or after {@link #REQUEUE_WAIT} and a little more for each).
     * RabbitMQ requeues a closed channel's messages after answering the close, and after
     * acknowledgements among them that takes a while (1.5 s for 3,000 requeued among 3,000
     * acknowledged, 18 s for 5,000 among 5,000, measured on RabbitMQ 3.10): a command run right
     * after would otherwise find them missing. Nothing depends on the wait but what the next command
     * sees; the messages are the queue's either way.
     */
    @Override
    public void close() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        boolean wasOpen = channel.isOpen();
        DeadLetterQueue.closeQuietly(channel);
        if (wasOpen) {
            int givenBack = examined - acknowledged;
            queue.awaitReady(givenBack, REQUEUE_WAIT.plus(REQUEUE_WAIT_EACH.multipliedBy(givenBack)));
        }
    }

    private void settle() {
        if (state != State.HOLDING) {
            throw new IllegalStateException("this selection was " + state.name().toLowerCase() + " already");
        }
        state = State.SETTLED;
    }

    private Optional<String> awaitConfirms(Channel publisher) throws IOException {
        try {
            return publisher.waitForConfirms(CONFIRM_TIMEOUT_MS) ? Optional.empty()
                    : Optional.of("the broker refused (nacked) a replayed message");
        } catch (TimeoutException e) {
            return Optional.of("the broker did not confirm the replayed messages within " + CONFIRM_TIMEOUT_MS + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while waiting for the broker's confirms");
        }
    }

    private void requireExchange(String exchange) throws IOException {
        Channel check = queue.connection().createChannel();
        try {
            check.exchangeDeclarePassive(exchange);
        } catch (IOException e) {
            if (DeadLetterQueue.isNotFound(e)) {
                throw new QueueNotFoundException("exchange", exchange);
            }
            throw e;
        } finally {
            DeadLetterQueue.closeQuietly(check);
        }
    }

    /**
     * The dead letter's properties as the ingestor would have published it, and its headers but
     * those about its death, plus the replay mark and count.
     */
    static AMQP.BasicProperties replayProperties(DeadLetter letter, long nowMillis) {
        Envelope envelope = letter.envelope().orElseThrow();
        Map<String, Object> headers = new HashMap<>(letter.headers());
        DeadLetterHeaders.ABOUT_THE_DEATH.forEach(headers::remove);
        headers.put(DeadLetterHeaders.REPLAYS, letter.replays() + 1);
        headers.put(DeadLetterHeaders.REPLAYED_AT, nowMillis);
        boolean deferred = Boolean.TRUE.equals(headers.get(ConfirmingPublisher.DEFERRED_HEADER));
        int priority = letter.priority().orElse(deferred ? ConfirmingPublisher.DEFERRED_PRIORITY : envelope.priority());
        return new AMQP.BasicProperties.Builder()
                .contentType(letter.contentType().orElse(EnvelopeCodec.CONTENT_TYPE))
                .deliveryMode(2)
                .priority(priority)
                .messageId(envelope.eventId())
                .type(envelope.eventType())
                .headers(headers)
                .build();
    }

    private static String key(String messageId, String routingKey) {
        return messageId + "\n" + routingKey;
    }
}
