package io.gregor.broker.config;

import io.gregor.broker.security.ListenerSecurity;
import io.gregor.broker.security.ServerTls;
import io.gregor.broker.security.SslPrincipalMapper;
import io.gregor.broker.security.TlsEngine;
import io.gregor.clients.security.ClientSaslConfig;
import io.gregor.clients.security.ClientSecurity;
import io.gregor.clients.security.SslConfigException;
import io.gregor.clients.security.SslSettings;
import io.gregor.coordination.zk.EndPoint;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The security of every listener, read from the {@code ssl.*} keys and their per-listener overrides
 * {@code listener.name.<listener>.ssl.*} (the listener name in lower case, as Kafka writes it), and
 * the client side of the inter-broker listener. TLS listeners are checked at startup: their key and
 * trust material is loaded and their server context built once, so that a missing keystore or a
 * wrong password stops the broker with one line naming the key. Immutable.
 */
record ListenerSecurities(Map<String, ListenerSecurity> byListener, ClientSecurity interBrokerClient,
                          ClientSecurity controlPlaneClient) {
    static final String PRINCIPAL_MAPPING_RULES = "ssl.principal.mapping.rules";
    private static final Pattern LISTENER_SSL_KEY = Pattern.compile("listener\\.name\\.[^.]+\\.ssl\\..+");

    /** True for {@code listener.name.<l>.ssl.*} keys. */
    static boolean isListenerKey(String key) {
        return LISTENER_SSL_KEY.matcher(key).matches();
    }

    static ListenerSecurities parse(Map<String, Object> values, Map<String, String> raw, List<EndPoint> listeners,
                                    String interBrokerListener, String controlPlaneListener) {
        Map<String, ListenerSecurity> result = new LinkedHashMap<>();
        ClientSecurity interBroker = ClientSecurity.PLAINTEXT;
        ClientSecurity controlPlane = null;
        for (EndPoint listener : listeners) {
            String name = listener.listenerName();
            String protocol = listener.securityProtocol();
            Function<String, String> valueOf = key -> lookup(values, raw, name, key);
            ListenerSecurity security;
            SslPrincipalMapper mapper;
            String rulesKey = overridden(raw, name, PRINCIPAL_MAPPING_RULES);
            try {
                mapper = SslPrincipalMapper.parse(valueOf.apply(PRINCIPAL_MAPPING_RULES));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(rulesKey, valueOf.apply(PRINCIPAL_MAPPING_RULES), e.getMessage());
            }
            try {
                if (ClientSecurity.usesTls(protocol)) {
                    SslSettings ssl = SslSettings.from(valueOf);
                    ServerTls.context(name, ssl, TlsEngine.provider()); // loads and checks everything once
                    security = new ListenerSecurity(name, protocol, ssl, mapper);
                } else {
                    security = new ListenerSecurity(name, protocol, null, mapper);
                }
                if (name.equals(interBrokerListener)) {
                    interBroker = ClientSecurity.of(protocol, valueOf);
                }
                if (name.equals(controlPlaneListener)) {
                    controlPlane = ClientSecurity.of(protocol, valueOf);
                }
            } catch (SslConfigException e) {
                String key = overridden(raw, name, e.key());
                throw ConfigException.ofKey(key, "Invalid value for " + key + " (listener " + name + "): " + e.getMessage());
            } catch (IllegalStateException e) { // gregor.ssl.engine
                throw new ConfigException("Cannot set up TLS for listener " + name + ": " + e.getMessage());
            }
            result.put(name, security);
        }
        return new ListenerSecurities(Collections.unmodifiableMap(result), interBroker,
                controlPlane != null ? controlPlane : interBroker);
    }

    /**
     * The same, with the SASL credentials this broker authenticates with when it connects to the
     * inter-broker and control-plane listeners (null: that listener does not use SASL).
     */
    ListenerSecurities withClientSasl(ClientSaslConfig interBrokerSasl, ClientSaslConfig controlPlaneSasl) {
        return new ListenerSecurities(byListener, interBrokerClient.withSasl(interBrokerSasl),
                controlPlaneClient.withSasl(controlPlaneSasl));
    }

    /** {@code listener.name.<l>.<key>} when set, else the broker-wide value. */
    private static String lookup(Map<String, Object> values, Map<String, String> raw, String listener, String key) {
        String prefixed = raw.get(prefix(listener) + key);
        if (prefixed == null) {
            prefixed = raw.get("listener.name." + listener + "." + key);
        }
        if (prefixed != null) {
            return prefixed;
        }
        Object value = values.get(key);
        return value == null ? null : value.toString();
    }

    /** The key as the user set it for {@code listener}: the prefixed key when that is present. */
    private static String overridden(Map<String, String> raw, String listener, String key) {
        if (raw.containsKey(prefix(listener) + key)) {
            return prefix(listener) + key;
        }
        return raw.containsKey("listener.name." + listener + "." + key) ? "listener.name." + listener + "." + key : key;
    }

    private static String prefix(String listener) {
        return "listener.name." + listener.toLowerCase(Locale.ROOT) + ".";
    }
}
