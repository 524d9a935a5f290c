package io.podnet.sim.netfilter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RulesetParseTest {
    private static ParseException fails(String text) {
        return assertThrows(ParseException.class, () -> Ruleset.parse(text));
    }

    private static final String NAT_HEAD = """
            *nat
            :PREROUTING ACCEPT [0:0]
            :INPUT ACCEPT [0:0]
            :OUTPUT ACCEPT [0:0]
            :POSTROUTING ACCEPT [0:0]
            """;

    @Test
    void readsKubeProxyTextWithChainsPoliciesAndRuleTexts() {
        Ruleset rs = Ruleset.parse(KubeProxyText.NODE);
        assertEquals(38, rs.ruleCount());
        Chain svc = rs.chain(TableName.NAT, "KUBE-SVC-XPGD46QRK7WJZT7O");
        assertEquals(4, svc.rules().size());
        Rule r = svc.rules().get(1);
        assertEquals(2, r.number());
        assertEquals("default/my-app:http -> 10.244.1.5:8080", r.comment());
        assertEquals("KUBE-SEP-AAAAAAAAAAAAAAAA", r.targetName());
        assertEquals("-A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment \"default/my-app:http -> 10.244.1.5:8080\""
                + " -m statistic --mode random --probability 0.33333333349 -j KUBE-SEP-AAAAAAAAAAAAAAAA", r.text());
        assertEquals("ACCEPT", rs.chain(TableName.FILTER, "FORWARD").policy());
        assertEquals(List.of("PREROUTING", "OUTPUT"),
                rs.chains(TableName.RAW).stream().map(Chain::name).toList(), "absent tables are empty");
    }

    @Test
    void readsTheRestoreInputKubeProxyWrites() {
        // kube-proxy's own iptables-restore input: options in its order, -d without /32, an unquoted
        // one-word comment, a rule without target, --or-mark/--xor-mark, -X of a stale chain.
        Ruleset rs = Ruleset.parse("""
                *nat
                :KUBE-SERVICES - [0:0]
                :KUBE-MARK-MASQ - [0:0]
                :KUBE-POSTROUTING - [0:0]
                :KUBE-FW-NUKIZ6OKUXPJNT4C - [0:0]
                :KUBE-SEP-STALE - [0:0]
                -A KUBE-SERVICES -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d 172.30.0.41 --dport 80 -j KUBE-MARK-MASQ
                -A KUBE-FW-NUKIZ6OKUXPJNT4C -m comment --comment "other traffic to ns5/svc5:p80 will be dropped by KUBE-PROXY-FIREWALL"
                -A KUBE-MARK-MASQ -j MARK --or-mark 0x4000
                -A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN
                -A KUBE-POSTROUTING -j MARK --xor-mark 0x4000
                -A KUBE-POSTROUTING -m comment --comment ns2/svc2:p80 -j MASQUERADE
                -X KUBE-SEP-STALE
                COMMIT
                """);
        assertEquals(null, rs.chain(TableName.NAT, "KUBE-SEP-STALE"));
        Rule mark = rs.chain(TableName.NAT, "KUBE-MARK-MASQ").rules().get(0);
        assertEquals(new XtMarkTarget.Mark(0x4000, 0x4000), mark.target);
        Rule xor = rs.chain(TableName.NAT, "KUBE-POSTROUTING").rules().get(1);
        assertEquals(new XtMarkTarget.Mark(0, 0x4000), xor.target);
        assertEquals("", rs.chain(TableName.NAT, "KUBE-FW-NUKIZ6OKUXPJNT4C").rules().get(0).targetName());
    }

    @Test
    void insertNewChainAndFlushCommandsWork() {
        Ruleset rs = Ruleset.parse("""
                *filter
                :INPUT DROP [0:0]
                -N MINE
                -A INPUT -j MINE
                -I INPUT 1 -i lo -j ACCEPT
                -A MINE -p tcp --dport 22 -j ACCEPT
                -F MINE
                -A MINE -p udp --dport 53 -j ACCEPT
                COMMIT
                """);
        assertEquals("DROP", rs.chain(TableName.FILTER, "INPUT").policy());
        assertEquals(List.of("-A INPUT -i lo -j ACCEPT", "-A INPUT -j MINE"),
                rs.chain(TableName.FILTER, "INPUT").rules().stream().map(Rule::text).toList());
        assertEquals(List.of("-A MINE -p udp --dport 53 -j ACCEPT"),
                rs.chain(TableName.FILTER, "MINE").rules().stream().map(Rule::text).toList());
    }

    @Test
    void unknownMatchIsNamedWithLineAndColumn() {
        ParseException e = fails(NAT_HEAD + "-A PREROUTING -m recentx --name x -j ACCEPT\nCOMMIT\n");
        assertEquals(6, e.line());
        assertEquals(18, e.column());
        assertEquals("unknown match 'recentx'", e.problem());
        assertTrue(e.accepted().contains("statistic"));
        assertTrue(e.getMessage().startsWith("line 6, column 18: unknown match 'recentx' (accepted: addrtype, comment,"));
    }

    @Test
    void unknownTargetOrUndeclaredChainIsRefused() {
        ParseException e = fails(NAT_HEAD + "-A PREROUTING -j KUBE-SERVICES\nCOMMIT\n");
        assertEquals(6, e.line());
        assertEquals(18, e.column());
        assertEquals("unknown target or chain 'KUBE-SERVICES'", e.problem());
        assertTrue(e.accepted().contains("a chain declared in *nat before this line"));
    }

    @Test
    void ruleForUndeclaredChainIsRefused() {
        ParseException e = fails(NAT_HEAD + "-A KUBE-SVC-X -j ACCEPT\nCOMMIT\n");
        assertEquals(6, e.line());
        assertEquals(4, e.column());
        assertEquals("rule for chain 'KUBE-SVC-X' does not exist in table nat", e.problem());
    }

    @Test
    void missingCommitIsReportedAtTheTableLine() {
        ParseException e = fails("# comment\n*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -j ACCEPT\n");
        assertEquals(2, e.line());
        assertEquals("table 'filter' is never COMMITted", e.problem());
    }

    @Test
    void natTargetsAreOnlyAllowedWhereTheKernelAllowsThem() {
        ParseException inFilter = fails("*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -p tcp -j DNAT --to-destination 1.2.3.4:80\nCOMMIT\n");
        assertEquals(3, inFilter.line());
        assertEquals("DNAT is only valid in the nat table", inFilter.problem());

        ParseException viaUserChain = fails(NAT_HEAD + ":X - [0:0]\n-A POSTROUTING -j X\n-A X -p tcp -j DNAT --to-destination 1.2.3.4:80\nCOMMIT\n");
        assertEquals(8, viaUserChain.line());
        assertEquals(16, viaUserChain.column());
        assertEquals("DNAT is used from hook POSTROUTING (chain X is reached from POSTROUTING)", viaUserChain.problem());
        assertEquals("DNAT is allowed from PREROUTING/OUTPUT", viaUserChain.accepted());

        ParseException reject = fails(NAT_HEAD + "-A PREROUTING -j REJECT\nCOMMIT\n");
        assertEquals("REJECT is only valid in the filter table", reject.problem());
    }

    @Test
    void loopsAreRefused() {
        ParseException e = fails("*filter\n:INPUT ACCEPT [0:0]\n:A - [0:0]\n:B - [0:0]\n-A INPUT -j A\n-A A -j B\n-A B -j A\nCOMMIT\n");
        assertEquals(7, e.line());
        assertEquals("jumping to A from B makes a loop", e.problem());
    }

    @Test
    void badValuesAreExplained() {
        ParseException quote = fails(NAT_HEAD + "-A PREROUTING -m comment --comment \"unterminated -j ACCEPT\nCOMMIT\n");
        assertEquals(6, quote.line());
        assertEquals(36, quote.column());
        assertEquals("unterminated quote", quote.problem());

        ParseException addr = fails(NAT_HEAD + "-A PREROUTING -d 10.96.0.300/32 -j ACCEPT\nCOMMIT\n");
        assertEquals(18, addr.column());
        assertEquals("'10.96.0.300' is not an IPv4 address (host names are not resolved)", addr.problem());

        ParseException tcp = fails(NAT_HEAD + "-A PREROUTING -m tcp --dport 80 -j ACCEPT\nCOMMIT\n");
        assertEquals("-m tcp only works with -p tcp", tcp.problem());

        ParseException dport = fails(NAT_HEAD + "-A PREROUTING --dport 80 -j ACCEPT\nCOMMIT\n");
        assertEquals("unknown option '--dport' (needs -p tcp/udp or -m tcp/-m udp before it)", dport.problem());

        ParseException policy = fails("*filter\n:INPUT\nCOMMIT\n");
        assertEquals("chain 'INPUT' has no policy", policy.problem());

        ParseException builtin = fails("*filter\n:PREROUTING ACCEPT [0:0]\nCOMMIT\n");
        assertEquals("table filter has no built-in chain PREROUTING", builtin.problem());
        assertEquals("built-in chains of filter: INPUT, FORWARD, OUTPUT", builtin.accepted());

        ParseException prob = fails(NAT_HEAD + "-A PREROUTING -m statistic --mode random --probability 1.5 -j ACCEPT\nCOMMIT\n");
        assertEquals("probability 1.5 is outside 0..1", prob.problem());

        ParseException words = fails(NAT_HEAD + "-A PREROUTING -m comment --comment two words -j ACCEPT\nCOMMIT\n");
        assertEquals("unexpected argument 'words'", words.problem());

        ParseException outIn = fails("*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -o eth0 -j ACCEPT\nCOMMIT\n");
        assertTrue(outIn.problem().startsWith("can't use -o with INPUT"));

        ParseException table = fails("*security\nCOMMIT\n");
        assertEquals("unknown table 'security'", table.problem());
    }

    @Test
    void escapedQuotesInCommentsAreRead() {
        Ruleset rs = Ruleset.parse("*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -m comment --comment \"say \\\"hi\\\"\" -j ACCEPT\nCOMMIT\n");
        assertEquals("say \"hi\"", rs.chain(TableName.FILTER, "INPUT").rules().get(0).comment());
    }
}
