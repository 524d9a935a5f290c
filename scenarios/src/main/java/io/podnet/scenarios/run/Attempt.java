package io.podnet.scenarios.run;

import io.podnet.scenarios.model.Outcome;
import io.podnet.scenarios.model.TrafficItem;

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
}
