/** Sparse memory-mapped segment indexes: {@code .index} (offset to position) and {@code .timeindex}. */
package io.gregor.core.index;
