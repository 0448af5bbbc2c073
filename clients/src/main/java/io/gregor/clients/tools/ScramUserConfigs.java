package io.gregor.clients.tools;

import io.gregor.clients.admin.GregorAdmin;
import io.gregor.clients.admin.ScramCredentialAlteration;
import io.gregor.clients.admin.ScramCredentialInfo;
import io.gregor.clients.security.ScramMechanism;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The SCRAM credentials of users in {@code gregor-configs.sh --entity-type users}, as Kafka's
 * ConfigCommand treats them: a config named after a mechanism ({@code SCRAM-SHA-256},
 * {@code SCRAM-SHA-512}) with the value {@code [iterations=8192,]password=secret} sets that
 * credential (AlterUserScramCredentials; 4096 iterations when not given), {@code --delete-config
 * SCRAM-SHA-512} removes it, and --describe lists each user's mechanisms and iteration counts.
 * Credentials and quotas cannot be changed in one command, nor credentials of the default user or
 * of a client id, with Kafka's messages. Stateless.
 */
final class ScramUserConfigs {
    static final int DEFAULT_ITERATIONS = 4096;
    private static final Pattern SCRAM_VALUE = Pattern.compile("(SCRAM-SHA-(?:256|512)=)(\\[[^\\]]*\\]|[^,\\s]*)");
    private static final Pattern CREDENTIAL = Pattern.compile("(?:iterations=(-?[0-9]*),)?password=(.*)");

    private ScramUserConfigs() {
    }

    /** {@code text} with the value of every SCRAM credential config replaced, for echoing a command line. */
    static String hidePasswords(String text) {
        return SCRAM_VALUE.matcher(text).replaceAll("$1[hidden]");
    }

    static boolean isScram(String key) {
        return ScramMechanism.forName(key) != null;
    }

    /**
     * Checks an --alter of user or client entities as Kafka does and tells whether it changes SCRAM
     * credentials (true) or quotas (false). {@code quotaKeys} are the quota config names.
     */
    static boolean isCredentialChange(List<ConfigsCommand.Entity> entities, Map<String, String> add, List<String> delete,
                                      List<String> quotaKeys) {
        List<String> scramAdd = add.keySet().stream().filter(ScramUserConfigs::isScram).toList();
        List<String> unknownAdd = add.keySet().stream().filter(k -> !isScram(k) && !quotaKeys.contains(k)).toList();
        List<String> scramDelete = delete.stream().filter(ScramUserConfigs::isScram).toList();
        List<String> unknownDelete = delete.stream().filter(k -> !isScram(k) && !quotaKeys.contains(k)).toList();
        boolean quotaChange = add.keySet().stream().anyMatch(quotaKeys::contains) || delete.stream().anyMatch(quotaKeys::contains);
        if (!entities.get(0).type().equals("users") || entities.size() == 2) {
            if (!unknownAdd.isEmpty() || !scramAdd.isEmpty()) {
                throw new IllegalArgumentException("Only quota configs can be added for 'clients' using --bootstrap-server."
                        + " Unexpected config names: " + join(unknownAdd, scramAdd));
            }
            if (!unknownDelete.isEmpty() || !scramDelete.isEmpty()) {
                throw new IllegalArgumentException("Only quota configs can be deleted for 'clients' using --bootstrap-server."
                        + " Unexpected config names: " + join(unknownDelete, scramDelete));
            }
            return false;
        }
        if (!unknownAdd.isEmpty()) {
            throw new IllegalArgumentException("Only quota and SCRAM credential configs can be added for 'users' using"
                    + " --bootstrap-server. Unexpected config names: " + unknownAdd);
        }
        if (!unknownDelete.isEmpty()) {
            throw new IllegalArgumentException("Only quota and SCRAM credential configs can be deleted for 'users' using"
                    + " --bootstrap-server. Unexpected config names: " + unknownDelete);
        }
        if (scramAdd.isEmpty() && scramDelete.isEmpty()) {
            return false;
        }
        if (entities.get(0).name() == null) {
            throw new IllegalArgumentException("The use of --entity-default or --user-defaults is not allowed with User SCRAM"
                    + " Credentials using --bootstrap-server.");
        }
        if (quotaChange) {
            throw new IllegalArgumentException("Cannot alter both quota and SCRAM credential configs simultaneously for"
                    + " 'users' using --bootstrap-server.");
        }
        return true;
    }

    private static List<String> join(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** Sets the credentials of {@code add} and removes those of {@code delete} for {@code user}, in one request. */
    static void alter(GregorAdmin admin, String user, Map<String, String> add, List<String> delete) {
        List<ScramCredentialAlteration> changes = new ArrayList<>();
        for (String mechanismName : delete) {
            changes.add(ScramCredentialAlteration.delete(user, ScramMechanism.forName(mechanismName)));
        }
        for (Map.Entry<String, String> e : add.entrySet()) {
            ScramMechanism mechanism = ScramMechanism.forName(e.getKey());
            Matcher m = CREDENTIAL.matcher(e.getValue());
            if (!m.matches()) {
                // the value is not echoed: it holds a password
                throw new IllegalArgumentException("Invalid credential property " + mechanism.mechanismName()
                        + ": expected [iterations=<n>,]password=<password>");
            }
            String iterationsText = m.group(1);
            int iterations;
            try {
                iterations = iterationsText == null || iterationsText.isEmpty() || iterationsText.equals("-1")
                        ? DEFAULT_ITERATIONS : Integer.parseInt(iterationsText);
            } catch (NumberFormatException tooLarge) {
                throw new IllegalArgumentException("Invalid iterations " + iterationsText + " for " + mechanism.mechanismName());
            }
            if (iterations < ScramMechanism.MIN_ITERATIONS) {
                throw new IllegalArgumentException("Iterations " + iterations + " is less than the minimum "
                        + ScramMechanism.MIN_ITERATIONS + " required for " + mechanism.mechanismName());
            }
            changes.add(ScramCredentialAlteration.upsert(user, mechanism, iterations, m.group(2)));
        }
        admin.alterUserScramCredentials(changes);
    }

    /** Kafka's lines: {@code SCRAM credential configs for user-principal 'alice' are SCRAM-SHA-512=iterations=8192}. */
    static void describe(GregorAdmin admin, List<String> users, PrintStream out) {
        admin.describeUserScramCredentials(users).forEach((user, infos) -> out.println("SCRAM credential configs for user-principal '"
                + user + "' are " + infos.stream().map(ScramUserConfigs::text).collect(Collectors.joining(", "))));
    }

    private static String text(ScramCredentialInfo info) {
        return info.mechanism().mechanismName() + "=iterations=" + info.iterations();
    }
}
