package io.gregor.console;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Guards a console on a loopback address against DNS rebinding: a page of another site whose name
 * resolves to 127.0.0.1 would otherwise be same-origin with the console, read its pages and form token,
 * and act through it. On loopback the console answers only requests whose {@code Host} names a loopback
 * address ({@code localhost}, {@code 127.x.x.x}, {@code ::1}) or the listen host itself; on any other
 * address the names it is reached by are unknown and every {@code Host} is accepted. Immutable.
 */
final class HostGuard {
    private final boolean loopback;
    private final String listenHost;

    HostGuard(String listenHost) {
        this.listenHost = listenHost.toLowerCase(Locale.ROOT);
        boolean lo;
        try {
            lo = InetAddress.getByName(listenHost).isLoopbackAddress();
        } catch (UnknownHostException e) {
            lo = false;
        }
        this.loopback = lo;
    }

    /** Refuses (403) a request to a loopback console under a name that is not a loopback one. */
    void check(String hostHeader) {
        if (!loopback) {
            return;
        }
        String host = hostName(hostHeader == null ? "" : hostHeader.trim().toLowerCase(Locale.ROOT));
        boolean ok = host.equals("localhost") || host.equals(listenHost) || host.equals("::1")
                || host.matches("127(\\.\\d{1,3}){3}");
        if (!ok) {
            throw new ConsoleError(403, "Refused", "This console listens on a loopback address and answers only to "
                    + "loopback names (localhost, 127.0.0.1, ::1), not to '" + hostHeader + "'.");
        }
    }

    /** The host part of a {@code Host} header: without the port, IPv6 without its brackets. */
    static String hostName(String header) {
        if (header.startsWith("[")) {
            int end = header.indexOf(']');
            return end < 0 ? header : header.substring(1, end);
        }
        int colon = header.lastIndexOf(':');
        return colon < 0 ? header : header.substring(0, colon);
    }
}
