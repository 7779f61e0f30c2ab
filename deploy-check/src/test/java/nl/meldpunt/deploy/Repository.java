package nl.meldpunt.deploy;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.stream.Stream;

import org.yaml.snakeyaml.Yaml;

/** The files of the repository that deploy-check compares: manifests, compose file, service configuration. */
final class Repository {

    static final Path ROOT = findRoot();
    static final Path MANIFESTS = ROOT.resolve("deploy/kubernetes");

    /** The three services and their databases; ports and everything else come from their application.properties. */
    enum Service {
        INCIDENT("incident-service", "incident"),
        INVESTIGATION("investigation-service", "investigation"),
        NOTIFICATION("notification-service", "notification");

        final String name;
        final String database;

        Service(String name, String database) {
            this.name = name;
            this.database = database;
        }

        Properties configuration() {
            Properties properties = new Properties();
            try (Reader in = Files.newBufferedReader(ROOT.resolve(name).resolve("src/main/resources/application.properties"))) {
                properties.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return properties;
        }

        int httpPort() {
            return Integer.parseInt(configuration().getProperty("quarkus.http.port"));
        }

        String pom() {
            return read(ROOT.resolve(name).resolve("pom.xml"));
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** One document of a manifest file, with the file it came from (for messages). */
    record Manifest(String file, Map<String, Object> body) {
        String kind() {
            return (String) body.get("kind");
        }

        String apiVersion() {
            return (String) body.get("apiVersion");
        }

        String name() {
            return Tree.string(body, "metadata", "name");
        }

        @Override
        public String toString() {
            return file + ": " + kind() + " " + name();
        }
    }

    private Repository() {
    }

    static List<Manifest> manifests() {
        List<Manifest> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(MANIFESTS)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                for (Object document : new Yaml().loadAll(read(file))) {
                    if (document != null) {
                        @SuppressWarnings("unchecked")
                        Map<String, Object> body = (Map<String, Object>) document;
                        all.add(new Manifest(file.getFileName().toString(), body));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return all;
    }

    static List<Manifest> manifests(String kind) {
        return manifests().stream().filter(m -> kind.equals(m.kind())).toList();
    }

    static Manifest manifest(String kind, String name) {
        return manifests(kind).stream().filter(m -> name.equals(m.name())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in " + MANIFESTS));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> compose() {
        return (Map<String, Object>) new Yaml().load(read(ROOT.resolve("docker-compose.yml")));
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path findRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("docker-compose.yml"))) {
            dir = dir.getParent();
        }
        return Objects.requireNonNull(dir, "repository root (with docker-compose.yml) above the working directory");
    }
}
