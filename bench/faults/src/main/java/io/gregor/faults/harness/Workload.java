package io.gregor.faults.harness;

/** What the harness writes while it injects faults ({@code --workload}). */
enum Workload {
    /** {@link SequencedProducer}: one idempotent acks=all producer; every acknowledged record must survive. */
    IDEMPOTENT("idempotent"),
    /** {@link TransactionalWriter}: transactional producers committing and aborting; read back read_committed. */
    TRANSACTIONAL("transactional");

    private final String label;

    Workload(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }

    static Workload byLabel(String label) {
        for (Workload workload : values()) {
            if (workload.label.equals(label)) {
                return workload;
            }
        }
        throw new IllegalArgumentException("--workload is idempotent or transactional, got '" + label + "'");
    }
}
