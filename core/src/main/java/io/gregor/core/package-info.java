/** The commit log: segments, indexes, recovery, retention, compaction and the log manager. */
package io.gregor.core;
