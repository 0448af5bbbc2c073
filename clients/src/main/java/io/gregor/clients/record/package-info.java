/**
 * Record batch v2 (magic 2), byte-compatible with Kafka, and its five compression codecs.
 *
 * <ul>
 *   <li>{@link io.gregor.clients.record.RecordBatch}: header view over one batch in a buffer; header
 *       rewrites a broker may do; {@code records()} decodes the records.</li>
 *   <li>{@link io.gregor.clients.record.MemoryRecords}: a sequence of batches in memory.</li>
 *   <li>{@link io.gregor.clients.record.MemoryRecordsBuilder}: writes one batch (any codec).</li>
 *   <li>{@link io.gregor.clients.record.BatchValidator}: in-place validation for the produce path
 *       and for log recovery.</li>
 *   <li>{@link io.gregor.clients.record.Record}, {@link io.gregor.clients.record.Header}: decoded values.</li>
 *   <li>{@link io.gregor.clients.record.CompressionStreams}, {@link io.gregor.clients.record.Compression}:
 *       codec streams in Kafka's formats (gzip, snappy-java framing, LZ4 frame, zstd).</li>
 *   <li>{@link io.gregor.clients.record.ControlRecordType},
 *       {@link io.gregor.clients.record.EndTransactionMarker}: control record layout.</li>
 * </ul>
 */
package io.gregor.clients.record;
