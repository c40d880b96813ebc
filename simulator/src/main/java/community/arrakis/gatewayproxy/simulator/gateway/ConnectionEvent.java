package community.arrakis.gatewayproxy.simulator.gateway;

/** Everything that can happen to a connection: client payloads, timers, faults and transport events. */
public sealed interface ConnectionEvent {
    record HeartbeatReceived() implements ConnectionEvent { }

    record IdentifyReceived(IdentifyVerdict verdict) implements ConnectionEvent { }

    record ResumeReceived(ResumeVerdict verdict) implements ConnectionEvent { }

    record CommandReceived(Opcode opcode) implements ConnectionEvent { }

    record UnknownOpcodeReceived(int op) implements ConnectionEvent { }

    record InvalidPayloadReceived(int op) implements ConnectionEvent { }

    record UndecodablePayloadReceived() implements ConnectionEvent { }

    record HeartbeatDeadlineMissed() implements ConnectionEvent { }

    record SendLimitExceeded() implements ConnectionEvent { }

    record ClientClosed(int code) implements ConnectionEvent { }

    record TransportLost() implements ConnectionEvent { }

    /** Fault injection: the server closes with this code. */
    record ServerCloseRequested(int code, String reason) implements ConnectionEvent { }

    /** Fault injection: the server sends op 9 with this {@code d}. */
    record SessionInvalidationRequested(boolean resumable) implements ConnectionEvent { }
}
