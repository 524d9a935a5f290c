package io.podnet.scenarios.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestTest {
    @Test
    void distances() {
        assertEquals(0, Suggest.distance("abc", "abc"));
        assertEquals(1, Suggest.distance("prots", "ports"));
        assertEquals(1, Suggest.distance("undrelay", "underlay"));
        assertEquals(3, Suggest.distance("kitten", "sitting"));
    }

    @Test
    void closeEnoughOnly() {
        List<String> fields = List.of("nodes", "underlay", "serviceCIDR", "kubeProxy", "dns", "cni");
        assertEquals("serviceCIDR", Suggest.closest("serviceCidr", fields));
        assertEquals("kubeProxy", Suggest.closest("kubeproxy", fields));
        assertNull(Suggest.closest("bananas", fields));
        assertEquals(" (did you mean 'nodes'?)", Suggest.didYouMean("node", fields));
    }
}
