package io.gregor.replication;

import io.gregor.clients.protocol.Errors;
import io.gregor.clients.record.BatchValidator;
import io.gregor.clients.record.CorruptRecordException;
import io.gregor.clients.record.InvalidRecordException;
import io.gregor.clients.record.MemoryRecords;
import io.gregor.clients.record.RecordBatch;
import io.gregor.core.log.TopicPartition;

/**
 * What a leader requires of the records a producer sent for one partition before it checks the
 * producer state and appends them: exactly one batch (produce v3+), base offset 0, not a control
 * batch (markers come from the coordinator's WriteTxnMarkers), and a producer id on a
 * transactional batch. Stateless.
 */
final class ClientBatches {
    private ClientBatches() {
    }

    /** A producer's records refused before the append, with the error to answer. */
    static final class RejectedBatchException extends Exception {
        private final Errors error;

        RejectedBatchException(Errors error, String message) {
            super(message, null, false, false);
            this.error = error;
        }

        Errors error() {
            return error;
        }
    }

    /**
     * The one batch of {@code records}, checked: MESSAGE_TOO_LARGE above {@code maxMessageBytes},
     * INVALID_RECORD if it breaks the rules above or the record walk, CORRUPT_MESSAGE on a bad CRC
     * ({@link BatchValidator}).
     */
    static RecordBatch validate(MemoryRecords records, int maxMessageBytes, TopicPartition topicPartition)
            throws RejectedBatchException {
        try {
            RecordBatch batch = singleBatch(records);
            if (batch.sizeInBytes() > maxMessageBytes) {
                throw new RejectedBatchException(Errors.MESSAGE_TOO_LARGE, "batch of " + batch.sizeInBytes()
                        + " bytes for " + topicPartition + " is larger than max.message.bytes " + maxMessageBytes);
            }
            checkClientBatch(batch);
            BatchValidator.validateForProduce(batch);
            return batch;
        } catch (InvalidRecordException e) {
            throw new RejectedBatchException(Errors.INVALID_RECORD, e.getMessage());
        } catch (CorruptRecordException e) {
            throw new RejectedBatchException(Errors.CORRUPT_MESSAGE, e.getMessage());
        }
    }

    private static void checkClientBatch(RecordBatch batch) {
        if (batch.baseOffset() != 0) {
            throw new InvalidRecordException("a produced batch must have base offset 0, not " + batch.baseOffset());
        }
        if (batch.isControlBatch()) {
            throw new InvalidRecordException("clients may not write control batches");
        }
        if (batch.isTransactional() && batch.producerId() == RecordBatch.NO_PRODUCER_ID) {
            throw new InvalidRecordException("a transactional batch needs a producer id");
        }
    }

    private static RecordBatch singleBatch(MemoryRecords records) {
        RecordBatch only = null;
        for (RecordBatch batch : records.batches()) {
            if (only != null) {
                throw new InvalidRecordException("produce requests must carry exactly one record batch per partition");
            }
            only = batch;
        }
        if (only == null) {
            throw new InvalidRecordException("produce request carries no record batch");
        }
        return only;
    }
}
