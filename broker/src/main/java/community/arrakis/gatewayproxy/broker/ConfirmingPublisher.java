package community.arrakis.gatewayproxy.broker;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.BlockedListener;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import com.rabbitmq.client.ShutdownSignalException;
import community.arrakis.gatewayproxy.envelope.Envelope;
import community.arrakis.gatewayproxy.envelope.EnvelopeCodec;
import community.arrakis.gatewayproxy.envelope.topology.Topology;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes messages on one channel of its own, with publisher confirms, and never lets one go
 * without either a broker confirm or a failed future the caller sees.
 *
 * <p>Each message is persistent, {@code mandatory}, and waits in one of two places until the broker
 * confirms it: <em>unconfirmed</em> (sent, keyed by the channel's delivery tag) or <em>held</em>
 * (not sent, because the channel is down, in arrival order). A worked example:
 *
 * <pre>
 * publish A, B, C          unconfirmed {1:A, 2:B, 3:C}                 held []
 * ack 2, multiple=true     A and B confirmed; unconfirmed {3:C}
 * connection lost          C may or may not be stored; publish D, E →   held [D, E]
 * connection recovered     tags restart at 1; C is sent again first, marked
 *                          x-arrakis-republished, then D, E:  unconfirmed {1:C, 2:D, 3:E}
 * nack 2                   D is sent again (tag 4) 100 ms later, marked republished
 * return for E, then ack 3 E reached no queue: its future fails with UnroutableMessageException
 * </pre>
 *
 * <p>Order: messages go out in the order {@link #publish} was called; after a loss, what was
 * unconfirmed goes out again before anything held, so each shard's order is kept, whether the
 * publisher serves one shard or all the shards of a process (as the ingestor's does). A nacked
 * message is the exception: it is resent after whatever was sent after it (nacks mean an internal
 * broker error and are rare). A republished message keeps its {@code message_id}, so consumers
 * recognise a possible duplicate.
 *
 * <p>A publish never waits for the broker. When RabbitMQ blocks the connection (a memory or disk
 * alarm: {@code connection.blocked}), a socket write would hang until the alarm clears, and with it
 * the thread reading the gateway; so from then on messages are held, as during a channel loss, and
 * sent in order when the broker unblocks the connection.
 *
 * <p>Threads: {@link #publish} may be called from any thread and never waits for another: sending
 * is serialised by a lock, because a channel must not be used for publishing by two threads at
 * once, but a publish that finds the lock taken (a resend of thousands of messages after a
 * recovery, say) only queues its message; whichever thread holds the lock sends or holds the queue
 * in order before letting go. The thread reading the gateway, shared by many shards, is never held
 * up by a recovery. Confirms and returns arrive on RabbitMQ's connection thread; nacks and channel
 * re-opening are handed to a worker thread, since publishing from the connection thread could block
 * it while the broker applies flow control.
 */
public final class ConfirmingPublisher implements AutoCloseable {

    public static final String REPUBLISHED_HEADER = "x-arrakis-republished";
    /**
     * Carried by an interaction the ingestor deferred itself (it answered Discord with a deferred
     * response while the broker could not take the event in time): the worker finishes that
     * loading state instead of sending a first answer, for up to 15 minutes.
     */
    public static final String DEFERRED_HEADER = "x-arrakis-deferred";
    /**
     * The priority of a deferred interaction, below every other interaction's: it has 15 minutes,
     * a fresh one 3 seconds, so after an outage the fresh ones overtake the backlog of deferred ones.
     */
    public static final int DEFERRED_PRIORITY = 1;
    private static final int PERSISTENT = 2;
    private static final Duration NACK_RESEND_DELAY = Duration.ofMillis(100);

    private static final Logger log = LoggerFactory.getLogger(ConfirmingPublisher.class);

    private final Connection connection;
    private final Topology topology;
    private final String name;
    private final PublisherListener listener;
    private final EnvelopeCodec codec = new EnvelopeCodec();
    private final ReentrantLock sending = new ReentrantLock();
    private final ConcurrentSkipListMap<Long, Pending> unconfirmed = new ConcurrentSkipListMap<>();
    /** Guarded by {@link #sending}. */
    private final ArrayDeque<Pending> held = new ArrayDeque<>();
    /** Published, not yet seen by the lock holder; drained in order by whoever holds {@link #sending}. */
    private final ConcurrentLinkedQueue<Pending> incoming = new ConcurrentLinkedQueue<>();
    private final AtomicInteger buffered = new AtomicInteger();
    private final ExecutorService worker;
    private volatile Channel channel;
    /** False from a channel loss until everything unconfirmed and held is sent again. */
    private volatile boolean writable;
    private volatile boolean closed;
    /** The broker said connection.blocked and has not said connection.unblocked yet. */
    private volatile boolean blocked;
    private final BlockedListener blockedListener;

    /**
     * @param name     shown in logs, e.g. {@code shard-3}
     * @param listener told about returns, republishes and channel losses
     */
    public ConfirmingPublisher(Connection connection, Topology topology, String name, PublisherListener listener)
            throws IOException {
        this.connection = connection;
        this.topology = topology;
        this.name = name;
        this.listener = listener;
        this.worker = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("publisher-" + name).factory());
        this.channel = openChannel();
        this.writable = true;
        this.blockedListener = connection.addBlockedListener(this::connectionBlocked,
                () -> worker.execute(this::connectionUnblocked));
    }

    /**
     * Publishes an envelope to the events exchange, routing key = its event type.
     *
     * @return completes when the broker has confirmed the message; fails with
     *         {@link UnroutableMessageException} when no queue took it, or with
     *         {@link PublisherClosedException} when this publisher closed first
     */
    public CompletableFuture<Void> publish(Envelope envelope) {
        // No headers and no timestamp: the body has the schema version, trace id and receivedAt, and
        // every hop would pay for them again in broker CPU (scripts/bench/broker-shape-cost.sh measures
        // each part of the message's shape; docs/benchmarks.md has the figures).
        // The benchmarks' PerfTestRun.ingestorShape publishes these same properties: keep the two alike.
        return publish(topology.eventsExchange(), envelope.eventType(), envelopeProperties(envelope),
                codec.encode(envelope), envelope.shardId());
    }

    private static AMQP.BasicProperties envelopeProperties(Envelope envelope) {
        return new AMQP.BasicProperties.Builder()
                .contentType(EnvelopeCodec.CONTENT_TYPE)
                .deliveryMode(PERSISTENT)
                .priority(envelope.priority())
                .messageId(envelope.eventId())
                .type(envelope.eventType())
                .build();
    }

    /** What {@link #markDeferred} found. */
    public enum DeferMark {
        /** Not sent yet (held, or queued): every copy that goes out carries the header. */
        BEFORE_SENDING,
        /** Sent already without it: that copy may reach a worker unmarked (resends will carry it). */
        AFTER_SENDING,
        /** Confirmed meanwhile: the copy a worker gets is unmarked. */
        CONFIRMED
    }

    /**
     * Marks a message not yet confirmed as {@value #DEFERRED_HEADER}: every copy sent from now on
     * (a resend after a connection loss, or the first send of a held message) carries the header.
     */
    public DeferMark markDeferred(String messageId) {
        sending.lock();
        try {
            DeferMark found = DeferMark.CONFIRMED;
            for (Pending pending : unconfirmed.values()) {
                if (messageId.equals(pending.messageId()) && !pending.future.isDone()) {
                    pending.deferred = true;
                    found = DeferMark.AFTER_SENDING;
                }
            }
            for (Iterable<Pending> place : List.<Iterable<Pending>>of(held, incoming)) {
                for (Pending pending : place) {
                    if (messageId.equals(pending.messageId()) && !pending.future.isDone()) {
                        pending.deferred = true;
                        if (found == DeferMark.CONFIRMED) {
                            found = DeferMark.BEFORE_SENDING;
                        }
                    }
                }
            }
            return found;
        } finally {
            unlockAndDrain();
        }
    }

    /**
     * Publishes {@code envelope} again, marked {@value #DEFERRED_HEADER}: for an interaction deferred
     * after a copy without the mark went out (see {@link #markDeferred}). Same event id: the worker
     * that already handled the first copy takes this one for a duplicate.
     */
    public CompletableFuture<Void> publishDeferredCopy(Envelope envelope) {
        AMQP.BasicProperties properties = envelopeProperties(envelope).builder()
                .priority(DEFERRED_PRIORITY).headers(Map.of(DEFERRED_HEADER, true)).build();
        return publish(topology.eventsExchange(), envelope.eventType(), properties, codec.encode(envelope),
                envelope.shardId());
    }

    /**
     * Publishes something that must not go to a worker (it could not be made into a valid envelope)
     * to the dead-letter exchange, with the reason in {@value DeadLetterHeaders#REASON}.
     *
     * @param shardId the shard it came from, for {@link PublisherListener#republished}
     */
    public CompletableFuture<Void> publishDeadLetter(int shardId, String messageId, byte[] body, String reason,
                                                    Map<String, Object> extraHeaders) {
        Map<String, Object> headers = new HashMap<>(extraHeaders);
        headers.put(DeadLetterHeaders.REASON, reason);
        AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
                .contentType(EnvelopeCodec.CONTENT_TYPE)
                .deliveryMode(PERSISTENT)
                .messageId(messageId)
                .headers(headers)
                .build();
        return publish(topology.deadLetterExchange(), Topology.DEAD_LETTER_ROUTING_KEY, properties, body, shardId);
    }

    private CompletableFuture<Void> publish(String exchange, String routingKey, AMQP.BasicProperties properties,
                                            byte[] body, int shardId) {
        Pending pending = new Pending(exchange, routingKey, properties, body, shardId);
        if (closed) {
            pending.future.completeExceptionally(new PublisherClosedException("publisher " + name + " is closed"));
            return pending.future;
        }
        buffered.incrementAndGet();
        pending.future.whenComplete((ok, error) -> buffered.decrementAndGet());
        incoming.add(pending);
        drainIncoming();
        return pending.future;
    }

    /**
     * Takes the lock if it is free and sends or holds what was published, in order. Called after
     * every release of the lock too, so a message queued while another thread held it is never left
     * behind: it was queued before that release, and this loop looks again after it.
     */
    private void drainIncoming() {
        while (!incoming.isEmpty() && sending.tryLock()) {
            try {
                Pending pending;
                while ((pending = incoming.poll()) != null) {
                    sendOrHold(pending);
                }
            } finally {
                sending.unlock();
            }
        }
    }

    /** Call with the lock held. */
    private void sendOrHold(Pending pending) {
        if (closed) {
            pending.future.completeExceptionally(new PublisherClosedException("publisher " + name + " is closed"));
        } else if (writable && held.isEmpty()) {
            if (!send(pending)) {
                writable = false;
                held.addLast(pending);
            }
        } else {
            held.addLast(pending);
        }
    }

    /** Releases the lock and sends what other threads published meanwhile. */
    private void unlockAndDrain() {
        sending.unlock();
        drainIncoming();
    }

    /** Runs {@code action} holding the send lock, as a long resend would; lets tests stand in for one. */
    void whileSending(Runnable action) {
        sending.lock();
        try {
            action.run();
        } finally {
            unlockAndDrain();
        }
    }

    /** Messages not yet confirmed: sent and waiting for a confirm, or held while the channel is down. */
    public int buffered() {
        return buffered.get();
    }

    /** Whether a message published now would go out at once rather than be held. */
    public boolean isWritable() {
        Channel current = channel;
        return writable && !closed && current != null && current.isOpen();
    }

    /**
     * Waits until every message published so far is confirmed or failed.
     *
     * @return false when some were still outstanding at the deadline
     */
    public boolean flush(Duration timeout) throws InterruptedException {
        List<CompletableFuture<Void>> outstanding = new ArrayList<>();
        sending.lock();
        try {
            unconfirmed.values().forEach(p -> outstanding.add(p.future));
            held.forEach(p -> outstanding.add(p.future));
            incoming.forEach(p -> outstanding.add(p.future));
        } finally {
            unlockAndDrain();
        }
        try {
            CompletableFuture.allOf(outstanding.stream()
                            .map(f -> f.exceptionally(error -> null))
                            .toArray(CompletableFuture[]::new))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return true;
        }
    }

    /**
     * Closes the channel. Messages not yet confirmed fail with {@link PublisherClosedException}; call
     * {@link #flush} first to wait for them.
     */
    @Override
    public void close() {
        closed = true;
        writable = false;
        List<Pending> abandoned = new ArrayList<>();
        sending.lock();
        try {
            abandoned.addAll(unconfirmed.values());
            unconfirmed.clear();
            abandoned.addAll(held);
            held.clear();
            Pending queued;
            while ((queued = incoming.poll()) != null) {
                abandoned.add(queued);
            }
            Channel current = channel;
            if (current != null && current.isOpen()) {
                try {
                    current.close();
                } catch (IOException | TimeoutException | ShutdownSignalException e) {
                    log.debug("publisher {}: channel was already closing", name);
                }
            }
        } finally {
            unlockAndDrain();
        }
        for (Pending p : abandoned) {
            p.future.completeExceptionally(new PublisherClosedException(
                    "publisher " + name + " closed before the broker confirmed the message"));
        }
        connection.removeBlockedListener(blockedListener);
        worker.shutdown();
    }

    private void connectionBlocked(String reason) {
        sending.lock();
        try {
            blocked = true;
            writable = false;
        } finally {
            unlockAndDrain();
        }
        log.warn("publisher {}: RabbitMQ blocked publishing ({}); holding messages until it unblocks", name, reason);
        listener.channelLost("connection blocked by the broker: " + reason);
    }

    /** Sends what was held while blocked, oldest first; nothing was lost, so nothing is marked republished. */
    private void connectionUnblocked() {
        int sent = 0;
        sending.lock();
        try {
            blocked = false;
            Channel current = channel;
            if (closed || current == null || !current.isOpen()) {
                return; // a channel loss is being handled; its recovery sends what is held
            }
            sent = sendHeld();
        } finally {
            unlockAndDrain();
        }
        log.info("publisher {}: RabbitMQ unblocked publishing; sent {} held messages", name, sent);
        listener.channelRecovered(sent);
    }

    private Channel openChannel() throws IOException {
        Channel opened = connection.createChannel();
        if (opened == null) {
            throw new IOException("no channel available on the connection for publisher " + name);
        }
        opened.confirmSelect();
        // A nack means the broker could not take the message right now (e.g. a full queue that
        // rejects publishes); resending at once would spin, so wait a moment.
        opened.addConfirmListener(this::acked, (tag, multiple) -> {
            List<Pending> again = take(tag, multiple);
            CompletableFuture.delayedExecutor(NACK_RESEND_DELAY.toMillis(), TimeUnit.MILLISECONDS)
                    .execute(() -> {
                        try {
                            worker.execute(() -> resendNacked(again));
                        } catch (java.util.concurrent.RejectedExecutionException closedMeanwhile) {
                            resendNacked(again); // fails them: the publisher is closed
                        }
                    });
        });
        opened.addReturnListener(this::returned);
        opened.addShutdownListener(cause -> channelShutDown(opened, cause));
        if (opened instanceof Recoverable recoverable) {
            recoverable.addRecoveryListener(new RecoveryListener() {
                @Override
                public void handleRecovery(Recoverable recovered) {
                    if (recovered == channel) {
                        resendEverything("connection recovered", true);
                    }
                }

                @Override
                public void handleRecoveryStarted(Recoverable recovering) {
                    writable = false;
                }
            });
        }
        return opened;
    }

    /** Sends one message; false when the channel is gone (the caller holds it). Call with the lock held. */
    private boolean send(Pending pending) {
        Channel current = channel;
        long tag = current.getNextPublishSeqNo();
        unconfirmed.put(tag, pending);
        try {
            current.basicPublish(pending.exchange, pending.routingKey, true, pending.properties(), pending.body);
            return true;
        } catch (IOException | AlreadyClosedException e) {
            unconfirmed.remove(tag);
            return false;
        }
    }

    private void acked(long tag, boolean multiple) {
        for (Pending p : take(tag, multiple)) {
            if (p.returnedReason != null) {
                p.future.completeExceptionally(new UnroutableMessageException(p.exchange, p.routingKey, p.returnedReason));
            } else {
                p.future.complete(null);
            }
        }
    }

    private void resendNacked(List<Pending> again) {
        if (closed) {
            again.forEach(p -> p.future.completeExceptionally(new PublisherClosedException(
                    "publisher " + name + " closed before the broker took a nacked message")));
            return;
        }
        sending.lock();
        try {
            for (Pending p : again) {
                p.republished = true;
                listener.republished(p.messageId(), p.shardId, "nacked by the broker");
                if (writable && held.isEmpty() && send(p)) {
                    continue;
                }
                writable = false;
                held.addLast(p);
            }
        } finally {
            unlockAndDrain();
        }
    }

    private List<Pending> take(long tag, boolean multiple) {
        List<Pending> taken = new ArrayList<>();
        if (multiple) {
            Map.Entry<Long, Pending> first;
            while ((first = unconfirmed.firstEntry()) != null && first.getKey() <= tag) {
                if (unconfirmed.remove(first.getKey(), first.getValue())) {
                    taken.add(first.getValue());
                }
            }
        } else {
            Pending p = unconfirmed.remove(tag);
            if (p != null) {
                taken.add(p);
            }
        }
        return taken;
    }

    /** A return always precedes the confirm of the same message; mark it so the ack fails it. */
    private void returned(int replyCode, String replyText, String exchange, String routingKey,
                          AMQP.BasicProperties properties, byte[] body) {
        String messageId = properties.getMessageId();
        for (Pending p : unconfirmed.values()) {
            if (p.returnedReason == null && p.routingKey.equals(routingKey) && p.exchange.equals(exchange)
                    && java.util.Objects.equals(p.messageId(), messageId)) {
                p.returnedReason = replyCode + " " + replyText;
                break;
            }
        }
        log.warn("publisher {}: broker returned message {} as unroutable: exchange={} routingKey={} ({} {})",
                name, messageId, exchange, routingKey, replyCode, replyText);
        listener.unroutable(messageId, exchange, routingKey);
    }

    private void channelShutDown(Channel which, ShutdownSignalException cause) {
        if (closed || which != channel) {
            return;
        }
        writable = false;
        String reason = cause.getReason() == null ? String.valueOf(cause.getMessage()) : cause.getReason().protocolMethodName()
                + " " + cause.getMessage();
        boolean connectionRecovers = cause.isHardError() && !cause.isInitiatedByApplication()
                && connection instanceof Recoverable;
        if (connectionRecovers) {
            // The connection's loss: RecoveryLogging's one WARN for the outage says it.
            log.debug("publisher {}: connection lost, holding messages until it is back: {}", name, reason);
        } else {
            log.info("publisher {}: channel lost, holding messages until it is back: {}", name, reason);
        }
        listener.channelLost(reason);
        if (cause.isHardError() && cause.isInitiatedByApplication()) {
            log.warn("publisher {}: its connection was closed by the application; {} messages stay unconfirmed",
                    name, buffered());
        } else if (!connectionRecovers) {
            // A channel-level error (e.g. a missing exchange): the connection lives, the channel does
            // not come back by itself.
            worker.execute(this::reopen);
        }
    }

    private void reopen() {
        if (closed) {
            return;
        }
        try {
            channel = openChannel();
            resendEverything("channel reopened", false);
        } catch (IOException | RuntimeException e) {
            log.warn("publisher {}: cannot reopen its channel yet ({}); will retry when the connection recovers",
                    name, e.getMessage());
        }
    }

    /**
     * After a loss nothing unconfirmed can be confirmed any more: send it all again, oldest first,
     * then whatever was held.
     *
     * @param connectionRecovered the whole connection was lost and is back, which {@link
     *                            RecoveryLogging} reports; otherwise only this channel was
     */
    private void resendEverything(String why, boolean connectionRecovered) {
        int resent;
        sending.lock();
        try {
            if (closed) {
                return;
            }
            List<Pending> again = new ArrayList<>(unconfirmed.values());
            unconfirmed.clear();
            for (int i = again.size() - 1; i >= 0; i--) {
                Pending p = again.get(i);
                p.republished = true;
                listener.republished(p.messageId(), p.shardId, why);
                held.addFirst(p);
            }
            resent = held.size();
            if (blocked) {
                return; // sent when the broker unblocks the connection
            }
            sendHeld();
        } finally {
            unlockAndDrain();
        }
        if (connectionRecovered) {
            // The connection's own INFO ("recovered after ... ms") ends the outage; the count of
            // messages sent again is in the republished metric.
            log.debug("publisher {}: {}; resent {} messages", name, why, resent);
        } else {
            log.info("publisher {}: {}; resent {} messages", name, why, resent);
        }
        listener.channelRecovered(resent);
    }

    /**
     * Marks the publisher writable and sends what is held, oldest first, until done or the channel
     * fails again (then it is not writable). Call with the lock held; returns how many went out.
     */
    private int sendHeld() {
        writable = true;
        int sent = 0;
        while (!held.isEmpty()) {
            if (!send(held.peekFirst())) {
                writable = false;
                break;
            }
            held.pollFirst();
            sent++;
        }
        return sent;
    }

    /** One message on its way; its future completes once, when the broker decides. */
    private static final class Pending {
        final String exchange;
        final String routingKey;
        final AMQP.BasicProperties base;
        final byte[] body;
        final int shardId;
        final CompletableFuture<Void> future = new CompletableFuture<>();
        volatile boolean republished;
        volatile boolean deferred;
        volatile String returnedReason;

        Pending(String exchange, String routingKey, AMQP.BasicProperties base, byte[] body, int shardId) {
            this.exchange = exchange;
            this.routingKey = routingKey;
            this.base = base;
            this.body = body;
            this.shardId = shardId;
        }

        String messageId() {
            return base.getMessageId();
        }

        AMQP.BasicProperties properties() {
            if (!republished && !deferred) {
                return base;
            }
            Map<String, Object> headers = new HashMap<>(base.getHeaders() == null ? Map.of() : base.getHeaders());
            if (republished) {
                headers.put(REPUBLISHED_HEADER, true);
            }
            AMQP.BasicProperties.Builder builder = base.builder();
            if (deferred) {
                headers.put(DEFERRED_HEADER, true);
                builder.priority(DEFERRED_PRIORITY);
            }
            return builder.headers(headers).build();
        }
    }
}
