package community.arrakis.gatewayproxy.broker;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.BlockedListener;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import com.rabbitmq.client.ShutdownSignalException;
import community.arrakis.gatewayproxy.broker.publish.MessageFate;
import community.arrakis.gatewayproxy.broker.publish.OutstandingConfirms;
import community.arrakis.gatewayproxy.broker.publish.PublisherAction;
import community.arrakis.gatewayproxy.broker.publish.PublisherAction.ResendCause;
import community.arrakis.gatewayproxy.broker.publish.PublisherEvent;
import community.arrakis.gatewayproxy.broker.publish.PublisherEvent.Loss;
import community.arrakis.gatewayproxy.broker.publish.PublisherState;
import community.arrakis.gatewayproxy.broker.publish.PublisherTransitions;
import community.arrakis.gatewayproxy.broker.publish.Transition;
import community.arrakis.gatewayproxy.envelope.Envelope;
import community.arrakis.gatewayproxy.envelope.EnvelopeCodec;
import community.arrakis.gatewayproxy.envelope.topology.GuildPartitions;
import community.arrakis.gatewayproxy.envelope.topology.Topology;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
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
 * confirms it: <em>unconfirmed</em> (sent, keyed by the channel's delivery tag: {@link
 * OutstandingConfirms}) or <em>held</em> (not sent, because the channel cannot take it now, in
 * arrival order). A worked example:
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
 * <p>Whether a message is sent or held is the life cycle's decision: {@link PublisherTransitions}
 * maps each thing that happens to the channel (blocked, lost, recovered, reopened, closed) to the
 * next {@link PublisherState} and the actions to take, and this class is its driver. Only in
 * {@code Open} does a publish go out at once. When the channel is back, or the broker unblocks
 * the connection, {@link #resend} sends what waited, in a documented order, before the publisher
 * is open again.
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
 * up by a recovery. Confirms, returns, blocks and losses arrive on RabbitMQ's connection threads
 * and only change the state; resends, nack resends and channel re-opening run on a worker thread
 * of the publisher's, since publishing from the connection thread could block it while the broker
 * applies flow control. The state changes under a lock of its own, never held while sending, so
 * the connection thread never waits for a write.
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

    /** A channel and the number the state machine knows it by. */
    private record NumberedChannel(int number, Channel channel) {
    }

    private final Connection connection;
    private final Topology topology;
    private final String name;
    private final PublisherListener listener;
    private final EnvelopeCodec codec = new EnvelopeCodec();
    private final ReentrantLock sending = new ReentrantLock();
    private final ReentrantLock stateLock = new ReentrantLock();
    /** Written under {@link #stateLock}; read anywhere. */
    private volatile PublisherState state = PublisherTransitions.initial();
    private final OutstandingConfirms<PendingMessage> unconfirmed = new OutstandingConfirms<>();
    /** Guarded by {@link #sending}. */
    private final ArrayDeque<PendingMessage> held = new ArrayDeque<>();
    /** Published, not yet seen by the lock holder; drained in order by whoever holds {@link #sending}. */
    private final ConcurrentLinkedQueue<PendingMessage> incoming = new ConcurrentLinkedQueue<>();
    private final AtomicInteger buffered = new AtomicInteger();
    private final AtomicInteger channelsOpened = new AtomicInteger();
    private final ExecutorService worker;
    private volatile NumberedChannel current;
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
        int first = channelsOpened.incrementAndGet();
        this.current = new NumberedChannel(first, openChannel(first));
        // Both only change the state; the resend an unblock starts runs on the worker.
        this.blockedListener = connection.addBlockedListener(
                reason -> fire(new PublisherEvent.ConnectionBlocked(reason)),
                () -> fire(new PublisherEvent.ConnectionUnblocked()));
    }

    /**
     * Publishes an envelope to the events exchange, routing key = its event type, behind its guild
     * partition's word for a guild event ({@link GuildPartitions#routingKey}).
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
        return publish(topology.eventsExchange(), routingKey(envelope), envelopeProperties(envelope),
                codec.encode(envelope), envelope.shardId());
    }

    private String routingKey(Envelope envelope) {
        return GuildPartitions.routingKey(envelope, topology.guildPartitions());
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
            for (PendingMessage pending : unconfirmed.messages()) {
                if (messageId.equals(pending.messageId()) && pending.outstanding()) {
                    pending.deferred = true;
                    found = DeferMark.AFTER_SENDING;
                }
            }
            for (Iterable<PendingMessage> place : List.<Iterable<PendingMessage>>of(held, incoming)) {
                for (PendingMessage pending : place) {
                    if (messageId.equals(pending.messageId()) && pending.outstanding()) {
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
        return publish(topology.eventsExchange(), routingKey(envelope), properties, codec.encode(envelope),
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
        headers.put(DeadLetterHeaders.DEAD_LETTERED_AT, System.currentTimeMillis());
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
        PendingMessage pending = new PendingMessage(exchange, routingKey, properties, body, shardId);
        if (state.fate() == MessageFate.FAIL) {
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
                PendingMessage pending;
                while ((pending = incoming.poll()) != null) {
                    sendOrHold(pending);
                }
            } finally {
                sending.unlock();
            }
        }
    }

    /**
     * Does with one message what the state says ({@link PublisherState#fate()}). A message is only
     * sent when nothing older is held, so none overtakes another. Call with the lock held.
     */
    private void sendOrHold(PendingMessage pending) {
        PublisherState now = state;
        switch (now.fate()) {
            case FAIL -> pending.future.completeExceptionally(
                    new PublisherClosedException("publisher " + name + " is closed"));
            case HOLD -> held.addLast(pending);
            case SEND -> {
                if (!held.isEmpty()) {
                    held.addLast(pending);
                } else if (!send(pending)) {
                    held.addLast(pending);
                    fire(new PublisherEvent.SendFailed(now.channel()));
                }
            }
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
        NumberedChannel now = current;
        return state instanceof PublisherState.Open && now != null && now.channel().isOpen();
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
            unconfirmed.messages().forEach(p -> outstanding.add(p.future));
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
        fire(new PublisherEvent.CloseRequested());
    }

    // ---------------------------------------------------------------- the state machine's driver

    /** Runs one event through the machine, then carries out its actions on this thread. */
    private void fire(PublisherEvent event) {
        Transition transition;
        stateLock.lock();
        try {
            transition = PublisherTransitions.next(state, event);
            state = transition.state();
        } finally {
            stateLock.unlock();
        }
        for (PublisherAction action : transition.actions()) {
            execute(action);
        }
    }

    private void execute(PublisherAction action) {
        switch (action) {
            case PublisherAction.ReportBlocked a -> {
                log.warn("publisher {}: RabbitMQ blocked publishing ({}); holding messages until it unblocks", name,
                        a.reason());
                listener.channelLost("connection blocked by the broker: " + a.reason());
            }
            case PublisherAction.ReportChannelLost a -> reportLoss(a.reason(), a.loss());
            case PublisherAction.ReopenChannel a -> onWorker(this::reopen);
            case PublisherAction.ReportReopenFailed a -> log.warn(
                    "publisher {}: cannot reopen its channel yet ({}); will retry when the connection recovers",
                    name, a.reason());
            case PublisherAction.Resend a -> onWorker(() -> resend(a.channel(), a.cause()));
            case PublisherAction.RequeueUnconfirmed a -> onWorker(() -> requeueOnly(a.cause()));
            case PublisherAction.FailOutstandingAndClose a -> failOutstandingAndClose();
        }
    }

    /** Runs a job on the worker thread; once the publisher is closed the job is not needed. */
    private void onWorker(Runnable job) {
        try {
            worker.execute(job);
        } catch (RejectedExecutionException closed) {
            log.debug("publisher {}: closed; not running {}", name, job);
        }
    }

    private void reportLoss(String reason, Loss loss) {
        if (loss == Loss.CONNECTION_RECOVERING) {
            // The connection's loss: RecoveryLogging's one WARN for the outage says it.
            log.debug("publisher {}: connection lost, holding messages until it is back: {}", name, reason);
        } else {
            log.info("publisher {}: channel lost, holding messages until it is back: {}", name, reason);
        }
        listener.channelLost(reason);
        if (loss == Loss.CONNECTION_CLOSED_BY_APPLICATION) {
            log.warn("publisher {}: its connection was closed by the application; {} messages stay unconfirmed",
                    name, buffered());
        }
    }

    /**
     * The recovery, one script in this order, run when a channel is back (recovered with its
     * connection, or opened in place of one that closed alone) or the broker unblocked the
     * connection:
     * <ol>
     *   <li>take the send lock: publishes from now on queue behind the resend;</li>
     *   <li>after a loss, put everything the lost channel had not confirmed back at the front of
     *       the held queue, oldest first, marked republished: its confirm can never come;</li>
     *   <li>send the held queue, oldest first, for as long as the state is still {@code Resending}
     *       this channel (a block or another loss meanwhile stops it, and that state's way back
     *       sends the rest) and every write succeeds;</li>
     *   <li>tell the machine how it went ({@code Open}, or {@code Stalled} after a failed write),
     *       still under the lock, so no publish overtakes the last message resent;</li>
     *   <li>let go of the lock, which sends what was published meanwhile, then log and tell the
     *       listener.</li>
     * </ol>
     */
    private void resend(int channel, ResendCause cause) {
        int waiting;
        int sent;
        sending.lock();
        try {
            if (state.fate() == MessageFate.FAIL) {
                return; // closed meanwhile: every message has failed
            }
            if (cause.republishesUnconfirmed()) {
                requeueUnconfirmed(cause); // even when superseded: their confirms can never come
            }
            if (!(state instanceof PublisherState.Resending resending && resending.channel() == channel)) {
                return; // a block or another loss came first; its way back sends what is held
            }
            waiting = held.size();
            sent = sendHeld(channel);
            fire(new PublisherEvent.ResendFinished(channel, held.isEmpty()));
        } finally {
            unlockAndDrain();
        }
        switch (cause) {
            // The connection's own INFO ("recovered after ... ms") ends the outage; the count of
            // messages sent again is in the republished metric.
            case CONNECTION_RECOVERED -> log.debug("publisher {}: {}; resent {} messages", name, cause.description(), waiting);
            case CHANNEL_REOPENED -> log.info("publisher {}: {}; resent {} messages", name, cause.description(), waiting);
            case UNBLOCKED -> log.info("publisher {}: {}; sent {} held messages", name, cause.description(), sent);
        }
        listener.channelRecovered(cause == ResendCause.UNBLOCKED ? sent : waiting);
    }

    /** Step 2 of {@link #resend} alone: the channel is back, but the broker blocks the connection. */
    private void requeueOnly(ResendCause cause) {
        sending.lock();
        try {
            if (state.fate() != MessageFate.FAIL) {
                requeueUnconfirmed(cause);
            }
        } finally {
            unlockAndDrain();
        }
    }

    /** Call with the lock held. */
    private void requeueUnconfirmed(ResendCause cause) {
        List<PendingMessage> again = unconfirmed.takeAll();
        for (int i = again.size() - 1; i >= 0; i--) {
            PendingMessage p = again.get(i);
            p.republished = true;
            listener.republished(p.messageId(), p.shardId, cause.description());
            held.addFirst(p);
        }
    }

    /**
     * Sends what is held, oldest first, while the state is {@code Resending} {@code channel} and
     * every write succeeds. Call with the lock held; returns how many went out.
     */
    private int sendHeld(int channel) {
        int sent = 0;
        while (!held.isEmpty()
                && state instanceof PublisherState.Resending resending && resending.channel() == channel
                && current.number() == channel
                && send(held.peekFirst())) {
            held.pollFirst();
            sent++;
        }
        return sent;
    }

    /** Sends one message; false when the channel cannot take it (the caller holds it). Call with the lock held. */
    private boolean send(PendingMessage pending) {
        Channel channel = current.channel();
        long tag = channel.getNextPublishSeqNo();
        if (!unconfirmed.add(tag, pending)) {
            return false; // the channel was renumbered under us by a recovery we have not heard of yet
        }
        try {
            channel.basicPublish(pending.exchange, pending.routingKey, true, pending.properties(), pending.body);
            return true;
        } catch (IOException | AlreadyClosedException e) {
            unconfirmed.remove(tag, pending);
            return false;
        }
    }

    private void failOutstandingAndClose() {
        List<PendingMessage> abandoned = new ArrayList<>();
        sending.lock();
        try {
            abandoned.addAll(unconfirmed.takeAll());
            abandoned.addAll(held);
            held.clear();
            PendingMessage queued;
            while ((queued = incoming.poll()) != null) {
                abandoned.add(queued);
            }
            Channel channel = current.channel();
            if (channel.isOpen()) {
                try {
                    channel.close();
                } catch (IOException | TimeoutException | ShutdownSignalException e) {
                    log.debug("publisher {}: channel was already closing", name);
                }
            }
        } finally {
            unlockAndDrain();
        }
        for (PendingMessage p : abandoned) {
            p.future.completeExceptionally(new PublisherClosedException(
                    "publisher " + name + " closed before the broker confirmed the message"));
        }
        connection.removeBlockedListener(blockedListener);
        worker.shutdown();
    }

    /** Opens a channel in place of one that closed alone (on the worker thread). */
    private void reopen() {
        if (state.fate() == MessageFate.FAIL) {
            return;
        }
        int number = channelsOpened.incrementAndGet();
        Channel opened;
        try {
            opened = openChannel(number);
        } catch (IOException | RuntimeException e) {
            fire(new PublisherEvent.ReopenFailed(e.getMessage()));
            return;
        }
        // The resend this starts runs on this same thread, after this method: current is set by then.
        fire(new PublisherEvent.ChannelReopened(number));
        if (state.channel() == number) {
            current = new NumberedChannel(number, opened);
        } else {
            closeQuietly(opened); // not wanted any more: closed, or the connection's recovery came first
        }
    }

    private Channel openChannel(int number) throws IOException {
        Channel opened = connection.createChannel();
        if (opened == null) {
            throw new IOException("no channel available on the connection for publisher " + name);
        }
        opened.confirmSelect();
        opened.addConfirmListener(this::acked, this::nacked);
        opened.addReturnListener(this::returned);
        opened.addShutdownListener(cause -> channelShutDown(number, cause));
        if (opened instanceof Recoverable recoverable) {
            recoverable.addRecoveryListener(new RecoveryListener() {
                @Override
                public void handleRecovery(Recoverable recovered) {
                    fire(new PublisherEvent.RecoveryCompleted(number));
                }

                @Override
                public void handleRecoveryStarted(Recoverable recovering) {
                    fire(new PublisherEvent.RecoveryStarted(number));
                }
            });
        }
        return opened;
    }

    private void closeQuietly(Channel channel) {
        try {
            channel.close();
        } catch (IOException | TimeoutException | RuntimeException e) {
            log.debug("publisher {}: closing an unneeded channel failed: {}", name, e.toString());
        }
    }

    private void channelShutDown(int number, ShutdownSignalException cause) {
        String reason = cause.getReason() == null ? String.valueOf(cause.getMessage())
                : cause.getReason().protocolMethodName() + " " + cause.getMessage();
        Loss loss = Loss.of(cause.isHardError(), cause.isInitiatedByApplication(), connection instanceof Recoverable);
        fire(new PublisherEvent.ChannelLost(number, reason, loss));
    }

    private void acked(long tag, boolean multiple) {
        for (PendingMessage p : unconfirmed.confirmed(tag, multiple)) {
            if (p.returnedReason != null) {
                p.future.completeExceptionally(new UnroutableMessageException(p.exchange, p.routingKey, p.returnedReason));
            } else {
                p.future.complete(null);
            }
        }
    }

    /**
     * A nack means the broker could not take the message right now (e.g. a full queue that rejects
     * publishes); resending at once would spin, so wait a moment.
     */
    private void nacked(long tag, boolean multiple) {
        List<PendingMessage> again = unconfirmed.confirmed(tag, multiple);
        CompletableFuture.delayedExecutor(NACK_RESEND_DELAY.toMillis(), TimeUnit.MILLISECONDS)
                .execute(() -> {
                    try {
                        worker.execute(() -> resendNacked(again));
                    } catch (RejectedExecutionException closedMeanwhile) {
                        resendNacked(again); // fails them: the publisher is closed
                    }
                });
    }

    /** Sends nacked messages again, marked republished: at once, held or failed, as the state says. */
    private void resendNacked(List<PendingMessage> again) {
        if (state.fate() == MessageFate.FAIL) {
            again.forEach(p -> p.future.completeExceptionally(new PublisherClosedException(
                    "publisher " + name + " closed before the broker took a nacked message")));
            return;
        }
        sending.lock();
        try {
            for (PendingMessage p : again) {
                p.republished = true;
                listener.republished(p.messageId(), p.shardId, "nacked by the broker");
                sendOrHold(p);
            }
        } finally {
            unlockAndDrain();
        }
    }

    /** A return always precedes the confirm of the same message; mark it so the ack fails it. */
    private void returned(int replyCode, String replyText, String exchange, String routingKey,
                          AMQP.BasicProperties properties, byte[] body) {
        String messageId = properties.getMessageId();
        for (PendingMessage p : unconfirmed.messages()) {
            if (p.returnedReason == null && p.routingKey.equals(routingKey) && p.exchange.equals(exchange)
                    && Objects.equals(p.messageId(), messageId)) {
                p.returnedReason = replyCode + " " + replyText;
                break;
            }
        }
        log.warn("publisher {}: broker returned message {} as unroutable: exchange={} routingKey={} ({} {})",
                name, messageId, exchange, routingKey, replyCode, replyText);
        listener.unroutable(messageId, exchange, routingKey);
    }
}
