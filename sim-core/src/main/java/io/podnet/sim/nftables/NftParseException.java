package io.podnet.sim.nftables;

/** nft text the evaluator cannot read: the line (1-based), what is wrong. */
public final class NftParseException extends RuntimeException {
    private final int line;

    public NftParseException(int line, String message) {
        super("line " + line + ": " + message);
        this.line = line;
    }

    public int line() {
        return line;
    }
}
