/**
 * Small durable text files of a log dir: the offset checkpoints, the leader epoch checkpoint and
 * {@code meta.properties}, all written through a fsynced temp file and an atomic rename.
 */
package io.gregor.core.checkpoint;
