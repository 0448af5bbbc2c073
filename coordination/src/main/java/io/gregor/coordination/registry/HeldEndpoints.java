package io.gregor.coordination.registry;

import io.gregor.coordination.zk.EndPoint;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The advertised endpoints this process provably holds: for each, the listener of the same name is
 * bound here to the advertised port, on the wildcard address or on every address the advertised
 * host resolves to, and each of those addresses belongs to this machine. A listening port has one
 * owner on a machine (Gregor binds with SO_REUSEADDR, never SO_REUSEPORT), so while this process
 * holds an endpoint no other live process serves it: a registration of our broker id with exactly
 * these endpoints, owned by another ZooKeeper session, was left by a process that is gone.
 *
 * @param endpoints the advertised endpoints that passed the test
 */
public record HeldEndpoints(Set<EndPoint> endpoints) {

    /** Proves nothing: stale registrations are waited out. */
    public static final HeldEndpoints NONE = new HeldEndpoints(Set.of());

    public HeldEndpoints {
        endpoints = Set.copyOf(endpoints);
    }

    /**
     * The endpoints of {@code advertised} that this process holds, given where each listener is bound
     * ({@code boundAddress} by listener name; null when the listener is not bound).
     */
    public static HeldEndpoints of(List<EndPoint> advertised, Function<String, InetSocketAddress> boundAddress) {
        Set<EndPoint> held = new LinkedHashSet<>();
        for (EndPoint endpoint : advertised) {
            InetSocketAddress bound = boundAddress.apply(endpoint.listenerName());
            if (bound != null && bound.getPort() == endpoint.port() && endpoint.host() != null
                    && coversLocalHost(bound.getAddress(), endpoint.host())) {
                held.add(endpoint);
            }
        }
        return new HeldEndpoints(held);
    }

    /** True when {@code candidate} is non-empty and every endpoint in it is held. */
    public boolean holdsAll(Collection<EndPoint> candidate) {
        return !candidate.isEmpty() && endpoints.containsAll(candidate);
    }

    private static boolean coversLocalHost(InetAddress boundTo, String host) {
        InetAddress[] resolved;
        try {
            resolved = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            return false;
        }
        for (InetAddress address : resolved) {
            if (!isOfThisMachine(address) || !(boundTo.isAnyLocalAddress() || boundTo.equals(address))) {
                return false;
            }
        }
        return resolved.length > 0;
    }

    private static boolean isOfThisMachine(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress()) {
            return true;
        }
        try {
            return NetworkInterface.getByInetAddress(address) != null;
        } catch (SocketException e) {
            return false;
        }
    }
}
