package io.gregor.broker.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.broker.security.KafkaPrincipal;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AuthorizerSettingsTest {
    private static BrokerConfig config(String... pairs) {
        Map<String, String> raw = new HashMap<>(Map.of("zookeeper.connect", "127.0.0.1:1", "broker.id", "0"));
        for (int i = 0; i < pairs.length; i += 2) {
            raw.put(pairs[i], pairs[i + 1]);
        }
        return BrokerConfig.fromMap(raw);
    }

    @Test
    void withoutAnAuthorizerClassThereIsNoAuthorizer() {
        AuthorizerSettings settings = config().authorizer();
        assertFalse(settings.enabled());
        assertFalse(settings.allowEveryoneIfNoAclFound());
        assertEquals(Set.of(), settings.superUsers());
    }

    @Test
    void kafkasAuthorizerClassNamesAndGregorsOwnNameTheAclAuthorizer() {
        for (String name : new String[] {"kafka.security.authorizer.AclAuthorizer", "kafka.security.auth.SimpleAclAuthorizer",
                "io.gregor.broker.security.AclAuthorizer"}) {
            assertTrue(config("authorizer.class.name", name).authorizer().enabled(), name);
        }
    }

    @Test
    void anUnknownAuthorizerClassStopsStartupNamingTheKey() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> config("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer"));
        assertTrue(e.getMessage().contains("authorizer.class.name"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void superUsersAreSemicolonSeparatedPrincipals() {
        AuthorizerSettings settings = config("authorizer.class.name", "kafka.security.authorizer.AclAuthorizer",
                "super.users", "User:admin; User:CN=broker,O=acme", "allow.everyone.if.no.acl.found", "true").authorizer();
        assertEquals(Set.of(KafkaPrincipal.user("admin"), KafkaPrincipal.user("CN=broker,O=acme")), settings.superUsers());
        assertTrue(settings.allowEveryoneIfNoAclFound());
    }

    @Test
    void aSuperUserThatIsNotTypeColonNameStopsStartupNamingTheKey() {
        ConfigException e = assertThrows(ConfigException.class, () -> config("super.users", "admin"));
        assertTrue(e.getMessage().contains("super.users"), e.getMessage());
    }
}
