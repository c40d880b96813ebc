package community.arrakis.gatewayproxy.worker.migration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;

/**
 * A request body in one canonical form, so two bots that build the same message with their fields
 * in another order still match: object keys sorted, no whitespace. A body that is not JSON stays
 * as it is.
 */
public final class JsonNormaliser {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private JsonNormaliser() {
    }

    public static String normalise(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        try {
            JsonNode tree = JSON.readTree(body);
            Object plain = JSON.treeToValue(tree, Object.class);
            return JSON.writeValueAsString(plain);
        } catch (IOException e) {
            return body;
        }
    }
}
