/**
 * Log compaction: the {@link io.gregor.core.cleaner.LogCleaner} threads owned by the log manager pick the
 * compacted log ({@code cleanup.policy} containing {@code compact}) with the highest dirty ratio and the
 * {@link io.gregor.core.cleaner.Cleaner} rewrites its closed segments keeping the latest record of each key.
 */
package io.gregor.core.cleaner;
