package io.podnet.dataplane.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProbeMainTest {
    @Test
    void httpBytesAreTheSimulatorsHttp() {
        assertEquals("GET / HTTP/1.1\r\nHost: my-app\r\nUser-Agent: podnet\r\nAccept: */*\r\n\r\n",
                new String(ProbeMain.httpRequest("my-app", 0), StandardCharsets.US_ASCII));
        assertEquals("POST / HTTP/1.1\r\nHost: my-app:8080\r\nUser-Agent: podnet\r\nAccept: */*\r\n"
                        + "Content-Type: application/octet-stream\r\nContent-Length: 10\r\n\r\npodnet-pod",
                new String(ProbeMain.httpRequest("my-app:8080", 10), StandardCharsets.US_ASCII));
        assertEquals("HTTP/1.1 200 OK\r\nServer: podnet\r\nContent-Type: application/octet-stream\r\nContent-Length: 9\r\n"
                + "\r\npodnet-po", new String(ProbeMain.httpResponse(9), StandardCharsets.US_ASCII));
        byte[] req = ProbeMain.httpRequest("h", 200);
        assertEquals(req.length, ProbeMain.httpMessageLength(req));
        assertEquals(-1, ProbeMain.httpMessageLength("GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void httpRoundTripOverLoopbackPicksTheResponseSizeByRequestBody() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        int p = port;
        Thread server = new Thread(() -> {
            try {
                ProbeMain.main(new String[] {"serve", "tcp:" + p + "/0=100/200=4096"});
            } catch (Exception e) {
                // the test fails below when the server never answers
            }
        });
        server.setDaemon(true);
        server.start();
        InetAddress lo = InetAddress.getLoopbackAddress();
        String line = null;
        for (int i = 0; i < 50; i++) {
            line = ProbeMain.httpOnce(0, lo, port, "my-app", 200, 4096, 2000);
            if (!line.contains("refused")) {
                break;
            }
            Thread.sleep(100);
        }
        assertTrue(line.contains("\"outcome\":\"delivered\""), line);
        int head = ProbeMain.httpResponse(0).length;
        assertTrue(line.contains("\"received\":" + (head + 4096 + String.valueOf(4096).length() - 1)), line);
        String small = ProbeMain.httpOnce(1, lo, port, "my-app", 0, 100, 2000);
        assertTrue(small.contains("\"outcome\":\"delivered\"") && small.contains("\"received\":" + (head + 100 + 2)), small);
    }
}
