package io.gregor.broker.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.broker.network.ConnectionLimits;
import io.gregor.broker.network.SocketServerSettings;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** queued.max.request.bytes and the connection limits: Kafka's keys, checks and syntax; Gregor's bounded default. */
class NetworkLimitsConfigTest {
    private static Map<String, String> minimal(String... pairs) {
        Map<String, String> raw = new HashMap<>(Map.of("broker.id", "1", "zookeeper.connect", "127.0.0.1:2181"));
        for (int i = 0; i < pairs.length; i += 2) {
            raw.put(pairs[i], pairs[i + 1]);
        }
        return raw;
    }

    private static ConfigException rejected(String... pairs) {
        return assertThrows(ConfigException.class, () -> BrokerConfig.fromMap(minimal(pairs)));
    }

    @Test
    void requestMemoryIsBoundedByDefaultToAQuarterOfTheHeapButNotBelowTheLargestRequest() {
        BrokerConfig c = BrokerConfig.fromMap(minimal());
        long expected = Math.max(104_857_600L, Runtime.getRuntime().maxMemory() / 4);
        assertEquals(expected, c.queuedMaxRequestBytes());
        assertEquals(Long.toString(expected), c.effectiveValues().get("queued.max.request.bytes"));
        assertEquals(expected, SocketServerSettings.from(c).queuedMaxRequestBytes());
    }

    @Test
    void requestMemoryTakesKafkasMinusOneForUnboundedAndAnyValueFromTheLargestRequestUp() {
        assertEquals(-1, BrokerConfig.fromMap(minimal("queued.max.request.bytes", "-1")).queuedMaxRequestBytes());
        assertEquals(SocketServerSettings.UNBOUNDED,
                SocketServerSettings.from(BrokerConfig.fromMap(minimal("queued.max.request.bytes", "-1"))).queuedMaxRequestBytes());
        assertEquals(2_000_000, BrokerConfig.fromMap(minimal("socket.request.max.bytes", "1000000",
                "queued.max.request.bytes", "2000000")).queuedMaxRequestBytes());
    }

    @Test
    void requestMemoryBelowTheLargestRequestOrZeroStopsStartupNamingTheKey() {
        for (String bad : new String[]{"0", "-2", "1000", "abc"}) {
            ConfigException e = rejected("queued.max.request.bytes", bad);
            assertEquals("queued.max.request.bytes", e.key(), bad);
            assertTrue(e.getMessage().lines().count() == 1);
        }
    }

    @Test
    void connectionLimitsDefaultToKafkasUnlimited() {
        BrokerConfig c = BrokerConfig.fromMap(minimal());
        assertEquals(Integer.MAX_VALUE, c.maxConnections());
        assertEquals(Integer.MAX_VALUE, c.maxConnectionsPerIp());
        assertEquals(Map.of(), c.maxConnectionsPerIpOverrides());
        assertEquals(Map.of(), c.maxConnectionsPerListener());
        assertEquals(600_000, c.connectionsMaxIdleMs());
    }

    @Test
    void perIpOverridesTakeHostsAndAddressesIncludingIpv6SplitAtTheLastColon() throws Exception {
        BrokerConfig c = BrokerConfig.fromMap(minimal("max.connections.per.ip", "0",
                "max.connections.per.ip.overrides", "127.0.0.2:5, localhost:7 ,::1:9"));
        assertEquals(Map.of(InetAddress.getByName("127.0.0.2"), 5, InetAddress.getByName("localhost"), 7,
                InetAddress.getByName("::1"), 9), c.maxConnectionsPerIpOverrides());
        ConnectionLimits limits = SocketServerSettings.from(c).connectionLimits();
        assertEquals(0, limits.maxConnectionsPerIp());
        assertEquals(c.maxConnectionsPerIpOverrides(), limits.maxConnectionsPerIpOverrides());
    }

    @Test
    void badConnectionLimitsStopStartupNamingTheKey() {
        assertEquals("max.connections", rejected("max.connections", "-1").key());
        assertEquals("max.connections.per.ip", rejected("max.connections.per.ip", "-1").key());
        assertEquals("max.connections.per.ip", rejected("max.connections.per.ip", "0").key()); // no overrides
        assertEquals("max.connections.per.ip.overrides", rejected("max.connections.per.ip.overrides", "127.0.0.1").key());
        assertEquals("max.connections.per.ip.overrides", rejected("max.connections.per.ip.overrides", "127.0.0.1:x").key());
        assertEquals("max.connections.per.ip.overrides", rejected("max.connections.per.ip.overrides", "127.0.0.1:-3").key());
        assertEquals("max.connections.per.ip.overrides", rejected("max.connections.per.ip.overrides", "bad host!:3").key());
        assertEquals("max.connections.per.ip.overrides",
                rejected("max.connections.per.ip.overrides", "no-such-host.invalid:3").key());
        assertEquals("connections.max.idle.ms", rejected("connections.max.idle.ms", "soon").key());
    }

    @Test
    void aListenerLimitAppliesToItsListenerWhateverTheCaseOfItsName() {
        BrokerConfig c = BrokerConfig.fromMap(minimal(
                "listeners", "CLIENT://127.0.0.1:0,INTERNAL://127.0.0.1:0",
                "listener.security.protocol.map", "CLIENT:PLAINTEXT,INTERNAL:PLAINTEXT",
                "inter.broker.listener.name", "INTERNAL",
                "listener.name.client.max.connections", "10", "max.connections", "50"));
        assertEquals(Map.of("CLIENT", 10), c.maxConnectionsPerListener());
        ConnectionLimits limits = SocketServerSettings.from(c).connectionLimits();
        assertEquals(50, limits.maxConnections());
        assertEquals("INTERNAL", limits.interBrokerListenerName());
        assertEquals(Map.of("CLIENT", 10), limits.maxConnectionsPerListener());
    }

    @Test
    void aListenerLimitForAnUnknownListenerOrNotPositiveStopsStartupNamingTheKey() {
        assertEquals("listener.name.other.max.connections", rejected("listener.name.other.max.connections", "5").key());
        assertEquals("listener.name.plaintext.max.connections",
                rejected("listener.name.plaintext.max.connections", "0").key());
        assertEquals("listener.name.plaintext.max.connections",
                rejected("listener.name.plaintext.max.connections", "many").key());
    }
}
