package community.arrakis.gatewayproxy.ingestor;

import community.arrakis.gatewayproxy.envelope.Envelope;
import java.util.concurrent.CompletableFuture;

/** Told of every event published, with its confirm; see {@link InteractionDeferrer}. */
interface InteractionWatch {

    /** When --defer-unconfirmed-interactions is off. */
    InteractionWatch OFF = (envelope, confirmed) -> { };

    /** Called on the gateway's thread: must not block. */
    void published(Envelope envelope, CompletableFuture<Void> confirmed);
}
