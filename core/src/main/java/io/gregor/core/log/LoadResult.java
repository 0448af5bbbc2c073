package io.gregor.core.log;

/**
 * What opening a log did: whether it trusted a clean shutdown, how many segments it loaded, how
 * many it re-validated (recovery after an unclean shutdown), how many it re-indexed because an
 * index was missing or corrupt, the bytes cut off at a torn or corrupt batch, the later segments
 * dropped because of such a cut, the leftover temporary files deleted, and the resulting log end offset.
 */
public record LoadResult(boolean hadCleanShutdown, int segmentsLoaded, int segmentsRecovered, int indexesRebuilt,
                         long bytesTruncated, int segmentsDeletedAfterCorruption, int leftoverFilesDeleted,
                         long logEndOffset) {
}
