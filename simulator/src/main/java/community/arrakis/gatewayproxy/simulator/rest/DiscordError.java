package community.arrakis.gatewayproxy.simulator.rest;

import community.arrakis.gatewayproxy.simulator.json.Json;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Discord's JSON error codes with the HTTP status the simulator pairs them with. The statuses are
 * the ones observed from real Discord (the docs list only the JSON codes).
 */
public enum DiscordError {
    UNAUTHORIZED(401, 0, "401: Unauthorized"),
    NOT_FOUND(404, 0, "404: Not Found"),
    METHOD_NOT_ALLOWED(405, 0, "405: Method Not Allowed"),
    UNKNOWN_CHANNEL(404, 10003, "Unknown Channel"),
    UNKNOWN_GUILD(404, 10004, "Unknown Guild"),
    UNKNOWN_MEMBER(404, 10007, "Unknown Member"),
    UNKNOWN_MESSAGE(404, 10008, "Unknown Message"),
    UNKNOWN_ROLE(404, 10011, "Unknown Role"),
    UNKNOWN_USER(404, 10013, "Unknown User"),
    UNKNOWN_WEBHOOK(404, 10015, "Unknown Webhook"),
    UNKNOWN_INTERACTION(404, 10062, "Unknown interaction"),
    INTERACTION_ALREADY_ACKNOWLEDGED(400, 40060, "Interaction has already been acknowledged."),
    EMPTY_MESSAGE(400, 50006, "Cannot send an empty message"),
    INVALID_WEBHOOK_TOKEN(401, 50027, "Invalid Webhook Token"),
    INVALID_RECIPIENT(400, 50033, "Invalid Recipient(s)"),
    INVALID_FORM_BODY(400, 50035, "Invalid Form Body");

    private final int status;
    private final int code;
    private final String message;

    DiscordError(int status, int code, String message) {
        this.status = status;
        this.code = code;
        this.message = message;
    }

    public int status() {
        return status;
    }

    public int code() {
        return code;
    }

    public RestResponse response() {
        return RestResponse.json(status, body());
    }

    public ObjectNode body() {
        return Json.object().put("message", message).put("code", code);
    }

    /** 50035 with Discord's nested {@code errors} object naming the offending field. */
    public static RestResponse invalidFormBody(String field, String errorCode, String errorMessage) {
        ObjectNode body = INVALID_FORM_BODY.body();
        body.putObject("errors").putObject(field).putArray("_errors").addObject()
                .put("code", errorCode).put("message", errorMessage);
        return RestResponse.json(INVALID_FORM_BODY.status, body);
    }
}
