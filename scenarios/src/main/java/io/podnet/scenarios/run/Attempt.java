package io.podnet.scenarios.run;

import io.podnet.scenarios.model.Outcome;
import io.podnet.scenarios.model.TrafficItem;
import io.podnet.sim.socket.SocketError;
import io.podnet.sim.socket.app.TrafficResult;

/** The client side of one attempt of a traffic item while the engine runs. */
final class Attempt {
    final TrafficItem item;
    final int index;
    final String flow;
    final String clientNetns;
    long start = -1;
    long end = -1;
    long sent;
    long received;
    Outcome outcome;
    String detail = "";

    Attempt(TrafficItem item, int index, String clientNetns) {
        this.item = item;
        this.index = index;
        this.flow = item.flowName(index);
        this.clientNetns = clientNetns;
    }

    boolean finished() {
        return outcome != null;
    }

    void complete(long now) {
        if (outcome == null) {
            outcome = Outcome.DELIVERED;
            end = now;
        }
    }

    void fail(Outcome o, String why) {
        if (outcome == null) {
            outcome = o;
            detail = why;
        }
    }

    /**
     * What the client application reported: delivered, or failed with the error its socket reported
     * (a TCP or SCTP timeout is {@code timeout}, every other socket error {@code refused}). Without
     * a socket error (the client gave up, or its send found no route) the outcome is left to what
     * the trace saw: {@code dropped} where a packet of the flow was dropped, else {@code timeout}.
     */
    void report(TrafficResult r) {
        sent = r.bytesSent();
        received = r.bytesReceived();
        if (r.outcome() == io.podnet.sim.socket.app.Outcome.DELIVERED) {
            complete(r.completeNs());
        } else if (r.socketError() != null) {
            fail(r.socketError() == SocketError.ETIMEDOUT ? Outcome.TIMEOUT : Outcome.REFUSED, r.error());
        }
    }
}
