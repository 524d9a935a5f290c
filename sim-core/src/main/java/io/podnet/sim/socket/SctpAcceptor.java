package io.podnet.sim.socket;

/** Called when an association reaches a listening SCTP socket (its COOKIE-ECHO was accepted); returns its handler. */
@FunctionalInterface
public interface SctpAcceptor {
    SctpHandler accept(SctpAssociation association);
}
