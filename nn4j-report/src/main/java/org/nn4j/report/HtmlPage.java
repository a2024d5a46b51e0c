package org.nn4j.report;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * One self-contained HTML page: a title, a table of contents and sections, with images inlined as
 * {@code data:} URIs and the style sheet in the page, so the file can be mailed or archived alone. No scripts.
 */
public final class HtmlPage {
    private final String title;
    private final List<String[]> sections = new ArrayList<>();

    public HtmlPage(String title) {
        this.title = title;
    }

    /** Adds a section; {@code id} names its anchor, {@code body} is HTML built with the helpers below. */
    public HtmlPage section(String id, String heading, String body) {
        sections.add(new String[]{id, heading, body});
        return this;
    }

    public String render() {
        StringBuilder sb = new StringBuilder(64 * 1024);
        sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(escape(title)).append("</title>\n<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n")
                .append("<h1>").append(escape(title)).append("</h1>\n<nav><ul>\n");
        for (String[] s : sections) {
            sb.append("<li><a href=\"#").append(s[0]).append("\">").append(escape(s[1])).append("</a></li>\n");
        }
        sb.append("</ul></nav>\n");
        for (String[] s : sections) {
            sb.append("<section id=\"").append(s[0]).append("\">\n<h2>").append(escape(s[1])).append("</h2>\n")
                    .append(s[2]).append("\n</section>\n");
        }
        return sb.append("</body>\n</html>\n").toString();
    }

    /** A PNG as an inline image; null bytes give nothing. */
    public static String image(byte[] png, String alt) {
        if (png == null) {
            return "";
        }
        return "<img alt=\"" + escape(alt) + "\" src=\"data:image/png;base64,"
                + Base64.getEncoder().encodeToString(png) + "\">";
    }

    /** A table with a header row; cells are text, escaped here. */
    public static String table(List<String> header, List<List<String>> rows) {
        StringBuilder sb = new StringBuilder("<table>\n<tr>");
        header.forEach(h -> sb.append("<th>").append(escape(h)).append("</th>"));
        sb.append("</tr>\n");
        for (List<String> row : rows) {
            sb.append("<tr>");
            row.forEach(c -> sb.append("<td>").append(escape(c)).append("</td>"));
            sb.append("</tr>\n");
        }
        return sb.append("</table>").toString();
    }

    public static String paragraph(String text) {
        return "<p>" + escape(text) + "</p>";
    }

    public static String preformatted(String text) {
        return "<pre>" + escape(text) + "</pre>";
    }

    public static String list(List<String> items) {
        StringBuilder sb = new StringBuilder("<ul>");
        items.forEach(i -> sb.append("<li>").append(escape(i)).append("</li>"));
        return sb.append("</ul>").toString();
    }

    public static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static final String STYLE = """
            body { font-family: system-ui, sans-serif; max-width: 1100px; margin: 2em auto; padding: 0 1em;
                   color: #222; line-height: 1.45; }
            h1 { border-bottom: 2px solid #08306b; padding-bottom: .3em; }
            h2 { color: #08306b; margin-top: 2em; }
            nav ul { display: flex; flex-wrap: wrap; gap: .4em 1.2em; padding: 0; list-style: none; }
            table { border-collapse: collapse; margin: 1em 0; font-variant-numeric: tabular-nums; }
            th, td { border: 1px solid #ccd; padding: .25em .6em; text-align: right; }
            th { background: #eef3fa; }
            td:first-child, th:first-child { text-align: left; }
            pre { background: #f6f8fa; padding: 1em; overflow-x: auto; }
            img { max-width: 100%; display: block; margin: 1em 0; }
            .verdict { font-weight: bold; }
            """;
}
