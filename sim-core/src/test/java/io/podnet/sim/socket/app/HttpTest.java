package io.podnet.sim.socket.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HttpTest {
    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void messageLengthIsTheHeadPlusContentLength() {
        byte[] resp = Payloads.httpResponse(10);
        assertEquals(resp.length, Http.messageLength(resp, resp.length));
        assertEquals(resp.length, Http.messageLength(resp, resp.length - 10), "known once the head is in");
        byte[] post = ascii("POST / HTTP/1.1\r\nHost: b\r\ncontent-length: 5\r\n\r\nhello");
        assertEquals(post.length, Http.messageLength(post, post.length));
        byte[] get = ascii("GET / HTTP/1.1\r\nHost: b\r\n\r\n");
        assertEquals(get.length, Http.messageLength(get, get.length), "no Content-Length: no body");
        assertEquals(-1, Http.messageLength(get, get.length - 1), "head not complete yet");
        byte[] bad = ascii("HTTP/1.1 200 OK\r\nContent-Length: lots\r\n\r\n");
        assertEquals(bad.length, Http.messageLength(bad, bad.length), "a malformed length counts as 0");
    }
}
