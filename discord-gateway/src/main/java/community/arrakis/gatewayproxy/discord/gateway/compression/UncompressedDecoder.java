package community.arrakis.gatewayproxy.discord.gateway.compression;

import java.nio.ByteBuffer;

/**
 * {@code compress} left out: a gateway message is the JSON itself, whether sent as binary or as text
 * frames, so the frames of one WebSocket message are only collected, under the same cap as a
 * compressed one.
 */
final class UncompressedDecoder implements StreamDecoder {
    private final MessageBuffer message;

    UncompressedDecoder(int maxMessageBytes) {
        this.message = new MessageBuffer("an uncompressed gateway message", maxMessageBytes);
    }

    @Override
    public byte[] feed(ByteBuffer data, boolean last) throws MessageTooLargeException {
        message.append(data);
        if (!last) {
            return null;
        }
        byte[] whole = message.toByteArray();
        message.clear();
        return whole;
    }

    @Override
    public void close() {
        // nothing native to free
    }
}
