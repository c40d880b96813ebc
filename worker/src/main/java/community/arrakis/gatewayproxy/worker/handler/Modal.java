package community.arrakis.gatewayproxy.worker.handler;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A modal to open with {@link InteractionContext#openModal(Modal)}: a title and 1..5 text inputs.
 * Each input is wrapped in a Label component (type 18), Discord's current layout; the submitted
 * values arrive in {@link InteractionContext#modalValues()} keyed by the input's custom id.
 */
public final class Modal {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SHORT = 1;
    private static final int PARAGRAPH = 2;

    private final String customId;
    private final String title;
    private final List<ObjectNode> inputs = new ArrayList<>();

    private Modal(String customId, String title) {
        if (customId == null || customId.isEmpty() || customId.length() > 100) {
            throw new IllegalArgumentException("modal custom id must be 1..100 characters");
        }
        if (title == null || title.isEmpty() || title.length() > 45) {
            throw new IllegalArgumentException("modal title must be 1..45 characters");
        }
        this.customId = customId;
        this.title = title;
    }

    public static Modal create(String customId, String title) {
        return new Modal(customId, title);
    }

    /** A one-line text input. */
    public Modal shortInput(String inputId, String label, boolean required) {
        return input(inputId, label, SHORT, required);
    }

    /** A multi-line text input. */
    public Modal paragraphInput(String inputId, String label, boolean required) {
        return input(inputId, label, PARAGRAPH, required);
    }

    private Modal input(String inputId, String label, int style, boolean required) {
        if (inputs.size() == 5) {
            throw new IllegalStateException("a modal holds at most 5 inputs");
        }
        ObjectNode wrapper = JSON.createObjectNode().put("type", 18).put("label", label);
        wrapper.putObject("component")
                .put("type", 4).put("custom_id", inputId).put("style", style).put("required", required);
        inputs.add(wrapper);
        return this;
    }

    public String customId() {
        return customId;
    }

    /** The callback's {@code data} object. */
    public String toJson() {
        if (inputs.isEmpty()) {
            throw new IllegalStateException("a modal needs at least one input");
        }
        ObjectNode data = JSON.createObjectNode().put("custom_id", customId).put("title", title);
        ArrayNode components = data.putArray("components");
        inputs.forEach(components::add);
        return data.toString();
    }
}
