package community.arrakis.gatewayproxy.testkit;

/**
 * Where the machine's RabbitMQ and Redis are, which every integration test shares: the
 * {@code RABBITMQ_URL} and {@code REDIS_URL} environment variables, else the local defaults.
 * Tests keep to names of their own on them (a topology prefix, {@link RedisKeys}) and never stop,
 * reconfigure or flush them; a test that kills a dependency starts its own ({@link PrivateRedis},
 * {@link PrivateRabbit}) or cuts its own connections ({@link TcpProxy}).
 */
public final class SharedServices {

    public static final String AMQP_URL = System.getenv().getOrDefault("RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672");
    public static final String REDIS_URL = System.getenv().getOrDefault("REDIS_URL", "redis://127.0.0.1:6379");

    private SharedServices() {
    }
}
