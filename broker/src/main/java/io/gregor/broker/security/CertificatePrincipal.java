package io.gregor.broker.security;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * The principal of a TLS connection, as Kafka's default principal builder makes it: {@code User:}
 * the client certificate's subject (RFC 2253) after {@code ssl.principal.mapping.rules}, or
 * {@link KafkaPrincipal#ANONYMOUS} when the client sent no certificate. Stateless.
 */
public final class CertificatePrincipal {
    private CertificatePrincipal() {
    }

    /**
     * The principal of {@code session}.
     *
     * @throws SslPrincipalMapper.NoMatchingRuleException when no mapping rule applies to the subject
     */
    public static KafkaPrincipal of(SSLSession session, SslPrincipalMapper mapper)
            throws SslPrincipalMapper.NoMatchingRuleException {
        Certificate[] peer;
        try {
            peer = session.getPeerCertificates();
        } catch (SSLPeerUnverifiedException noCertificate) {
            return KafkaPrincipal.ANONYMOUS;
        }
        if (peer.length == 0 || !(peer[0] instanceof X509Certificate cert)) {
            return KafkaPrincipal.ANONYMOUS;
        }
        return KafkaPrincipal.user(mapper.principalName(cert.getSubjectX500Principal().getName()));
    }
}
