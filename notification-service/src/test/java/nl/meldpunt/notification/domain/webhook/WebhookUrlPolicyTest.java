package nl.meldpunt.notification.domain.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import nl.meldpunt.notification.domain.webhook.WebhookUrlPolicy.Network;

/** The URL policy as a table: each URL, on each network, allowed or refused. */
class WebhookUrlPolicyTest {

    /** Names resolve from this table, never from the real DNS; literal addresses parse without a lookup. */
    private static final Map<String, List<String>> DNS = Map.of(
            "hooks.ap.example", List.of("203.0.114.10"),
            "localhost", List.of("127.0.0.1", "::1"),
            "rebind.example", List.of("93.184.215.14", "10.0.0.7"),
            "metadata.example", List.of("169.254.169.254"),
            "v6.example", List.of("2a00:1450:4001:82b::200e"));

    private static final WebhookUrlPolicy.Resolver RESOLVER = host -> {
        List<String> names = DNS.get(host);
        if (names == null) {
            if (host.matches("[0-9.]+") || host.contains(":")) {
                return List.of(InetAddress.getByName(host));
            }
            throw new UnknownHostException(host);
        }
        return names.stream().map(n -> {
            try {
                return InetAddress.getByName(n);
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    };

    static Stream<Arguments> table() {
        // url, allowed in production, allowed where loopback is allowed (dev, test, ./meldpunt up)
        return Stream.of(
                Arguments.of("https://hooks.ap.example/meldpunt", true, true),
                Arguments.of("http://hooks.ap.example/meldpunt", false, true),
                Arguments.of("ftp://hooks.ap.example/x", false, false),
                Arguments.of("https://user:pw@hooks.ap.example/x", false, false),
                Arguments.of("https://unknown.example/x", false, false),
                Arguments.of("not a url", false, false),
                Arguments.of("https://v6.example/x", true, true),
                Arguments.of("https://[2a00:1450:4001:82b::200e]/x", true, true),
                // loopback, in every spelling
                Arguments.of("http://localhost:9000/hook", false, true),
                Arguments.of("https://127.0.0.1/x", false, true),
                Arguments.of("https://127.1.2.3/x", false, true),
                Arguments.of("https://[::1]/x", false, true),
                Arguments.of("https://[::ffff:127.0.0.1]/x", false, true),
                Arguments.of("http://2130706433/", false, false),
                Arguments.of("http://0x7f000001/", false, false),
                Arguments.of("http://0177.0.0.1/", false, false),
                Arguments.of("http://127.1/", false, false),
                // private, shared and special ranges
                Arguments.of("https://10.1.2.3/x", false, false),
                Arguments.of("https://172.16.0.1/x", false, false),
                Arguments.of("https://172.31.255.255/x", false, false),
                Arguments.of("https://172.32.0.1/x", true, true),
                Arguments.of("https://192.168.1.1/x", false, false),
                Arguments.of("https://100.64.0.1/x", false, false),
                Arguments.of("https://100.128.0.1/x", true, true),
                Arguments.of("https://0.0.0.0/x", false, false),
                Arguments.of("https://169.254.1.1/x", false, false),
                Arguments.of("https://224.0.0.1/x", false, false),
                Arguments.of("https://255.255.255.255/x", false, false),
                Arguments.of("https://[fe80::1]/x", false, false),
                Arguments.of("https://[fd12:3456::1]/x", false, false),
                Arguments.of("https://[ff02::1]/x", false, false),
                Arguments.of("https://[::]/x", false, false),
                Arguments.of("https://[::ffff:10.0.0.1]/x", false, false),
                Arguments.of("https://[64:ff9b::a00:1]/x", false, false),
                Arguments.of("https://[2002:a00:1::]/x", false, false),
                Arguments.of("https://[2002:5db8:d70e::]/x", true, true),
                // cloud metadata: never, not even where loopback is allowed
                Arguments.of("http://169.254.169.254/latest/meta-data", false, false),
                Arguments.of("https://metadata.example/x", false, false),
                Arguments.of("https://[fd00:ec2::254]/x", false, false),
                Arguments.of("https://[::ffff:169.254.169.254]/x", false, false),
                Arguments.of("https://100.100.100.200/x", false, false),
                // a name with one private address among public ones is refused as a whole
                Arguments.of("https://rebind.example/x", false, false));
    }

    @ParameterizedTest(name = "{0}: production {1}, loopback allowed {2}")
    @MethodSource("table")
    void everyUrlIsAllowedOrRefusedAsTheTableSays(String url, boolean production, boolean loopbackAllowed) {
        assertEquals(production, new WebhookUrlPolicy(Network.PUBLIC_ONLY, RESOLVER).check(url).allowed(), "production");
        assertEquals(loopbackAllowed, new WebhookUrlPolicy(Network.LOOPBACK_ALLOWED, RESOLVER).check(url).allowed(),
                "loopback allowed");
    }
}
