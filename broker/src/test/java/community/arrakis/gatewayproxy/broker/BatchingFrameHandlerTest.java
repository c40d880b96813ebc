package community.arrakis.gatewayproxy.broker;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.impl.FrameHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What {@link BatchingFrameHandler} relies on in amqp-client's internals that the compiler does
 * not check; {@code WriteBatchingIT} checks the rest against the broker. A failure here follows an
 * amqp-client upgrade: its message says what changed and what to check.
 */
class BatchingFrameHandlerTest {

    @Test
    void passesEveryMethodOfTheClientsFrameHandlerToTheSocketsOwn() {
        List<String> notPassedOn = new ArrayList<>();
        for (Method method : FrameHandler.class.getMethods()) { // FrameHandler's and NetworkConnection's
            if (Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            try {
                Method ours = BatchingFrameHandler.class.getDeclaredMethod(method.getName(), method.getParameterTypes());
                if (!ours.getReturnType().equals(method.getReturnType())) {
                    notPassedOn.add(describe(method) + " (returns " + ours.getReturnType().getSimpleName() + " here)");
                }
            } catch (NoSuchMethodException e) {
                notPassedOn.add(describe(method) + (method.isDefault() ? " (a default method)" : ""));
            }
        }
        assertThat(notPassedOn)
                .as("amqp-client %s's FrameHandler has methods BatchingFrameHandler does not override, so they "
                        + "would not reach the socket's own handler: %s. Pass each to the delegate (or hold it back "
                        + "as flush is, if it writes to the socket), then check the list in BatchingFrameHandler's "
                        + "class comment and run WriteBatchingIT", BatchingFrameHandler.clientVersion(), notPassedOn)
                .isEmpty();
    }

    private static String describe(Method method) {
        return method.getName() + Arrays.stream(method.getParameterTypes()).map(Class::getSimpleName).toList()
                .toString().replace('[', '(').replace(']', ')');
    }
}
