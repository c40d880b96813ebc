package community.arrakis.gatewayproxy.simulator.gateway;

import community.arrakis.gatewayproxy.simulator.json.Json;
import com.fasterxml.jackson.databind.JsonNode;

/** Turns raw client payloads into {@link ClientFrame}s, enforcing the 4096-byte limit. */
public final class ClientFrameDecoder {
    public static final int MAX_PAYLOAD_BYTES = 4096;

    private ClientFrameDecoder() {
    }

    public static ClientFrame decode(byte[] utf8) {
        if (utf8.length > MAX_PAYLOAD_BYTES) {
            return new ClientFrame.Undecodable("payload of " + utf8.length + " bytes is over " + MAX_PAYLOAD_BYTES);
        }
        JsonNode root = Json.parseOrNull(utf8);
        if (root == null || !root.isObject()) {
            return new ClientFrame.Undecodable("not a JSON object");
        }
        JsonNode op = root.get("op");
        if (op == null || !op.isInt()) {
            return new ClientFrame.UnknownOpcode(-1);
        }
        Opcode opcode = Opcode.clientOpcode(op.intValue());
        if (opcode == null) {
            return new ClientFrame.UnknownOpcode(op.intValue());
        }
        JsonNode d = root.path("d");
        return switch (opcode) {
            case HEARTBEAT -> heartbeat(d);
            case IDENTIFY -> identify(d);
            case RESUME -> resume(d);
            default -> new ClientFrame.Command(opcode);
        };
    }

    private static ClientFrame heartbeat(JsonNode d) {
        if (d.isMissingNode() || d.isNull()) {
            return new ClientFrame.Heartbeat(null);
        }
        return d.isIntegralNumber() ? new ClientFrame.Heartbeat(d.longValue())
                : new ClientFrame.InvalidPayload(Opcode.HEARTBEAT.code());
    }

    private static ClientFrame identify(JsonNode d) {
        JsonNode token = d.path("token");
        JsonNode intents = d.path("intents");
        if (!token.isTextual() || !d.path("properties").isObject() || !intents.isIntegralNumber()) {
            return new ClientFrame.InvalidPayload(Opcode.IDENTIFY.code());
        }
        JsonNode shard = d.path("shard");
        if (shard.isMissingNode() || shard.isNull()) {
            return new ClientFrame.Identify(new IdentifyRequest(token.textValue(), 0, 1, false, intents.longValue()));
        }
        if (!shard.isArray() || shard.size() != 2 || !shard.get(0).isInt() || !shard.get(1).isInt()) {
            return new ClientFrame.InvalidPayload(Opcode.IDENTIFY.code());
        }
        return new ClientFrame.Identify(new IdentifyRequest(token.textValue(), shard.get(0).intValue(),
                shard.get(1).intValue(), true, intents.longValue()));
    }

    private static ClientFrame resume(JsonNode d) {
        JsonNode token = d.path("token");
        JsonNode sessionId = d.path("session_id");
        JsonNode seq = d.path("seq");
        if (!token.isTextual() || !sessionId.isTextual() || !(seq.isIntegralNumber() || seq.isNull())) {
            return new ClientFrame.InvalidPayload(Opcode.RESUME.code());
        }
        return new ClientFrame.Resume(token.textValue(), sessionId.textValue(), seq.isNull() ? 0 : seq.longValue());
    }
}
