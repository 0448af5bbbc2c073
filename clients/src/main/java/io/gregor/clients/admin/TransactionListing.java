package io.gregor.clients.admin;

/** One transactional id a coordinator holds (ListTransactions): its producer id and state ("Ongoing", "Empty", ...). */
public record TransactionListing(String transactionalId, long producerId, String state) {
}
