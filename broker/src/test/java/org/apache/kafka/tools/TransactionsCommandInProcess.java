package org.apache.kafka.tools;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.utils.Time;

/**
 * Kafka's {@code kafka-transactions.sh} run in a test's JVM: {@link TransactionsCommand#main} leaves
 * its Admin client open (the script's process exits), which in a shared test JVM keeps reconnecting
 * to the stopped cluster for the rest of the run. This runs the same command (its package-private
 * {@code execute}, hence this package) with an Admin for {@code --bootstrap-server} that is closed
 * afterwards, however the command ends.
 */
public final class TransactionsCommandInProcess {
    private TransactionsCommandInProcess() {
    }

    public static void main(String[] args) throws Exception {
        List<Admin> made = new ArrayList<>();
        try {
            TransactionsCommand.execute(args, ns -> {
                Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, ns.getString("bootstrap_server")));
                made.add(admin);
                return admin;
            }, System.out, Time.SYSTEM);
        } finally {
            made.forEach(admin -> admin.close(Duration.ofSeconds(5)));
        }
    }
}
