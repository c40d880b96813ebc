package community.arrakis.gatewayproxy.ingestor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import community.arrakis.gatewayproxy.discord.gateway.transport.GatewayConnection;
import community.arrakis.gatewayproxy.discord.gateway.transport.GatewayTransport;
import community.arrakis.gatewayproxy.discord.gateway.transport.TransportListener;
import community.arrakis.gatewayproxy.envelope.Snowflakes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Discord's gateway, played in memory behind the shard's transport seam, for ingestor tests until
 * the simulator can stand in: HELLO, heartbeat ACKs, IDENTIFY → READY, RESUME → replay of every
 * dispatch after the given sequence, then RESUMED. Sessions outlive connections (and ingestor
 * instances), and dispatches emitted while a shard is disconnected wait for its resume, as
 * Discord's do. It delivers each connection's messages on one thread, in order.
 */
final class ScriptedDiscord implements GatewayTransport {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Session> sessions = new HashMap<>();
    private final Map<Integer, Session> currentByShard = new HashMap<>();
    private final AtomicLong snowflakes = new AtomicLong(Snowflakes.fromTimestamp(System.currentTimeMillis()));
    final List<String> identifies = new CopyOnWriteArrayList<>();
    final List<String> resumes = new CopyOnWriteArrayList<>();

    @Override
    public CompletableFuture<GatewayConnection> connect(URI url, boolean zlibStream, TransportListener listener) {
        Link link = new Link(listener);
        CompletableFuture<GatewayConnection> opened = new CompletableFuture<>();
        link.reader.execute(() -> {
            listener.onOpen(link);
            opened.complete(link);
            listener.onMessage(bytes("{\"t\":null,\"s\":null,\"op\":10,\"d\":{\"heartbeat_interval\":41250}}"),
                    System.nanoTime());
        });
        return opened;
    }

    /** A slash command on this shard; returns its eventId (the interaction id). */
    String emitSlashCommand(int shard, String name, String guildId, String userId) {
        String id = Long.toString(snowflakes.addAndGet(1));
        emit(shard, "INTERACTION_CREATE", "{\"id\":\"" + id + "\",\"application_id\":\"77\",\"type\":2,"
                + "\"token\":\"token-" + id + "\",\"guild_id\":\"" + guildId + "\",\"channel_id\":\"500\","
                + "\"member\":{\"user\":{\"id\":\"" + userId + "\"}},\"data\":{\"id\":\"9\",\"name\":\"" + name + "\",\"type\":1}}");
        return id;
    }

    /** A member join on this shard; returns its eventId ({@code shard:session:seq}). */
    String emitMemberAdd(int shard, String guildId, String userId) {
        long seq = emit(shard, "GUILD_MEMBER_ADD", "{\"guild_id\":\"" + guildId + "\",\"user\":{\"id\":\"" + userId
                + "\",\"username\":\"u\"},\"roles\":[],\"joined_at\":\"2026-01-01T00:00:00Z\"}");
        synchronized (this) {
            return shard + ":" + currentByShard.get(shard).id + ":" + seq;
        }
    }

    synchronized int connectedLinks() {
        return (int) currentByShard.values().stream().filter(s -> s.link != null && !s.link.closed).count();
    }

    private synchronized long emit(int shard, String type, String data) {
        Session session = currentByShard.get(shard);
        if (session == null) {
            throw new IllegalStateException("shard " + shard + " never identified");
        }
        long seq = ++session.sequence;
        String frame = "{\"t\":\"" + type + "\",\"s\":" + seq + ",\"op\":0,\"d\":" + data + "}";
        session.log.add(new Entry(seq, frame));
        if (session.link != null) {
            session.link.deliver(frame);
        }
        return seq;
    }

    private synchronized void received(Link link, String payload) {
        JsonNode frame;
        try {
            frame = JSON.readTree(payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        switch (frame.path("op").asInt()) {
            case 1 -> link.deliver("{\"op\":11}");
            case 2 -> {
                int shard = frame.path("d").path("shard").path(0).asInt();
                Session session = new Session("sess-" + shard + "-" + (sessions.size() + 1), shard);
                sessions.put(session.id, session);
                currentByShard.put(shard, session);
                identifies.add(session.id);
                attach(session, link);
                long seq = ++session.sequence;
                link.deliver("{\"t\":\"READY\",\"s\":" + seq + ",\"op\":0,\"d\":{\"v\":10,\"user\":{\"id\":\"1\","
                        + "\"username\":\"bot\"},\"guilds\":[],\"session_id\":\"" + session.id + "\","
                        + "\"resume_gateway_url\":\"ws://resume.scripted/\",\"application\":{\"id\":\"77\",\"flags\":0}}}");
            }
            case 6 -> {
                Session session = sessions.get(frame.path("d").path("session_id").asText());
                if (session == null) {
                    link.deliver("{\"t\":null,\"s\":null,\"op\":9,\"d\":false}");
                    return;
                }
                long from = frame.path("d").path("seq").asLong();
                resumes.add(session.id + "@" + from);
                attach(session, link);
                for (Entry entry : session.log) {
                    if (entry.seq > from) {
                        link.deliver(entry.frame);
                    }
                }
                long seq = ++session.sequence;
                link.deliver("{\"t\":\"RESUMED\",\"s\":" + seq + ",\"op\":0,\"d\":{}}");
            }
            default -> {
                // presence updates and the like: nothing to do
            }
        }
    }

    private void attach(Session session, Link link) {
        if (session.link != null && session.link != link) {
            session.link.closed = true;
        }
        session.link = link;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private record Entry(long seq, String frame) {
    }

    private static final class Session {
        final String id;
        final int shard;
        final List<Entry> log = new ArrayList<>();
        long sequence;
        Link link;

        Session(String id, int shard) {
            this.id = id;
            this.shard = shard;
        }
    }

    private final class Link implements GatewayConnection {
        final TransportListener listener;
        final ExecutorService reader = Executors.newSingleThreadExecutor(Thread.ofVirtual().factory());
        final CompletableFuture<Void> closedFuture = new CompletableFuture<>();
        volatile boolean closed;

        Link(TransportListener listener) {
            this.listener = listener;
        }

        void deliver(String frame) {
            if (closed) {
                return; // kept in the session's log: a resume replays it
            }
            try {
                reader.execute(() -> {
                    if (!closed) {
                        listener.onMessage(bytes(frame), System.nanoTime());
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // closed meanwhile: same as above
            }
        }

        @Override
        public void send(String payload) {
            if (!closed) {
                received(this, payload);
            }
        }

        @Override
        public void close(int code, String reason) {
            closed = true;
            closedFuture.complete(null);
            reader.shutdown();
        }

        @Override
        public CompletableFuture<Void> closed() {
            return closedFuture;
        }
    }
}
