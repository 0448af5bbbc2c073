/** The broker process: Netty server, request dispatch, group coordinator, config and main. */
package io.gregor.broker;
