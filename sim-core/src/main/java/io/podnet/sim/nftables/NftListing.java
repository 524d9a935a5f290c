package io.podnet.sim.nftables;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns what {@code nft list ruleset} prints (table blocks holding set, map and chain blocks, base
 * chains' {@code type ... hook ... priority ...; policy ...;} line, {@code elements = { ... }}
 * possibly over several lines, {@code # handle N} annotations of {@code nft -a}) into the
 * equivalent {@code add ...} transaction lines, which {@link NftParser} reads: the table, every set,
 * map and chain in listed order, then the rules and elements (a listing may jump to a chain listed
 * later). Handles of a re-read listing are therefore podnet's numbering of that order, not
 * necessarily the kernel's ({@code # handle N} annotations are dropped).
 */
final class NftListing {
    private NftListing() {}

    /** True when the text looks like a listing (its first statement opens a table block). */
    static boolean isListing(String text) {
        for (String l : text.split("\n")) {
            String t = l.trim();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            int hash = t.indexOf(" # handle ");
            if (hash >= 0) {
                t = t.substring(0, hash).trim();
            }
            return t.startsWith("table ") && t.endsWith("{");
        }
        return false;
    }

    /** The transaction lines, each with the listing's line number. */
    static List<String[]> toTransaction(String text) {
        List<String[]> decl = new ArrayList<>();
        List<String[]> body = new ArrayList<>();
        for (String[] l : lines(text)) {
            (l[0].startsWith("add rule ") || l[0].startsWith("add element ") ? body : decl).add(l);
        }
        decl.addAll(body);
        return decl;
    }

    private static List<String[]> lines(String text) {
        List<String[]> out = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        String table = null;
        String objKind = null;
        String objName = null;
        List<String> spec = new ArrayList<>();
        StringBuilder elements = null;
        boolean chainDeclared = false;
        int objLine = 0;
        for (int n = 0; n < lines.length; n++) {
            String t = lines[n].trim();
            int hash = t.indexOf(" # handle ");
            if (hash >= 0) {
                t = t.substring(0, hash).trim();
            } else if (t.startsWith("# handle")) {
                t = "";
            }
            String no = Integer.toString(n + 1);
            if (t.isEmpty()) {
                continue;
            }
            if (elements != null) {
                elements.append(' ').append(t);
                if (t.endsWith("}")) {
                    out.add(new String[] {"add element " + table + " " + objName + " " + elements.substring(elements.indexOf("{")), no});
                    elements = null;
                }
                continue;
            }
            if (table == null) {
                if (t.startsWith("table ") && t.endsWith("{")) {
                    table = t.substring(6, t.length() - 1).trim();
                    out.add(new String[] {"add table " + table, no});
                    continue;
                }
                throw new NftParseException(n + 1, "expected 'table FAMILY NAME {', found '" + t + "'");
            }
            if (objKind == null) {
                if (t.equals("}")) {
                    table = null;
                } else if ((t.startsWith("set ") || t.startsWith("map ") || t.startsWith("chain ")) && t.endsWith("{")) {
                    String[] w = t.substring(0, t.length() - 1).trim().split("\\s+");
                    objKind = w[0];
                    objName = w[1];
                    spec = new ArrayList<>();
                    chainDeclared = false;
                    objLine = n + 1;
                } else if (!t.startsWith("comment ") && !t.startsWith("flags ")) {
                    throw new NftParseException(n + 1, "unexpected '" + t + "' in table " + table);
                }
                continue;
            }
            if (t.equals("}")) {
                if (objKind.equals("chain")) {
                    if (!chainDeclared) {
                        out.add(new String[] {"add chain " + table + " " + objName, Integer.toString(objLine)});
                    }
                } else {
                    declareSet(out, table, objKind, objName, spec, objLine);
                }
                objKind = null;
                continue;
            }
            if (objKind.equals("chain")) {
                if (!chainDeclared && t.startsWith("type ")) {
                    String s = t.replace(";", " ;");
                    out.add(new String[] {"add chain " + table + " " + objName + " { " + s + " }", no});
                    chainDeclared = true;
                    continue;
                }
                if (!chainDeclared) {
                    out.add(new String[] {"add chain " + table + " " + objName, Integer.toString(objLine)});
                    chainDeclared = true;
                }
                if (t.startsWith("comment ") && !out.isEmpty() && out.get(out.size() - 1)[0].startsWith("add chain ")) {
                    continue; // a chain's own comment
                }
                out.add(new String[] {"add rule " + table + " " + objName + " " + t, no});
                continue;
            }
            if (t.startsWith("elements = ")) {
                declareSet(out, table, objKind, objName, spec, objLine);
                spec = null;
                elements = new StringBuilder(t.substring("elements = ".length()));
                if (t.endsWith("}")) {
                    out.add(new String[] {"add element " + table + " " + objName + " " + elements, no});
                    elements = null;
                }
                continue;
            }
            if (spec == null) {
                continue; // after the elements: nothing else is declared
            }
            spec.add(t);
        }
        if (table != null) {
            throw new NftParseException(lines.length, "table " + table + " is not closed");
        }
        return out;
    }

    private static void declareSet(List<String[]> out, String table, String kind, String name, List<String> spec, int line) {
        if (spec == null) {
            return; // already declared before its elements
        }
        StringBuilder sb = new StringBuilder("add " + kind + " " + table + " " + name + " {");
        for (String s : spec) {
            sb.append(' ').append(s.endsWith(";") ? s : s + " ;");
        }
        out.add(new String[] {sb.append(" }").toString(), Integer.toString(line)});
    }
}
