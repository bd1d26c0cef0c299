package com.companyos.trustreports.internal;

import com.companyos.base.Hashing;
import com.companyos.reports.ReportDocument;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Trust Report template (reports/templates/trust-report.md): a small Markdown-like text a compliance writer edits
 * — front matter, headings, paragraphs, bullet lines, fenced code, {@code {{path}}} placeholders into the report's
 * facts, {@code {{#if path}} … {{else}} … {{/if}}} and {@code {{kind:name}}} blocks (tables, charts, key facts, status
 * lines) drawn from the same facts. The format is documented in reports/templates/README.md. A template that uses an
 * unknown block, leaves an {@code if} open or names a fact that does not exist fails with its line number.
 */
public final class TrustReportTemplate {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z][\\w.]*)\\s*}}");
    private static final Pattern BLOCK = Pattern.compile("\\{\\{\\s*(status|facts|table|chart):([\\w-]+)\\s*}}");
    private static final Pattern IF = Pattern.compile("\\{\\{\\s*#if\\s+([A-Za-z][\\w.]*)\\s*}}");

    /** A piece of the template. */
    sealed interface Node permits Text, Block, If {
    }

    /** Heading (level 1, 2), paragraph (0), bullet (3), code (4) or page break (5), with placeholders. */
    record Text(int kind, String text, int line) implements Node {
    }

    record Block(String kind, String name, int line) implements Node {
    }

    record If(String path, List<Node> then, List<Node> otherwise, int line) implements Node {
    }

    static final int PARAGRAPH = 0;
    static final int BULLET = 3;
    static final int CODE = 4;
    static final int PAGE_BREAK = 5;

    private final String name;
    private final String sha256;
    private final String title;
    private final String subtitle;
    private final List<Node> body;

    private TrustReportTemplate(String name, String sha256, String title, String subtitle, List<Node> body) {
        this.name = name;
        this.sha256 = sha256;
        this.title = title;
        this.subtitle = subtitle;
        this.body = body;
    }

    public String name() {
        return name;
    }

    public String sha256() {
        return sha256;
    }

    /** Parses a template; {@code blocks} are the block names the renderer knows ("table:decisions-by-seam", …). */
    public static TrustReportTemplate parse(String name, String text, Set<String> blocks) {
        String[] lines = text.replace("\r\n", "\n").split("\n", -1);
        String title = null;
        String subtitle = "";
        int i = 0;
        for (; i < lines.length && !lines[i].trim().equals("---"); i++) {
            String line = lines[i].trim();
            if (line.startsWith("title:")) {
                title = line.substring(6).trim();
            } else if (line.startsWith("subtitle:")) {
                subtitle = line.substring(9).trim();
            } else if (!line.isEmpty()) {
                throw problem(name, i + 1, "the front matter holds only 'title:' and 'subtitle:' lines, ended by '---'");
            }
        }
        if (i == lines.length || title == null || title.isBlank()) {
            throw problem(name, 1, "a template starts with 'title: …' (and optionally 'subtitle: …') and a line '---'");
        }
        Deque<List<Node>> open = new ArrayDeque<>();
        Deque<If> ifs = new ArrayDeque<>();
        List<Node> root = new ArrayList<>();
        open.push(root);
        StringBuilder paragraph = new StringBuilder();
        int paragraphLine = 0;
        boolean comment = false;
        for (i = i + 1; i < lines.length; i++) {
            int no = i + 1;
            String line = lines[i];
            String trimmed = line.trim();
            if (comment || trimmed.startsWith("<!--")) {
                comment = !trimmed.endsWith("-->");
                continue;
            }
            boolean structural = trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith("- ") || trimmed.startsWith("```")
                    || trimmed.equals("\\newpage") || directive(trimmed);
            if (structural && paragraph.length() > 0) {
                open.peek().add(new Text(PARAGRAPH, paragraph.toString(), paragraphLine));
                paragraph.setLength(0);
            }
            if (trimmed.isEmpty()) {
                continue;
            }
            Matcher m;
            if (trimmed.startsWith("```")) {
                StringBuilder code = new StringBuilder();
                int start = no;
                for (i = i + 1; i < lines.length && !lines[i].trim().startsWith("```"); i++) {
                    code.append(code.length() > 0 ? "\n" : "").append(lines[i]);
                }
                if (i == lines.length) {
                    throw problem(name, start, "a code block (```) is not closed");
                }
                open.peek().add(new Text(CODE, code.toString(), start));
            } else if (trimmed.startsWith("## ")) {
                open.peek().add(new Text(2, trimmed.substring(3).trim(), no));
            } else if (trimmed.startsWith("# ")) {
                open.peek().add(new Text(1, trimmed.substring(2).trim(), no));
            } else if (trimmed.startsWith("- ")) {
                open.peek().add(new Text(BULLET, trimmed.substring(2).trim(), no));
            } else if (trimmed.equals("\\newpage")) {
                open.peek().add(new Text(PAGE_BREAK, "", no));
            } else if ((m = IF.matcher(trimmed)).matches()) {
                If node = new If(m.group(1), new ArrayList<>(), new ArrayList<>(), no);
                open.peek().add(node);
                ifs.push(node);
                open.push(node.then());
            } else if (trimmed.matches("\\{\\{\\s*else\\s*}}")) {
                if (ifs.isEmpty() || open.peek() != ifs.peek().then()) {
                    throw problem(name, no, "{{else}} without an open {{#if …}}");
                }
                open.pop();
                open.push(ifs.peek().otherwise());
            } else if (trimmed.matches("\\{\\{\\s*/if\\s*}}")) {
                if (ifs.isEmpty()) {
                    throw problem(name, no, "{{/if}} without an open {{#if …}}");
                }
                ifs.pop();
                open.pop();
            } else if ((m = BLOCK.matcher(trimmed)).matches()) {
                if (!blocks.contains(m.group(1) + ":" + m.group(2))) {
                    throw problem(name, no, "there is no block {{" + m.group(1) + ":" + m.group(2) + "}}; known: " + new java.util.TreeSet<>(blocks));
                }
                open.peek().add(new Block(m.group(1), m.group(2), no));
            } else if (directive(trimmed)) {
                throw problem(name, no, "'" + trimmed + "' is neither a placeholder, a block nor {{#if}}/{{else}}/{{/if}}");
            } else {
                if (paragraph.length() == 0) {
                    paragraphLine = no;
                } else {
                    paragraph.append(' ');
                }
                paragraph.append(trimmed);
            }
        }
        if (paragraph.length() > 0) {
            open.peek().add(new Text(PARAGRAPH, paragraph.toString(), paragraphLine));
        }
        if (!ifs.isEmpty()) {
            throw problem(name, ifs.peek().line(), "{{#if " + ifs.peek().path() + "}} is never closed with {{/if}}");
        }
        return new TrustReportTemplate(name, Hashing.sha256Hex(text), title, subtitle, List.copyOf(root));
    }

    /** Renders the template with {@code context} (the facts and the delivery) into a report; blocks come from {@code blocks}. */
    public ReportDocument.Builder render(Map<String, Object> context, TrustReportBlocks blocks) {
        ReportDocument.Builder doc = ReportDocument.builder(fill(title, context, 1)).subtitle(fill(subtitle, context, 2));
        render(body, context, blocks, doc);
        return doc;
    }

    private void render(List<Node> nodes, Map<String, Object> context, TrustReportBlocks blocks, ReportDocument.Builder doc) {
        for (Node node : nodes) {
            if (node instanceof If f) {
                render(truthy(lookup(context, f.path(), f.line())) ? f.then() : f.otherwise(), context, blocks, doc);
            } else if (node instanceof Block b) {
                blocks.add(b.kind() + ":" + b.name(), doc);
            } else if (node instanceof Text t) {
                String text = fill(t.text(), context, t.line());
                switch (t.kind()) {
                    case 1 -> doc.heading(text);
                    case 2 -> doc.subheading(text);
                    case BULLET -> doc.paragraph("•  " + text);
                    case CODE -> doc.code(text);
                    case PAGE_BREAK -> doc.pageBreak();
                    default -> doc.paragraph(text);
                }
            }
        }
    }

    private String fill(String text, Map<String, Object> context, int line) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(display(lookup(context, m.group(1), line), m.group(1), line)));
        }
        m.appendTail(out);
        return out.toString();
    }

    private Object lookup(Map<String, Object> context, String path, int line) {
        Object value = context;
        for (String part : path.split("\\.")) {
            if (!(value instanceof Map<?, ?> map) || !map.containsKey(part)) {
                throw problem(name, line, "the facts have no '" + path + "'");
            }
            value = map.get(part);
        }
        return value;
    }

    private String display(Object value, String path, int line) {
        if (value == null) {
            return "—";
        }
        if (value instanceof Boolean b) {
            return b ? "yes" : "no";
        }
        if (value instanceof Long || value instanceof Integer) {
            return String.format(Locale.ROOT, "%,d", ((Number) value).longValue());
        }
        if (value instanceof Number n) {
            return String.format(Locale.ROOT, "%.3f", n.doubleValue());
        }
        if (value instanceof Map || value instanceof List) {
            throw problem(name, line, "'" + path + "' is a list or a group of facts; use a block to show it");
        }
        return value.toString();
    }

    private static boolean truthy(Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof Number n) {
            return n.doubleValue() != 0;
        }
        if (value instanceof java.util.Collection<?> c) {
            return !c.isEmpty();
        }
        return value != null && !value.toString().isEmpty();
    }

    /** A line that is a directive ({{#if}}, {{else}}, {{/if}}, a block, or an unknown {{…}}), not text with placeholders. */
    private static boolean directive(String trimmed) {
        if (!trimmed.startsWith("{{") || !trimmed.endsWith("}}") || trimmed.substring(2, trimmed.length() - 2).contains("{{")) {
            return false;
        }
        return trimmed.matches("\\{\\{\\s*(else|/if)\\s*}}") || !PLACEHOLDER.matcher(trimmed).matches();
    }

    private static IllegalArgumentException problem(String name, int line, String what) {
        return new IllegalArgumentException("Trust Report template " + name + ", line " + line + ": " + what);
    }
}
