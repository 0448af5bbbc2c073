/**
 * Replica fetchers: {@link io.gregor.replication.fetcher.ReplicaFetcherManager} (the
 * {@link io.gregor.replication.ReplicaFetcherControl} of a replicated broker) runs
 * {@code num.replica.fetchers} fetcher threads per leader; each truncates newly followed
 * partitions with OffsetForLeaderEpoch, then copies them with batched Fetch v15 requests in an
 * incremental fetch session (KIP-227).
 */
package io.gregor.replication.fetcher;
