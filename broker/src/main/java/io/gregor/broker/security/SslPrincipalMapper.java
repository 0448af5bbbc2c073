package io.gregor.broker.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Kafka's {@code ssl.principal.mapping.rules}: turns a certificate's distinguished name (RFC 2253,
 * e.g. {@code CN=alice,OU=eng,O=acme}) into a principal name. Rules are tried in order, separated by
 * commas: {@code RULE:pattern/replacement/} with an optional {@code L} or {@code U} (lower or upper
 * case the result) applies when the pattern matches the whole name; {@code DEFAULT} keeps the name
 * as it is. A name no rule applies to cannot be mapped ({@link NoMatchingRuleException}), and the
 * connection fails authentication, as in Kafka. Immutable and thread-safe.
 */
public final class SslPrincipalMapper {
    /** One rule; {@code pattern} null for DEFAULT. */
    private record Rule(Pattern pattern, String replacement, Character caseChange) {
        String apply(String name) {
            if (pattern == null) {
                return name;
            }
            Matcher m = pattern.matcher(name);
            if (!m.matches()) {
                return null;
            }
            String result = m.replaceAll(replacement);
            if (caseChange != null) {
                result = caseChange == 'L' ? result.toLowerCase(Locale.ROOT) : result.toUpperCase(Locale.ROOT);
            }
            return result;
        }
    }

    /** The name of a certificate subject that no rule maps. */
    public static final class NoMatchingRuleException extends Exception {
        NoMatchingRuleException(String name) {
            super("no ssl.principal.mapping.rules rule applies to " + name);
        }
    }

    public static final SslPrincipalMapper DEFAULT = parse("DEFAULT");

    private final List<Rule> rules;
    private final String text;

    private SslPrincipalMapper(List<Rule> rules, String text) {
        this.rules = List.copyOf(rules);
        this.text = text;
    }

    /**
     * Parses Kafka's rule syntax.
     *
     * @throws IllegalArgumentException for text that is not a list of rules
     */
    public static SslPrincipalMapper parse(String text) {
        List<Rule> rules = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (true) {
            while (i < n && (Character.isWhitespace(text.charAt(i)) || text.charAt(i) == ',')) {
                i++;
            }
            if (i >= n) {
                break;
            }
            if (text.startsWith("DEFAULT", i)) {
                rules.add(new Rule(null, null, null));
                i += "DEFAULT".length();
            } else if (text.startsWith("RULE:", i)) {
                i += "RULE:".length();
                int patternEnd = unescapedSlash(text, i);
                int replacementEnd = patternEnd < 0 ? -1 : unescapedSlash(text, patternEnd + 1);
                if (replacementEnd < 0) {
                    throw new IllegalArgumentException("Invalid rule (expected RULE:pattern/replacement/[LU]) at: "
                            + text.substring(Math.max(0, i - 5)));
                }
                String pattern = text.substring(i, patternEnd);
                String replacement = text.substring(patternEnd + 1, replacementEnd);
                i = replacementEnd + 1;
                Character caseChange = null;
                if (i < n && (text.charAt(i) == 'L' || text.charAt(i) == 'U')) {
                    caseChange = text.charAt(i);
                    i++;
                }
                try {
                    rules.add(new Rule(Pattern.compile(pattern), replacement, caseChange));
                } catch (PatternSyntaxException e) {
                    throw new IllegalArgumentException("Invalid rule pattern '" + pattern + "': " + e.getDescription());
                }
            } else {
                throw new IllegalArgumentException("Invalid rule: " + text.substring(i));
            }
            while (i < n && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i < n && text.charAt(i) != ',') {
                throw new IllegalArgumentException("Invalid rule: " + text.substring(i));
            }
        }
        if (rules.isEmpty()) {
            throw new IllegalArgumentException("no rule given (use DEFAULT)");
        }
        return new SslPrincipalMapper(rules, text);
    }

    /** Where the next {@code /} not preceded by a backslash is, from {@code from}; -1 if none. */
    private static int unescapedSlash(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '/') {
                return i;
            }
        }
        return -1;
    }

    /** The principal name of {@code distinguishedName}: the first rule that applies decides. */
    public String principalName(String distinguishedName) throws NoMatchingRuleException {
        for (Rule rule : rules) {
            String result = rule.apply(distinguishedName);
            if (result != null) {
                return result;
            }
        }
        throw new NoMatchingRuleException(distinguishedName);
    }

    @Override
    public String toString() {
        return text;
    }
}
