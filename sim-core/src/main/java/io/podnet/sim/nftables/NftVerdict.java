package io.podnet.sim.nftables;

/** An nft verdict: {@code accept}, {@code drop}, {@code reject}, {@code return}, {@code jump X}, {@code goto X}, or continue. */
record NftVerdict(Kind kind, String chain, String text) {
    enum Kind { CONTINUE, ACCEPT, DROP, REJECT, RETURN, JUMP, GOTO }

    static NftVerdict parse(String[] w, int at, int lineNo) {
        String k = w[at];
        switch (k) {
            case "accept":
                return new NftVerdict(Kind.ACCEPT, null, k);
            case "drop":
                return new NftVerdict(Kind.DROP, null, k);
            case "return":
                return new NftVerdict(Kind.RETURN, null, k);
            case "continue":
                return new NftVerdict(Kind.CONTINUE, null, k);
            case "jump":
            case "goto":
                if (at + 1 >= w.length) {
                    throw new NftParseException(lineNo, k + " needs a chain name");
                }
                return new NftVerdict(k.equals("jump") ? Kind.JUMP : Kind.GOTO, w[at + 1], k + " " + w[at + 1]);
            default:
                throw new NftParseException(lineNo, "unknown verdict '" + k + "' (accepted: accept, drop, return, jump CHAIN, goto CHAIN)");
        }
    }
}
