package io.gregor.broker.config;

import io.gregor.coordination.zk.EndPoint;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The broker's limits on request memory and connections, parsed and checked as Kafka does, plus
 * Gregor's bounded default for {@code queued.max.request.bytes}:
 * <ul>
 *   <li>{@code queued.max.request.bytes}: -1 (unbounded) or at least {@code socket.request.max.bytes};
 *       unset, a quarter of the maximum heap but at least {@code socket.request.max.bytes};</li>
 *   <li>{@code listener.name.<listener>.max.connections}: a positive integer, for a configured listener;</li>
 *   <li>{@code max.connections.per.ip.overrides}: {@code host:count,...} (the last colon separates, so IPv6
 *       addresses work), host names of Kafka's allowed characters, resolved now, counts non-negative;</li>
 *   <li>{@code max.connections.per.ip} may be 0 only with overrides.</li>
 * </ul>
 * Immutable.
 */
record NetworkLimits(long queuedMaxRequestBytes, Map<String, Integer> maxConnectionsPerListener,
                     Map<InetAddress, Integer> maxConnectionsPerIpOverrides) {
    private static final Pattern LISTENER_KEY = Pattern.compile("listener\\.name\\.([^.]+)\\.max\\.connections");
    private static final Pattern HOST = Pattern.compile("[0-9a-zA-Z\\-%._:]+");

    static boolean isListenerKey(String key) {
        return LISTENER_KEY.matcher(key).matches();
    }

    static NetworkLimits parse(Map<String, Object> values, Map<String, String> raw, List<EndPoint> listeners,
                               long maxHeapBytes) {
        return new NetworkLimits(queuedMaxRequestBytes(values, maxHeapBytes), perListener(raw, listeners),
                perIpOverrides(values));
    }

    private static long queuedMaxRequestBytes(Map<String, Object> values, long maxHeapBytes) {
        long maxRequest = (int) values.get("socket.request.max.bytes");
        Object set = values.get("queued.max.request.bytes");
        if (set == null) {
            return Math.max(maxRequest, maxHeapBytes / 4);
        }
        long bytes = (long) set;
        if (bytes != -1 && bytes < maxRequest) {
            throw new ConfigException("queued.max.request.bytes", bytes,
                    "must be -1 (unbounded) or at least socket.request.max.bytes (" + maxRequest + ")");
        }
        return bytes;
    }

    private static Map<String, Integer> perListener(Map<String, String> raw, List<EndPoint> listeners) {
        Map<String, Integer> limits = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : raw.entrySet()) {
            Matcher m = LISTENER_KEY.matcher(e.getKey());
            if (!m.matches()) {
                continue;
            }
            String listener = m.group(1);
            if (listeners.stream().noneMatch(l -> l.listenerName().equalsIgnoreCase(listener))) {
                throw new ConfigException(e.getKey(), e.getValue(), "no listener " + listener + " in listeners");
            }
            int limit;
            try {
                limit = Integer.parseInt(e.getValue().trim());
            } catch (NumberFormatException nfe) {
                throw new ConfigException(e.getKey(), "'" + e.getValue() + "'", "not a number");
            }
            if (limit <= 0) {
                throw new ConfigException(e.getKey(), limit, "must be positive");
            }
            String name = listeners.stream().map(EndPoint::listenerName).filter(n -> n.equalsIgnoreCase(listener))
                    .findFirst().orElseThrow();
            limits.put(name, limit);
        }
        return limits;
    }

    private static Map<InetAddress, Integer> perIpOverrides(Map<String, Object> values) {
        String text = ((String) values.get("max.connections.per.ip.overrides")).trim();
        Map<InetAddress, Integer> overrides = new LinkedHashMap<>();
        if (!text.isEmpty()) {
            for (String entry : text.split("\\s*,\\s*")) {
                int colon = entry.lastIndexOf(':');
                String host = colon < 0 ? "" : entry.substring(0, colon).trim();
                if (colon < 0 || !HOST.matcher(host).matches()) {
                    throw new ConfigException("max.connections.per.ip.overrides", entry,
                            "entries must be host:count with a host name or address");
                }
                int count;
                try {
                    count = Integer.parseInt(entry.substring(colon + 1).trim());
                } catch (NumberFormatException e) {
                    throw new ConfigException("max.connections.per.ip.overrides", entry, "the count is not a number");
                }
                if (count < 0) {
                    throw new ConfigException("max.connections.per.ip.overrides", entry, "the count must not be negative");
                }
                try {
                    overrides.put(InetAddress.getByName(host), count);
                } catch (UnknownHostException e) {
                    throw new ConfigException("max.connections.per.ip.overrides", entry, "unknown host " + host);
                }
            }
        }
        if ((int) values.get("max.connections.per.ip") == 0 && overrides.isEmpty()) {
            throw new ConfigException("max.connections.per.ip", 0,
                    "can be set to zero only if max.connections.per.ip.overrides is set");
        }
        return Map.copyOf(overrides);
    }
}
