package community.arrakis.gatewayproxy.discord.gateway.transport;

import io.netty.channel.IoHandle;
import io.netty.channel.IoHandler;
import io.netty.channel.IoHandlerContext;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.IoRegistration;

/**
 * Netty's I/O handler with a {@link ReadBatchHook} around each of its passes: one pass waits for
 * the sockets that are ready and reads each of them, so everything the listeners do with what one
 * pass read (for every connection the thread serves) falls between one {@code readStarted} and
 * one {@code readEnded}.
 */
final class ReadBatchingIoHandler implements IoHandler {

    private final IoHandler delegate;
    private final ReadBatchHook hook;

    private ReadBatchingIoHandler(IoHandler delegate, ReadBatchHook hook) {
        this.delegate = delegate;
        this.hook = hook;
    }

    static IoHandlerFactory around(IoHandlerFactory handlers, ReadBatchHook hook) {
        return executor -> new ReadBatchingIoHandler(handlers.newHandler(executor), hook);
    }

    @Override
    public int run(IoHandlerContext context) {
        hook.readStarted();
        try {
            return delegate.run(context);
        } finally {
            hook.readEnded();
        }
    }

    @Override
    public void initialize() {
        delegate.initialize();
    }

    @Override
    public void prepareToDestroy() {
        delegate.prepareToDestroy();
    }

    @Override
    public void destroy() {
        delegate.destroy();
    }

    @Override
    public IoRegistration register(IoHandle handle) throws Exception {
        return delegate.register(handle);
    }

    @Override
    public void wakeup() {
        delegate.wakeup();
    }

    @Override
    public boolean isCompatible(Class<? extends IoHandle> handleType) {
        return delegate.isCompatible(handleType);
    }
}
