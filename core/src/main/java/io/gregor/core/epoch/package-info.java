/** Where each leader epoch of a partition starts, for OffsetForLeaderEpoch and follower truncation. */
package io.gregor.core.epoch;
