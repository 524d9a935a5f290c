/**
 * Address value types: IPv4 addresses and prefixes held as ints, MAC addresses held as longs.
 * Parsing errors are {@link java.lang.IllegalArgumentException}s that quote the text given.
 */
package io.podnet.sim.net;
