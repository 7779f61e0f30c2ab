package nl.meldpunt.deploy;

import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import nl.meldpunt.deploy.Repository.Service;

/** What a service's application.properties reads from the environment, and what it consumes from Kafka. */
final class ServiceConfiguration {

    private static final Pattern INCOMING_TOPIC = Pattern.compile("mp\\.messaging\\.incoming\\.([^.]+)\\.topic");
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)");

    private final Properties properties;

    ServiceConfiguration(Service service) {
        this.properties = service.configuration();
    }

    /** The environment variable that sets a property (MicroProfile Config: upper case, other characters _). */
    static String environmentName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    /**
     * The variables production must set: those the file names as ${NAME...}, and the properties it sets
     * for the dev profile only (a database and Kafka on this machine), which production must supply.
     */
    Set<String> requiredEnvironment() {
        Set<String> required = new TreeSet<>(referencedVariables());
        for (String key : properties.stringPropertyNames()) {
            if (key.startsWith("%dev.")) {
                String property = key.substring("%dev.".length());
                if (!properties.containsKey(property)) {
                    required.add(environmentName(property));
                }
            }
        }
        return required;
    }

    /** Whether the service reads this variable: it is named as ${NAME...} or sets a property the file configures. */
    boolean reads(String variable) {
        if (referencedVariables().contains(variable)) {
            return true;
        }
        for (String key : properties.stringPropertyNames()) {
            String property = key.startsWith("%") ? key.substring(key.indexOf('.') + 1) : key;
            if (environmentName(property).equals(variable)) {
                return true;
            }
        }
        return false;
    }

    private Set<String> referencedVariables() {
        Set<String> names = new TreeSet<>();
        for (String key : properties.stringPropertyNames()) {
            Matcher m = REFERENCE.matcher(properties.getProperty(key));
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /** Topic consumed, by channel name, and the dead-letter topic of each. */
    Map<String, String> consumedTopicsWithDeadLetterTopics() {
        Map<String, String> topics = new TreeMap<>();
        for (String key : properties.stringPropertyNames()) {
            Matcher incoming = INCOMING_TOPIC.matcher(key);
            if (incoming.matches()) {
                String channel = incoming.group(1);
                topics.put(properties.getProperty(key),
                        properties.getProperty("mp.messaging.incoming." + channel + ".dead-letter-queue.topic"));
            }
        }
        return topics;
    }

    String get(String key) {
        return properties.getProperty(key);
    }
}
