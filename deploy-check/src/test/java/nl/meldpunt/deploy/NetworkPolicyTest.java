package nl.meldpunt.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import nl.meldpunt.deploy.Repository.Manifest;
import nl.meldpunt.deploy.Repository.Service;

/** Default deny; each service talks to its own database and to Kafka, and is reached on its HTTP port only. */
class NetworkPolicyTest {

    private static final Map<String, Object> KAFKA_BROKERS = Map.of("strimzi.io/cluster", "meldpunt", "strimzi.io/broker-role", "true");

    @Test
    void everythingInTheNamespaceIsDeniedUnlessAllowed() {
        Map<String, Object> deny = Repository.manifest("NetworkPolicy", "default-deny").body();
        assertEquals(Map.of(), Tree.map(deny, "spec", "podSelector"));
        assertEquals(List.of("Ingress", "Egress"), Tree.list(deny, "spec", "policyTypes"));
        assertEquals(Set.of("podSelector", "policyTypes"), Tree.map(deny, "spec").keySet(), "no rule: nothing allowed");
    }

    @Test
    void everyPodMayLookUpNamesInTheClusterDns() {
        Map<String, Object> dns = Repository.manifest("NetworkPolicy", "allow-dns").body();
        assertEquals(Map.of(), Tree.map(dns, "spec", "podSelector"));
        assertEquals(List.of("Egress"), Tree.list(dns, "spec", "policyTypes"));
        assertEquals(Map.of("k8s-app", "kube-dns"), Tree.map(dns, "spec", "egress", 0, "to", 0, "podSelector", "matchLabels"));
        assertEquals(Set.of(53), ports(Tree.list(dns, "spec", "egress", 0, "ports")));
    }

    @ParameterizedTest
    @EnumSource(Service.class)
    void aServiceIsReachedOnlyOnItsHttpPort(Service service) {
        Map<String, Object> policy = policyOf(service);
        List<Object> ingress = Tree.list(policy, "spec", "ingress");
        assertEquals(1, ingress.size());
        assertEquals(Set.of(service.httpPort()), ports(Tree.list(ingress.get(0), "ports")));
    }

    @ParameterizedTest
    @EnumSource(Service.class)
    void aServiceReachesOnlyItsOwnDatabaseAndTheKafkaBrokers(Service service) {
        List<String> found = new ArrayList<>();
        for (Object rule : Tree.list(policyOf(service), "spec", "egress")) {
            Map<String, Object> to = Tree.map(rule, "to", 0);
            Set<Integer> ports = ports(Tree.list(rule, "ports"));
            Map<String, Object> labels = Tree.map(to, "podSelector", "matchLabels");
            if (labels.equals(Map.of("cnpg.io/cluster", service.database + "-db")) && ports.equals(Set.of(5432))) {
                found.add("own database");
            } else if (labels.equals(KAFKA_BROKERS) && ports.equals(Set.of(9092))) {
                found.add("kafka");
            } else if (service == Service.NOTIFICATION && to.containsKey("ipBlock") && ports.equals(Set.of(443))
                    && Tree.list(to, "ipBlock", "except").containsAll(List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"))) {
                // Webhook receivers: https on public addresses, as MELDPUNT_WEBHOOKS_NETWORK=PUBLIC_ONLY.
                found.add("public https");
            } else {
                found.add("unexpected " + rule);
            }
            assertEquals(1, Tree.list(rule, "to").size(), "one destination per rule: " + rule);
        }
        List<String> expected = service == Service.NOTIFICATION
                ? List.of("own database", "kafka", "public https") : List.of("own database", "kafka");
        assertEquals(expected, found);
    }

    @ParameterizedTest
    @EnumSource(Service.class)
    void aDatabaseClusterAcceptsOnlyItsOwnServiceAmongTheServices(Service service) {
        Set<String> admitted = new TreeSet<>();
        for (Manifest policy : Repository.manifests("NetworkPolicy")) {
            if (Map.of("cnpg.io/cluster", service.database + "-db").equals(Tree.map(policy.body(), "spec", "podSelector", "matchLabels"))) {
                for (Object rule : Tree.list(policy.body(), "spec", "ingress")) {
                    for (Object from : Tree.list(rule, "from")) {
                        admitted.add(Tree.string(from, "podSelector", "matchLabels", "app.kubernetes.io/name"));
                    }
                }
            }
        }
        assertEquals(Set.of(service.name), admitted);
    }

    @Test
    void onlyTheThreeServicesMayConnectToTheKafkaListener() {
        Map<String, Object> listener = Tree.map(Repository.manifest("Kafka", "meldpunt").body(), "spec", "kafka", "listeners", 0);
        assertEquals(9092, listener.get("port"));
        Map<String, Object> peer = Tree.map(listener, "networkPolicyPeers", 0, "podSelector", "matchExpressions", 0);
        assertEquals("app.kubernetes.io/name", peer.get("key"));
        assertEquals("In", peer.get("operator"));
        Set<String> services = new TreeSet<>();
        for (Service service : Service.values()) {
            services.add(service.name);
        }
        assertEquals(services, new TreeSet<>(Tree.list(peer, "values").stream().map(String::valueOf).toList()));
    }

    private static Map<String, Object> policyOf(Service service) {
        Map<String, Object> policy = Repository.manifest("NetworkPolicy", service.name).body();
        assertEquals(Map.of("app.kubernetes.io/name", service.name), Tree.map(policy, "spec", "podSelector", "matchLabels"));
        assertEquals(List.of("Ingress", "Egress"), Tree.list(policy, "spec", "policyTypes"));
        return policy;
    }

    private static Set<Integer> ports(List<Object> ports) {
        Set<Integer> numbers = new TreeSet<>();
        for (Object port : ports) {
            numbers.add((Integer) Tree.at(port, "port"));
        }
        return numbers;
    }
}
