package io.podnet.sim.bgp;

import io.podnet.sim.engine.Durations;
import io.podnet.sim.engine.EventHandle;
import io.podnet.sim.net.Ipv4Address;
import io.podnet.sim.net.Ipv4Prefix;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The RFC 4271 finite state machine of one peering, with its timers (connect retry, hold,
 * keepalive) on the engine. To avoid connection collisions the speaker whose address on the peering
 * (its router id unless {@link BgpSpeaker#setLocalAddresses} says otherwise) is lower connects and
 * the other waits (RFC 4271 §6.8 would keep the higher identifier's connection; the
 * outcome is the same one session).
 */
public final class BgpSession {
    /** RFC 4271 states. */
    public enum State { IDLE, CONNECT, ACTIVE, OPEN_SENT, OPEN_CONFIRM, ESTABLISHED }

    private final BgpSpeaker speaker;
    private final BgpConfig.Peer peer;
    private final Map<Ipv4Prefix, PathAttributes> adjRibIn = new HashMap<>();
    private State state = State.IDLE;
    private BgpTransport.Connection connection;
    private Ipv4Address remoteId;
    private int negotiatedHold;
    private EventHandle connectTimer;
    private EventHandle holdTimer;
    private EventHandle keepaliveTimer;
    private ByteBuffer inbox = ByteBuffer.allocate(0);
    private long establishedAt = -1;
    private int generation;
    private long messagesSent;
    private long messagesReceived;

    BgpSession(BgpSpeaker speaker, BgpConfig.Peer peer) {
        this.speaker = speaker;
        this.peer = peer;
    }

    public BgpConfig.Peer peer() {
        return peer;
    }

    public State state() {
        return state;
    }

    public Ipv4Address remoteId() {
        return remoteId;
    }

    /** Simulated time the session last reached Established, or -1. */
    public long establishedAt() {
        return establishedAt;
    }

    public long messagesSent() {
        return messagesSent;
    }

    public long messagesReceived() {
        return messagesReceived;
    }

    boolean isIbgp() {
        return peer.asn() == speaker.config().asn();
    }

    Map<Ipv4Prefix, PathAttributes> adjRibIn() {
        return adjRibIn;
    }

    private boolean initiates() {
        return !peer.passive() && speaker.localAddressFor(peer.address()).compareTo(peer.address()) < 0;
    }

    void start() {
        if (initiates()) {
            scheduleConnect(speaker.config().connectDelayNanos());
        } else {
            setState(State.ACTIVE, "waiting for the peer to connect");
        }
    }

    private void scheduleConnect(long delay) {
        cancel(connectTimer);
        setState(State.CONNECT, "connect in " + Durations.format(delay));
        int gen = ++generation;
        connectTimer = speaker.engine().schedule(delay, () -> {
            if (gen != generation || !speaker.running()) {
                return;
            }
            speaker.transport().connect(speaker.config().routerId(), peer.address(), new Handler(gen));
        });
    }

    BgpTransport.Handler acceptIncoming() {
        if (state == State.ESTABLISHED || state == State.OPEN_SENT || state == State.OPEN_CONFIRM) {
            return null;
        }
        cancel(connectTimer);
        return new Handler(++generation);
    }

    void stop() {
        if (connection != null && state != State.IDLE) {
            send(new BgpMessage.Notification(BgpMessage.Notification.CEASE, 2, new byte[0]));
            connection.close();
        }
        reset("administratively stopped", false);
    }

    void crash() {
        generation++;
        cancelAll();
        connection = null;
        state = State.IDLE;
        adjRibIn.clear();
    }

    private final class Handler implements BgpTransport.Handler {
        private final int gen;

        Handler(int gen) {
            this.gen = gen;
        }

        @Override
        public void onConnected(BgpTransport.Connection c) {
            if (gen != generation || !speaker.running()) {
                c.close();
                return;
            }
            connection = c;
            inbox = ByteBuffer.allocate(0);
            send(new BgpMessage.Open(speaker.config().asn(), speaker.config().holdTimeSeconds(), speaker.config().routerId()));
            setState(State.OPEN_SENT, "TCP connected, OPEN sent");
            // RFC 4271: a large hold timer (4 minutes) guards OpenSent.
            restartHold(240);
        }

        @Override
        public void onData(byte[] data) {
            if (gen != generation) {
                return;
            }
            ByteBuffer merged = ByteBuffer.allocate(inbox.remaining() + data.length);
            merged.put(inbox).put(data).flip();
            inbox = merged;
            try {
                BgpMessage m;
                while (gen == generation && (m = BgpMessage.decode(inbox)) != null) {
                    messagesReceived++;
                    receive(m);
                }
            } catch (BgpException e) {
                send(new BgpMessage.Notification(e.code(), e.subcode(), new byte[0]));
                fail("protocol error: " + e.getMessage());
            }
        }

        @Override
        public void onClosed(String reason) {
            if (gen == generation) {
                fail("connection closed: " + reason);
            }
        }

        @Override
        public void onFailed(String reason) {
            if (gen == generation) {
                speaker.noteSession(BgpSession.this, "Connect", "connect failed (" + reason + "), retry in "
                        + Durations.format(speaker.config().connectRetryNanos()));
                scheduleConnect(speaker.config().connectRetryNanos());
            }
        }
    }

    private void receive(BgpMessage m) {
        if (m instanceof BgpMessage.Open o) {
            if (state != State.OPEN_SENT) {
                throw new BgpException(5, 0, "OPEN in state " + state);
            }
            if (o.myAs() != peer.asn()) {
                throw new BgpException(2, 2, "peer AS " + o.myAs() + " is not the configured " + peer.asn());
            }
            remoteId = o.bgpId();
            negotiatedHold = Math.min(o.holdTime(), speaker.config().holdTimeSeconds());
            send(BgpMessage.Keepalive.INSTANCE);
            setState(State.OPEN_CONFIRM, "OPEN received (as " + o.myAs() + ", hold " + negotiatedHold + "s), KEEPALIVE sent");
            restartHold(negotiatedHold);
        } else if (m instanceof BgpMessage.Keepalive) {
            if (state == State.OPEN_CONFIRM) {
                establishedAt = speaker.engine().now();
                setState(State.ESTABLISHED, "Established");
                restartHold(negotiatedHold);
                startKeepalives();
                speaker.sessionEstablished(this);
            } else if (state == State.ESTABLISHED) {
                restartHold(negotiatedHold);
            } else {
                throw new BgpException(5, 0, "KEEPALIVE in state " + state);
            }
        } else if (m instanceof BgpMessage.Update u) {
            if (state != State.ESTABLISHED) {
                throw new BgpException(5, 0, "UPDATE in state " + state);
            }
            restartHold(negotiatedHold);
            speaker.received(this, u);
        } else if (m instanceof BgpMessage.Notification n) {
            fail("NOTIFICATION received: " + n.summary());
        }
    }

    void announce(Ipv4Prefix p, PathAttributes a) {
        send(new BgpMessage.Update(List.of(), a, List.of(p)));
    }

    void withdraw(Ipv4Prefix p) {
        send(new BgpMessage.Update(List.of(p), null, List.of()));
    }

    private void send(BgpMessage m) {
        if (connection != null) {
            messagesSent++;
            connection.send(m.encode());
        }
    }

    private void restartHold(int seconds) {
        cancel(holdTimer);
        if (seconds == 0) {
            return;
        }
        int gen = generation;
        holdTimer = speaker.engine().schedule(seconds * Durations.S, () -> {
            if (gen == generation) {
                send(new BgpMessage.Notification(BgpMessage.Notification.HOLD_TIMER_EXPIRED, 0, new byte[0]));
                fail("hold timer expired after " + seconds + "s");
            }
        });
    }

    private void startKeepalives() {
        cancel(keepaliveTimer);
        int ka = negotiatedHold == 0 ? 0
                : Math.max(1, Math.min(speaker.config().keepaliveSeconds(), negotiatedHold / 3));
        if (ka == 0) {
            return;
        }
        int gen = generation;
        keepaliveTimer = speaker.engine().schedule(ka * Durations.S, new Runnable() {
            @Override
            public void run() {
                if (gen == generation && state == State.ESTABLISHED) {
                    send(BgpMessage.Keepalive.INSTANCE);
                    keepaliveTimer = speaker.engine().schedule(ka * Durations.S, this);
                }
            }
        });
    }

    private void fail(String why) {
        if (connection != null) {
            connection.close();
        }
        reset(why, true);
    }

    private void reset(String why, boolean retry) {
        boolean wasEstablished = state == State.ESTABLISHED;
        generation++;
        cancelAll();
        connection = null;
        setState(State.IDLE, why);
        if (wasEstablished) {
            speaker.sessionDown(this);
        }
        if (retry && speaker.running()) {
            if (initiates()) {
                scheduleConnect(speaker.config().errorWaitNanos());
            } else {
                setState(State.ACTIVE, "waiting for the peer to reconnect");
            }
        }
    }

    private void cancelAll() {
        cancel(connectTimer);
        cancel(holdTimer);
        cancel(keepaliveTimer);
    }

    private void cancel(EventHandle h) {
        if (h != null) {
            speaker.engine().cancel(h);
        }
    }

    private void setState(State s, String detail) {
        State old = state;
        state = s;
        if (old != s) {
            speaker.noteSession(this, s.name(), old + " -> " + s + ": " + detail);
        }
    }
}
