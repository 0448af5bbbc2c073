package io.gregor.broker.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SslPrincipalMapperTest {

    @Test
    void defaultKeepsTheDistinguishedName() throws Exception {
        assertEquals("CN=alice,OU=eng,O=acme", SslPrincipalMapper.DEFAULT.principalName("CN=alice,OU=eng,O=acme"));
    }

    @Test
    void firstMatchingRuleDecidesAndCaseFlagsApply() throws Exception {
        SslPrincipalMapper mapper = SslPrincipalMapper.parse(
                "RULE:^CN=(.*?),OU=ServiceUsers.*$/$1/,RULE:^CN=(.*?),OU=(.*?),O=(.*?)$/$1@$2/L,"
                        + "RULE:^cn=(.*?),ou=(.*?)$/$1/U,DEFAULT");
        assertEquals("kafka-app", mapper.principalName("CN=kafka-app,OU=ServiceUsers,O=acme"));
        assertEquals("alice@eng", mapper.principalName("CN=Alice,OU=ENG,O=acme"));
        assertEquals("BOB", mapper.principalName("cn=bob,ou=x"));
        assertEquals("CN=carol", mapper.principalName("CN=carol"));
    }

    @Test
    void rulesMayBeSplitOverLinesAndEscapeSlashes() throws Exception {
        SslPrincipalMapper mapper = SslPrincipalMapper.parse("RULE:^CN=([^,\\/]*)\\/(.*)$/$1-$2/,\n  DEFAULT");
        assertEquals("a-b", mapper.principalName("CN=a/b"));
    }

    @Test
    void aNameNoRuleMatchesIsRefused() {
        SslPrincipalMapper mapper = SslPrincipalMapper.parse("RULE:^CN=(.*)$/$1/");
        assertThrows(SslPrincipalMapper.NoMatchingRuleException.class, () -> mapper.principalName("O=acme"));
    }

    @Test
    void malformedRulesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> SslPrincipalMapper.parse("RULE:^CN=(.*)$"));
        assertThrows(IllegalArgumentException.class, () -> SslPrincipalMapper.parse("NOT_A_RULE"));
        assertThrows(IllegalArgumentException.class, () -> SslPrincipalMapper.parse("RULE:([/x/"));
        assertThrows(IllegalArgumentException.class, () -> SslPrincipalMapper.parse(""));
    }
}
