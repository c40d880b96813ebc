package community.arrakis.gatewayproxy.discord.gateway;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;
import javax.net.ssl.SSLContext;

/**
 * A bare RFC 6455 server for socket-level tests of the gateway client, written for these tests:
 * the handshake, unmasked server frames (text, binary, fragments, close) and masked client frames.
 * Each accepted socket becomes a {@link Conn} the test scripts by hand.
 */
final class TestGatewayServer implements AutoCloseable {

    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private final ServerSocket socket;
    private final boolean secure;
    private final BlockingQueue<Conn> accepted = new LinkedBlockingQueue<>();
    private final Thread acceptor;

    TestGatewayServer() throws IOException {
        this(null);
    }

    /** @param tls null for plain {@code ws://}, otherwise {@code wss://} with this server context */
    TestGatewayServer(SSLContext tls) throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        socket = tls == null ? new ServerSocket(0, 50, loopback)
                : tls.getServerSocketFactory().createServerSocket(0, 50, loopback);
        secure = tls != null;
        acceptor = Thread.ofPlatform().daemon().name("test-ws-accept").start(this::acceptLoop);
    }

    /** {@code wss://localhost:port} when secure: the host name the test certificate is issued to. */
    URI uri() {
        return URI.create(secure ? "wss://localhost:" + socket.getLocalPort() : "ws://127.0.0.1:" + socket.getLocalPort());
    }

    /** The next client connection, after its handshake. */
    Conn next() throws InterruptedException {
        Conn c = accepted.poll(10, TimeUnit.SECONDS);
        if (c == null) {
            throw new AssertionError("no client connected within 10 s");
        }
        return c;
    }

    /** A connection accepted within {@code millis}, or null. */
    Conn poll(long millis) throws InterruptedException {
        return accepted.poll(millis, TimeUnit.MILLISECONDS);
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try {
                Socket s = socket.accept();
                s.setTcpNoDelay(true);
                Conn c = new Conn(s);
                c.handshake();
                Thread.ofPlatform().daemon().name("test-ws-read").start(c::readLoop);
                accepted.add(c);
            } catch (IOException e) {
                // closed, or a client that went away mid-handshake
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
        acceptor.interrupt();
    }

    static final class Conn {
        final Socket socket;
        final BlockingQueue<String> received = new LinkedBlockingQueue<>();
        volatile int clientCloseCode = -1;
        volatile String requestTarget;
        private final Deflater deflater = new Deflater();
        /** Frames waiting for one write, while {@link #inOneWrite} runs. */
        private ByteArrayOutputStream gathered;
        private final OutputStream out;
        private final InputStream in;

        Conn(Socket socket) throws IOException {
            this.socket = socket;
            this.out = socket.getOutputStream();
            this.in = socket.getInputStream();
        }

        void handshake() throws IOException {
            String key = null;
            String line;
            boolean first = true;
            while (!(line = readLine()).isEmpty()) {
                if (first) {
                    requestTarget = line.split(" ")[1];
                    first = false;
                } else if (line.toLowerCase().startsWith("sec-websocket-key:")) {
                    key = line.substring(line.indexOf(':') + 1).trim();
                }
            }
            String accept;
            try {
                accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                        .digest((key + GUID).getBytes(StandardCharsets.US_ASCII)));
            } catch (Exception e) {
                throw new IOException(e);
            }
            write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        }

        private String readLine() throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) != -1 && c != '\n') {
                if (c != '\r') {
                    b.write(c);
                }
            }
            if (c == -1) {
                throw new IOException("eof in handshake");
            }
            return b.toString(StandardCharsets.US_ASCII);
        }

        void readLoop() {
            try {
                DataInputStream data = new DataInputStream(in);
                ByteArrayOutputStream message = new ByteArrayOutputStream();
                while (true) {
                    int b0 = data.readUnsignedByte();
                    int b1 = data.readUnsignedByte();
                    int opcode = b0 & 0x0F;
                    long len = b1 & 0x7F;
                    if (len == 126) {
                        len = data.readUnsignedShort();
                    } else if (len == 127) {
                        len = data.readLong();
                    }
                    byte[] mask = new byte[4];
                    if ((b1 & 0x80) != 0) {
                        data.readFully(mask);
                    }
                    byte[] payload = new byte[(int) len];
                    data.readFully(payload);
                    for (int i = 0; i < payload.length; i++) {
                        payload[i] ^= mask[i % 4];
                    }
                    if (opcode == 8) {
                        clientCloseCode = payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
                        try {
                            frame(0x88, Arrays.copyOf(payload, Math.min(2, payload.length)));
                        } catch (IOException ignored) {
                            // the client may already be gone
                        }
                        socket.close();
                        return;
                    }
                    if (opcode == 9) {
                        frame(0x8A, payload);
                        continue;
                    }
                    message.write(payload);
                    if ((b0 & 0x80) != 0 && opcode != 10) {
                        received.add(message.toString(StandardCharsets.UTF_8));
                        message.reset();
                    }
                }
            } catch (IOException e) {
                // socket closed
            }
        }

        /** The next client payload that starts with {@code {"op":N}. */
        String awaitOp(int op) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline) {
                String m = received.poll(100, TimeUnit.MILLISECONDS);
                if (m != null && m.startsWith("{\"op\":" + op + ",")) {
                    return m;
                }
            }
            throw new AssertionError("client sent no op " + op + " within 10 s");
        }

        void hello(long interval) throws IOException {
            sendText("{\"t\":null,\"s\":null,\"op\":10,\"d\":{\"heartbeat_interval\":" + interval + "}}");
        }

        void dispatch(long seq, String type, String data) throws IOException {
            sendText("{\"t\":\"" + type + "\",\"s\":" + seq + ",\"op\":0,\"d\":" + data + "}");
        }

        synchronized void sendText(String json) throws IOException {
            frame(0x81, json.getBytes(StandardCharsets.UTF_8));
        }

        /** One text message split over {@code parts} WebSocket frames (first + continuations). */
        synchronized void sendTextFragmented(String json, int parts) throws IOException {
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            int size = (bytes.length + parts - 1) / parts;
            for (int i = 0, off = 0; off < bytes.length; i++, off += size) {
                boolean last = off + size >= bytes.length;
                int opcode = i == 0 ? 0x1 : 0x0;
                frame((last ? 0x80 : 0) | opcode, Arrays.copyOfRange(bytes, off, Math.min(bytes.length, off + size)));
            }
        }

        /** One zlib-stream message through this connection's deflater, split over {@code frames} binary messages. */
        synchronized void sendZlib(String json, int messages) throws IOException {
            deflater.setInput(json.getBytes(StandardCharsets.UTF_8));
            byte[] buffer = new byte[json.length() * 2 + 64];
            int n = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
            byte[] compressed = Arrays.copyOf(buffer, n);
            int size = (compressed.length + messages - 1) / messages;
            for (int off = 0; off < compressed.length; off += size) {
                frame(0x82, Arrays.copyOfRange(compressed, off, Math.min(compressed.length, off + size)));
            }
        }

        /** One binary WebSocket message with exactly these bytes (e.g. a corrupt compressed message). */
        synchronized void sendBinary(byte[] payload) throws IOException {
            frame(0x82, payload);
        }

        synchronized void close(int code) throws IOException {
            frame(0x88, new byte[] {(byte) (code >> 8), (byte) code});
        }

        /** Drops the TCP connection without a close frame. */
        void drop() throws IOException {
            socket.close();
        }

        private void frame(int first, byte[] payload) throws IOException {
            ByteArrayOutputStream f = new ByteArrayOutputStream(payload.length + 10);
            f.write(first);
            if (payload.length < 126) {
                f.write(payload.length);
            } else if (payload.length < 65536) {
                f.write(126);
                f.write(payload.length >> 8);
                f.write(payload.length);
            } else {
                f.write(127);
                for (int i = 7; i >= 0; i--) {
                    f.write((int) ((long) payload.length >> (8 * i)));
                }
            }
            f.write(payload);
            write(f.toByteArray());
        }

        /** Runs {@code sends} with every frame they send gathered into one TCP write. */
        synchronized void inOneWrite(IoAction sends) throws IOException {
            gathered = new ByteArrayOutputStream();
            try {
                sends.run();
            } finally {
                byte[] bytes = gathered.toByteArray();
                gathered = null;
                write(bytes);
            }
        }

        private synchronized void write(byte[] bytes) throws IOException {
            if (gathered != null) {
                gathered.write(bytes);
                return;
            }
            out.write(bytes);
            out.flush();
        }
    }

    /** What {@link Conn#inOneWrite} runs. */
    interface IoAction {
        void run() throws IOException;
    }
}
