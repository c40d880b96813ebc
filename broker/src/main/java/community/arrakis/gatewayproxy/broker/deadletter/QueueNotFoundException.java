package community.arrakis.gatewayproxy.broker.deadletter;

import java.io.IOException;

/** The broker has no queue or exchange of that name: usually a topology prefix that is not the bot's. */
public final class QueueNotFoundException extends IOException {

    private final String name;

    public QueueNotFoundException(String kind, String name) {
        super(kind + " " + name + " does not exist on this broker");
        this.name = name;
    }

    public String name() {
        return name;
    }
}
