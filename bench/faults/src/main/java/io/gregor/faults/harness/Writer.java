package io.gregor.faults.harness;

/** The workload's writing side ({@link SequencedProducer} or {@link TransactionalWriter}): started once, closed once. */
interface Writer extends AutoCloseable {

    void start();

    /** Records handed to the client so far. */
    long sent();

    /** Stops writing and waits (bounded) until everything outstanding has been acknowledged, failed or ended. */
    @Override
    void close() throws InterruptedException;
}
