package io.gregor.broker.security;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which TLS engine the broker's listeners use: OpenSSL (BoringSSL from netty-tcnative-boringssl-static)
 * when its native library loads, else the JDK's. The system property {@code gregor.ssl.engine}
 * ({@code openssl}, {@code jdk} or {@code auto}, the default) forces one, for measuring; forcing
 * OpenSSL where it cannot load fails startup.
 */
public final class TlsEngine {
    private static final Logger log = LoggerFactory.getLogger(TlsEngine.class);
    public static final String PROPERTY = "gregor.ssl.engine";

    private TlsEngine() {
    }

    /** The provider to build server contexts with. */
    public static SslProvider provider() {
        String choice = System.getProperty(PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
        switch (choice) {
            case "jdk":
                return SslProvider.JDK;
            case "openssl":
                if (!OpenSsl.isAvailable()) {
                    throw new IllegalStateException(PROPERTY + "=openssl but OpenSSL cannot be loaded: "
                            + OpenSsl.unavailabilityCause());
                }
                return SslProvider.OPENSSL;
            case "auto":
                if (OpenSsl.isAvailable()) {
                    return SslProvider.OPENSSL;
                }
                log.info("OpenSSL is not available ({}); TLS listeners use the JDK engine",
                        String.valueOf(OpenSsl.unavailabilityCause()));
                return SslProvider.JDK;
            default:
                throw new IllegalStateException("system property " + PROPERTY + " must be openssl, jdk or auto, not "
                        + choice);
        }
    }
}
