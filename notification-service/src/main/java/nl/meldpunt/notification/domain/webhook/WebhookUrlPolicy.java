package nl.meldpunt.notification.domain.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which webhook URLs Meldpunt may call, so that a subscription cannot turn the platform against
 * its own network (server-side request forgery). Outside development and tests only https to
 * public addresses is allowed. The host is resolved and every address it resolves to must be
 * public; the check is made when a subscription is saved and again for every connection, because
 * a name may resolve differently later (DNS rebinding). Cloud-metadata addresses are refused
 * always, also where loopback is allowed.
 */
public final class WebhookUrlPolicy {

    /** Where receivers may live. */
    public enum Network {
        /** Production: https, public addresses only. */
        PUBLIC_ONLY,
        /** Development, tests and the run command on one machine: http or https, loopback allowed too. */
        LOOPBACK_ALLOWED
    }

    /** Resolves a host name to every address it has; {@link InetAddress#getAllByName} outside tests. */
    @FunctionalInterface
    public interface Resolver {
        List<InetAddress> resolve(String host) throws UnknownHostException;

        Resolver SYSTEM = host -> Arrays.asList(InetAddress.getAllByName(host));
    }

    /** The policy's answer: allowed with the addresses that may be connected to, or refused with the reason. */
    public record Verdict(boolean allowed, String reason, List<InetAddress> addresses) {

        static Verdict refused(String reason) {
            return new Verdict(false, reason, List.of());
        }
    }

    /** Instance metadata services of the large clouds: never a webhook receiver. */
    private static final Set<String> METADATA = Set.of("169.254.169.254", "169.254.170.2", "100.100.100.200",
            "168.63.129.16", "fd00:ec2:0:0:0:0:0:254");
    /** Numeric host spellings other than four plain decimal parts, such as 2130706433, 0x7f.1 or 0177.0.0.1. */
    private static final Pattern ODD_NUMERIC = Pattern.compile("^(0x[0-9a-f]+|[0-9]+)(\\.(0x[0-9a-f]+|[0-9]+)){0,3}$");
    private static final Pattern PLAIN_IPV4 = Pattern.compile("^(0|[1-9][0-9]{0,2})(\\.(0|[1-9][0-9]{0,2})){3}$");

    private final Network network;
    private final Resolver resolver;

    public WebhookUrlPolicy(Network network, Resolver resolver) {
        this.network = network;
        this.resolver = resolver;
    }

    public Verdict check(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException | NullPointerException e) {
            return Verdict.refused("is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(scheme.equals("http") && network == Network.LOOPBACK_ALLOWED)) {
            return Verdict.refused(network == Network.PUBLIC_ONLY ? "must use https" : "must use http or https");
        }
        if (uri.getRawUserInfo() != null) {
            return Verdict.refused("must not carry a user name or password");
        }
        if (uri.getRawFragment() != null) {
            return Verdict.refused("must not have a fragment");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            return Verdict.refused("names no host");
        }
        host = host.toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (ODD_NUMERIC.matcher(host).matches() && !PLAIN_IPV4.matcher(host).matches()) {
            // Resolvers disagree on these (octal, hex, a single 32-bit number): refuse rather than guess.
            return Verdict.refused("writes its address in an unusual numeric form; use a name or four decimal parts");
        }
        List<InetAddress> addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            return Verdict.refused("host " + host + " does not resolve");
        }
        if (addresses.isEmpty()) {
            return Verdict.refused("host " + host + " does not resolve");
        }
        for (InetAddress a : addresses) {
            Optional<String> refusal = refusal(a, network);
            if (refusal.isPresent()) {
                return Verdict.refused("resolves to " + a.getHostAddress() + ", " + refusal.get());
            }
        }
        return new Verdict(true, null, List.copyOf(addresses));
    }

    /** Why this address may not be called on this network, or empty when it may. */
    public static Optional<String> refusal(InetAddress address, Network network) {
        if (METADATA.contains(address.getHostAddress())) {
            return Optional.of("a cloud metadata address");
        }
        if (address instanceof Inet6Address v6) {
            Optional<InetAddress> embedded = embeddedIpv4(v6.getAddress());
            if (embedded.isPresent()) {
                return refusal(embedded.get(), network).map(r -> r + " (embedded in an IPv6 address)");
            }
        }
        if (address.isLoopbackAddress()) {
            return network == Network.LOOPBACK_ALLOWED ? Optional.empty() : Optional.of("a loopback address");
        }
        if (address.isAnyLocalAddress()) {
            return Optional.of("the unspecified address");
        }
        if (address.isLinkLocalAddress()) {
            return Optional.of("a link-local address");
        }
        if (address.isMulticastAddress()) {
            return Optional.of("a multicast address");
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int a0 = b[0] & 0xff;
            int a1 = b[1] & 0xff;
            int a2 = b[2] & 0xff;
            if (a0 == 10 || (a0 == 172 && a1 >= 16 && a1 <= 31) || (a0 == 192 && a1 == 168)) {
                return Optional.of("a private address");
            }
            if (a0 == 100 && a1 >= 64 && a1 <= 127) {
                return Optional.of("a carrier-grade NAT address");
            }
            if (a0 == 0) {
                return Optional.of("in 0.0.0.0/8, this network");
            }
            if (a0 >= 240) {
                return Optional.of("a reserved or broadcast address");
            }
            if ((a0 == 192 && a1 == 0 && (a2 == 0 || a2 == 2)) || (a0 == 198 && (a1 == 18 || a1 == 19))
                    || (a0 == 198 && a1 == 51 && a2 == 100) || (a0 == 203 && a1 == 0 && a2 == 113)) {
                return Optional.of("a special-purpose address (protocol assignments, documentation or benchmarking)");
            }
            return Optional.empty();
        }
        int first = b[0] & 0xff;
        if ((first & 0xfe) == 0xfc) {
            return Optional.of("a unique local (private) IPv6 address");
        }
        if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8) {
            return Optional.of("an IPv6 documentation address");
        }
        if ((first & 0xe0) != 0x20) {
            // Outside 2000::/3, the global unicast space, nothing is a public receiver.
            return Optional.of("outside the global unicast IPv6 space");
        }
        return Optional.empty();
    }

    /**
     * The IPv4 address inside an IPv6 one that carries it: IPv4-mapped (::ffff:0:0/96),
     * IPv4-compatible (::/96), NAT64 (64:ff9b::/96) and 6to4 (2002::/16).
     */
    static Optional<InetAddress> embeddedIpv4(byte[] b) {
        try {
            boolean zero80 = allZero(b, 0, 10);
            if (zero80 && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
                return Optional.of(InetAddress.getByAddress(Arrays.copyOfRange(b, 12, 16)));
            }
            if (zero80 && b[10] == 0 && b[11] == 0 && !allZero(b, 12, 15)) {
                return Optional.of(InetAddress.getByAddress(Arrays.copyOfRange(b, 12, 16)));
            }
            if (b[0] == 0 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b && allZero(b, 4, 12)) {
                return Optional.of(InetAddress.getByAddress(Arrays.copyOfRange(b, 12, 16)));
            }
            if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
                return Optional.of(InetAddress.getByAddress(Arrays.copyOfRange(b, 2, 6)));
            }
            return Optional.empty();
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always an IPv4 address", e);
        }
    }

    private static boolean allZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
