package nl.meldpunt.systemtests;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.yaml.snakeyaml.Yaml;

import nl.meldpunt.contract.Topic;
import nl.meldpunt.localstack.LocalStack;
import nl.meldpunt.systemtests.RunningPlatform.Service;

/**
 * docker-compose.yml cannot run on a machine without Docker, so its structure is checked here:
 * it must describe the same system that {@code ./meldpunt up} runs.
 */
class DockerComposeFileTest {

    private static final Path ROOT = RunningPlatform.repositoryRoot();
    private static Map<String, Map<String, Object>> services;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void readComposeFile() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
        services = (Map<String, Map<String, Object>>) compose.get("services");
    }

    @Test
    void kafkaIsASingleKraftNodeFromTheOfficialImage() {
        Map<String, Object> kafka = service("kafka");
        assertThat((String) kafka.get("image"), startsWith("apache/kafka:"));
        assertThat(environment(kafka).get("KAFKA_PROCESS_ROLES"), equalTo("broker,controller"));
        assertThat(kafka, hasKey("healthcheck"));
    }

    @Test
    void everyTopicAndTheDeadLetterTopicOfEveryConsumerGroupIsCreated() {
        String command = String.valueOf(service("kafka-topics").get("command"));
        for (Topic topic : Topic.values()) {
            assertThat(command, containsString(topic.topicName()));
        }
        for (String dlq : Topic.allDeadLetterTopicNames()) {
            assertThat(command, containsString(dlq));
        }
    }

    @Test
    void theLocalStackCreatesTheSameDeadLetterTopicsAsTheContractNames() {
        assertThat(nl.meldpunt.localstack.LocalStack.DEAD_LETTER_TOPICS,
                org.hamcrest.Matchers.containsInAnyOrder(Topic.allDeadLetterTopicNames().toArray()));
    }

    @Test
    void postgresIs17AndRunsTheInitScripts() {
        Map<String, Object> postgres = service("postgres");
        assertThat(postgres.get("image"), equalTo("postgres:17"));
        assertThat(postgres, hasKey("healthcheck"));
        assertThat(strings(postgres.get("volumes")), hasItem(startsWith("./docker/postgres-init:/docker-entrypoint-initdb.d")));
    }

    @Test
    void theInitScriptCreatesTheRoleAndTheDatabaseOfEveryService() throws IOException {
        String sql = Files.readString(ROOT.resolve("docker/postgres-init/01-databases.sql"));
        assertThat(sql, containsString("CREATE ROLE " + LocalStack.DB_USER + " LOGIN"));
        Matcher created = Pattern.compile("CREATE DATABASE (\\w+) OWNER " + LocalStack.DB_USER).matcher(sql);
        Set<String> databases = created.results().map(m -> m.group(1)).collect(Collectors.toSet());
        assertThat(databases, equalTo(Set.copyOf(LocalStack.DATABASES)));
    }

    @ParameterizedTest
    @EnumSource(Service.class)
    void eachServiceIsBuiltFromItsJvmDockerfile(Service service) {
        @SuppressWarnings("unchecked")
        Map<String, Object> build = (Map<String, Object>) service(service).get("build");
        assertThat(build.get("context"), equalTo("./" + service.moduleName()));
        assertThat(build.get("dockerfile"), equalTo("src/main/docker/Dockerfile.jvm"));
        Path dockerfile = ROOT.resolve(service.moduleName()).resolve("src/main/docker/Dockerfile.jvm");
        assertTrue(Files.isRegularFile(dockerfile), dockerfile + " exists");
    }

    @ParameterizedTest
    @EnumSource(Service.class)
    void eachServiceIsHealthyOnlyWhenReady(Service service) {
        @SuppressWarnings("unchecked")
        Map<String, Object> healthcheck = (Map<String, Object>) service(service).get("healthcheck");
        assertThat(service.moduleName() + " healthcheck", healthcheck, notNullValue());
        assertThat(String.valueOf(healthcheck.get("test")), containsString("/q/health/ready"));
    }

    @ParameterizedTest
    @EnumSource(Service.class)
    void eachServiceIsConfiguredThroughTheEnvironment(Service service) {
        Map<String, Object> env = environment(service(service));
        for (String variable : List.of("KAFKA_BOOTSTRAP_SERVERS", "QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_DATASOURCE_USERNAME",
                "QUARKUS_DATASOURCE_PASSWORD", "OIDC_PUBLIC_KEY", "OIDC_ISSUER", "OIDC_AUDIENCE")) {
            assertThat(service.moduleName() + " environment", env, hasKey(variable));
        }
        assertThat(String.valueOf(env.get("QUARKUS_DATASOURCE_JDBC_URL")), endsWith("/" + service.database()));
        // the key comes from the .env file, never from the repository
        assertThat(String.valueOf(env.get("OIDC_PUBLIC_KEY")), startsWith("${OIDC_PUBLIC_KEY"));
    }

    private static Map<String, Object> service(Service service) {
        return service(service.moduleName());
    }

    private static Map<String, Object> service(String name) {
        Map<String, Object> compose = services.get(name);
        assertThat("service " + name, compose, notNullValue());
        return compose;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> environment(Map<String, Object> service) {
        return (Map<String, Object>) service.get("environment");
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object list) {
        return (List<String>) list;
    }
}
