package io.gregor.coordination.admin;

import io.gregor.clients.protocol.Errors;

import java.util.Collection;

/** Kafka's rules for topic names. */
public final class TopicNames {

    public static final int MAX_LENGTH = 249;

    private TopicNames() {
    }

    /** @throws AdminException INVALID_TOPIC_EXCEPTION saying what is wrong with {@code name} */
    public static void validate(String name) {
        if (name == null || name.isEmpty()) {
            throw new AdminException(Errors.INVALID_TOPIC_EXCEPTION, "Topic name is illegal, it can't be empty");
        }
        if (name.equals(".") || name.equals("..")) {
            throw new AdminException(Errors.INVALID_TOPIC_EXCEPTION, "Topic name cannot be \".\" or \"..\"");
        }
        if (name.length() > MAX_LENGTH) {
            throw new AdminException(Errors.INVALID_TOPIC_EXCEPTION, "Topic name is illegal, it can't be longer than "
                    + MAX_LENGTH + " characters, topic name: " + name);
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean legal = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '.' || c == '_' || c == '-';
            if (!legal) {
                throw new AdminException(Errors.INVALID_TOPIC_EXCEPTION, "Topic name \"" + name
                        + "\" is illegal, it contains a character other than ASCII alphanumerics, '.', '_' and '-'");
            }
        }
    }

    /** True if the names differ but are the same once '.' is read as '_' (they would share metric names). */
    public static boolean collide(String a, String b) {
        return !a.equals(b) && a.replace('.', '_').equals(b.replace('.', '_'));
    }

    /** An existing topic that {@code name} collides with, or null. */
    public static String collision(String name, Collection<String> existing) {
        if (name.indexOf('.') < 0 && name.indexOf('_') < 0) {
            return null;
        }
        return existing.stream().filter(t -> collide(name, t)).findFirst().orElse(null);
    }
}
