package nl.meldpunt.deploy;

import java.util.LinkedHashMap;
import java.util.Map;

import nl.meldpunt.deploy.Repository.Service;

/** The parts of a service's Deployment that the checks compare. */
final class Workloads {

    private Workloads() {
    }

    static Map<String, Object> deployment(Service service) {
        return Repository.manifest("Deployment", service.name).body();
    }

    static Map<String, Object> container(Service service) {
        return Tree.map(deployment(service), "spec", "template", "spec", "containers", 0);
    }

    /** The container's environment by name: each entry's value or valueFrom. */
    static Map<String, Map<String, Object>> environment(Service service) {
        Map<String, Map<String, Object>> env = new LinkedHashMap<>();
        for (Object entry : Tree.list(container(service), "env")) {
            env.put(Tree.string(entry, "name"), Tree.map(entry));
        }
        return env;
    }

    /** The value a variable takes: a literal, or the value of its ConfigMap key; null when it comes from a Secret. */
    static String value(Service service, String variable) {
        Map<String, Object> entry = environment(service).get(variable);
        if (entry == null) {
            return null;
        }
        if (entry.containsKey("value")) {
            return String.valueOf(entry.get("value"));
        }
        String configMap = Tree.string(entry, "valueFrom", "configMapKeyRef", "name");
        if (configMap == null) {
            return null;
        }
        return Tree.string(Repository.manifest("ConfigMap", configMap).body(), "data",
                Tree.string(entry, "valueFrom", "configMapKeyRef", "key"));
    }

    /** The container port with this name. */
    static int port(Service service, String name) {
        for (Object port : Tree.list(container(service), "ports")) {
            if (name.equals(Tree.string(port, "name"))) {
                return (Integer) Tree.at(port, "containerPort");
            }
        }
        throw new AssertionError(service + " has no container port " + name);
    }
}
