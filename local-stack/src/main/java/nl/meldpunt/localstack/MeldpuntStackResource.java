package nl.meldpunt.localstack;

import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points a service's {@code @QuarkusTest} suite at the real Kafka broker and PostgreSQL
 * server of {@link SharedStack}. The init argument {@code database} names the service's
 * own database. The stack starts once per test JVM and outlives individual test classes.
 */
public class MeldpuntStackResource implements QuarkusTestResourceLifecycleManager {

    private String database = "incident";

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
    }

    @Override
    public Map<String, String> start() {
        LocalStack stack = SharedStack.stack();
        Map<String, String> config = new HashMap<>();
        config.put("kafka.bootstrap.servers", stack.bootstrapServers());
        config.put("quarkus.datasource.jdbc.url", stack.jdbcUrl(database));
        config.put("quarkus.datasource.username", LocalStack.DB_USER);
        config.put("quarkus.datasource.password", LocalStack.DB_PASSWORD);
        config.put("quarkus.oidc.public-key", SharedStack.keys().publicKeyBase64());
        config.put("quarkus.oidc.token.issuer", Tokens.ISSUER);
        return config;
    }

    @Override
    public void stop() {
        // the stack is shared by every test class in this JVM; a shutdown hook stops it
    }
}
