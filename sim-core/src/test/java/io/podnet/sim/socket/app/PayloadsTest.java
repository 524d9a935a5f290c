package io.podnet.sim.socket.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PayloadsTest {
    /** The filler as documented: "podnet-" repeated and cut at n bytes. */
    private static String filler(int n) {
        return "podnet-".repeat(n / 7 + 1).substring(0, n);
    }

    private static String ascii(byte[] b) {
        return new String(b, StandardCharsets.US_ASCII);
    }

    @Test
    void fillerRepeatsThePatternAtEverySize() {
        for (int n : new int[] {0, 1, 6, 7, 8, 13, 14, 15, 100, 4096, 65536, 65537}) {
            assertEquals(filler(n), ascii(Payloads.filler(n)), "n = " + n);
        }
        assertThrows(IllegalArgumentException.class, () -> Payloads.filler(-1));
    }

    @Test
    void httpMessagesAreTheHeadThenTheFillerBody() {
        assertEquals("HTTP/1.1 200 OK\r\nServer: podnet\r\nContent-Type: application/octet-stream\r\nContent-Length: 65536"
                + "\r\n\r\n" + filler(65536), ascii(Payloads.httpResponse(65536)));
        assertEquals("POST / HTTP/1.1\r\nHost: web\r\nUser-Agent: podnet\r\nAccept: */*\r\nContent-Type: "
                + "application/octet-stream\r\nContent-Length: 9\r\n\r\n" + filler(9), ascii(Payloads.httpRequest("web", 9)));
        assertEquals("GET / HTTP/1.1\r\nHost: web\r\nUser-Agent: podnet\r\nAccept: */*\r\n\r\n",
                ascii(Payloads.httpRequest("web", 0)));
        assertArrayEquals(Payloads.httpResponse(0), (
                "HTTP/1.1 200 OK\r\nServer: podnet\r\nContent-Type: application/octet-stream\r\nContent-Length: 0\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        assertThrows(IllegalArgumentException.class, () -> Payloads.httpResponse(-1));
    }
}
