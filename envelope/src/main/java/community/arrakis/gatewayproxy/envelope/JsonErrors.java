package community.arrakis.gatewayproxy.envelope;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;

/** A parse error in one line, without echoing the input (it may hold a token). */
final class JsonErrors {
    private JsonErrors() {
    }

    static String describe(IOException e) {
        if (e instanceof JsonProcessingException json) {
            String location = json.getLocation() == null ? ""
                    : " at offset " + json.getLocation().getCharOffset();
            return json.getOriginalMessage() + location;
        }
        return e.getMessage();
    }
}
