package community.arrakis.gatewayproxy.discord.gateway.protocol;

import java.util.Arrays;

/**
 * One received gateway payload, read but not copied: {@code d} is kept as a byte range of the
 * message it came in, so a dispatch can be forwarded exactly as Discord sent it.
 *
 * @param op        the opcode number (kept as a number so unknown opcodes can be logged)
 * @param sequence  {@code s}, or {@link #NO_SEQUENCE} when null or absent
 * @param type      {@code t}, or null
 * @param message   the whole message the frame was read from (after decompression)
 * @param dataStart offset of the first byte of {@code d}'s value in {@code message}, -1 if absent
 * @param dataEnd   offset just after the last byte of {@code d}'s value
 * @param dataKind  what {@code d} holds, so op 9's boolean needs no second parse
 */
public record GatewayFrame(int op, long sequence, String type, byte[] message, int dataStart, int dataEnd,
                           DataKind dataKind) {

    public static final long NO_SEQUENCE = -1;

    /** The JSON shape of {@code d}. */
    public enum DataKind { ABSENT, NULL, TRUE, FALSE, OBJECT, ARRAY, OTHER }

    public Opcode opcode() {
        return Opcode.of(op);
    }

    public boolean hasSequence() {
        return sequence != NO_SEQUENCE;
    }

    /** A copy of the raw bytes of {@code d} ({@code null} as text when absent). */
    public byte[] data() {
        if (dataStart < 0) {
            return new byte[] {'n', 'u', 'l', 'l'};
        }
        return Arrays.copyOfRange(message, dataStart, dataEnd);
    }

    public int dataLength() {
        return dataStart < 0 ? 0 : dataEnd - dataStart;
    }
}
