package io.gregor.coordination.admin;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The values Kafka 3.9 accepts for the deprecated {@code message.format.version} (topic) and
 * {@code log.message.format.version} (broker): a Kafka release ("0.8.0" .. "0.11.0", "1.0" ..
 * "3.9"), optionally with an inter-broker protocol suffix ("0.10.0-IV1", "3.0-IV1"); further
 * segments are ignored ("0.10.2.1", "2.8.1"), as Kafka does. Since 3.0 the setting has no effect:
 * the log is always written in format v2 and old consumers are served by down-conversion, so
 * Gregor only validates the value and stores it. Kafka's default is {@value #DEFAULT}.
 */
public final class MessageFormatVersion {
    public static final String TOPIC_KEY = "message.format.version";
    public static final String BROKER_KEY = "log.message.format.version";
    public static final String DEFAULT = "3.0-IV1";

    private static final List<String> OLD_RELEASES = List.of("0.8.0", "0.8.1", "0.8.2", "0.9.0", "0.10.0", "0.10.1",
            "0.10.2", "0.11.0");
    private static final Pattern RELEASE = Pattern.compile("(?<release>[0-9]+\\.[0-9]+(\\.[0-9]+)*)(?<iv>-IV[0-9]+)?");

    private MessageFormatVersion() {
    }

    /** Null if Kafka 3.9 accepts {@code value}, else why not. */
    public static String problem(String value) {
        var m = value == null ? null : RELEASE.matcher(value.trim());
        if (m == null || !m.matches()) {
            return "expected a Kafka release such as 0.10.2 or 3.0-IV1";
        }
        String[] parts = m.group("release").split("\\.");
        if (parts[0].equals("0")) {
            if (parts.length < 3 || !OLD_RELEASES.contains(parts[0] + "." + parts[1] + "." + parts[2])) {
                return "unknown Kafka release " + value.trim();
            }
            return null;
        }
        int major = Integer.parseInt(parts[0]);
        int minor = Integer.parseInt(parts[1]);
        boolean known = (major == 1 && minor <= 1) || (major == 2 && minor <= 8) || (major == 3 && minor <= 9);
        return known ? null : "unknown Kafka release " + value.trim();
    }
}
