package io.gregor.clients.acl;

import java.util.Locale;

/**
 * Kafka's spellings of its ACL enums: the PascalCase form it writes into ZooKeeper
 * ({@code TransactionalId}, {@code DescribeConfigs}, {@code Allow}) from the enum constant, and the
 * lenient parse it applies when reading (PascalCase, its upper case, or the constant itself,
 * any case). Stateless.
 */
final class KafkaAclNames {
    private KafkaAclNames() {
    }

    /** {@code TRANSACTIONAL_ID} to {@code TransactionalId}. */
    static String pascal(String constant) {
        StringBuilder out = new StringBuilder(constant.length());
        boolean upper = true;
        for (char c : constant.toCharArray()) {
            if (c == '_') {
                upper = true;
            } else if (upper) {
                out.append(Character.toUpperCase(c));
                upper = false;
            } else {
                out.append(Character.toLowerCase(c));
            }
        }
        return out.toString();
    }

    /** The constant of {@code values} spelled {@code text} (PascalCase, its upper case or the constant), or null. */
    static <E extends Enum<E>> E parse(E[] values, String text) {
        if (text == null) {
            return null;
        }
        String wanted = text.trim().toUpperCase(Locale.ROOT);
        for (E value : values) {
            if (value.name().equals(wanted) || pascal(value.name()).toUpperCase(Locale.ROOT).equals(wanted)) {
                return value;
            }
        }
        return null;
    }
}
