package community.arrakis.gatewayproxy.discord.gateway.compression;

import java.nio.ByteBuffer;

/** The bytes of one gateway message as they arrive, frame by frame, under a size cap. */
final class MessageBuffer {
    private final String what;
    private final int maxBytes;
    private byte[] bytes = new byte[8192];
    private int length;

    MessageBuffer(String what, int maxBytes) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxMessageBytes must be positive, was " + maxBytes);
        }
        this.what = what;
        this.maxBytes = maxBytes;
    }

    void append(ByteBuffer data) throws MessageTooLargeException {
        int needed = length + data.remaining();
        if (needed > maxBytes) {
            throw new MessageTooLargeException(what, needed, maxBytes);
        }
        if (needed > bytes.length) {
            byte[] bigger = new byte[Math.min(maxBytes, Math.max(needed, bytes.length * 2))];
            System.arraycopy(bytes, 0, bigger, 0, length);
            bytes = bigger;
        }
        int n = data.remaining();
        data.get(bytes, length, n);
        length += n;
    }

    /** The last four bytes as a big-endian int, or -1 when fewer have arrived. */
    int tail() {
        if (length < 4) {
            return -1;
        }
        return ((bytes[length - 4] & 0xFF) << 24) | ((bytes[length - 3] & 0xFF) << 16)
                | ((bytes[length - 2] & 0xFF) << 8) | (bytes[length - 1] & 0xFF);
    }

    byte[] array() {
        return bytes;
    }

    int length() {
        return length;
    }

    byte[] toByteArray() {
        return java.util.Arrays.copyOf(bytes, length);
    }

    ByteBuffer asBuffer() {
        return ByteBuffer.wrap(bytes, 0, length);
    }

    void clear() {
        length = 0;
    }
}
