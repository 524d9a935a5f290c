package io.podnet.sim.socket.app.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.podnet.sim.net.Ipv4Address;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResolvConfTest {
    final ResolvConf conf = new ResolvConf(List.of(Ipv4Address.parse("10.96.0.10")),
            List.of("prod.svc.cluster.local", "svc.cluster.local", "cluster.local"), 5, 5_000_000_000L, 2);

    @Test
    void kubeletFile() {
        assertEquals("nameserver 10.96.0.10\nsearch prod.svc.cluster.local svc.cluster.local cluster.local\n"
                + "options ndots:5\n", conf.text());
    }

    @Test
    void searchOrderWithNdots5() {
        assertEquals(List.of("my-app.prod.svc.cluster.local", "my-app.svc.cluster.local", "my-app.cluster.local", "my-app"),
                conf.candidates("my-app"));
        assertEquals(List.of("my-app.default.prod.svc.cluster.local", "my-app.default.svc.cluster.local",
                "my-app.default.cluster.local", "my-app.default"), conf.candidates("my-app.default"));
        // Five dots reach ndots: tried as given first.
        assertEquals("a.b.c.d.e.f", conf.candidates("a.b.c.d.e.f").get(0));
        assertEquals(List.of("my-app.default.svc.cluster.local"), conf.candidates("my-app.default.svc.cluster.local."));
    }
}
