/** Segment indexes: the sparse memory-mapped {@code .index} (offset to position) and {@code .timeindex}, and the aborted-transaction {@code .txnindex}. */
package io.gregor.core.index;
