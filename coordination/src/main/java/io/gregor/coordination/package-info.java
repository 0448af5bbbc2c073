/** ZooKeeper through Curator: the znode model, broker registry and the controller (see DESIGN.md). */
package io.gregor.coordination;
