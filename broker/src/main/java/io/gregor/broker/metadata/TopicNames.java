package io.gregor.broker.metadata;

import java.util.regex.Pattern;

/** Kafka's rule for legal topic names: 1-249 of {@code [a-zA-Z0-9._-]}, not "." or "..". */
public final class TopicNames {
    private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]+");
    public static final int MAX_LENGTH = 249;

    private TopicNames() {
    }

    public static boolean isValid(String name) {
        return name != null && !name.isEmpty() && name.length() <= MAX_LENGTH && !name.equals(".")
                && !name.equals("..") && LEGAL.matcher(name).matches();
    }
}
