package com.companyos.reports;

import org.apache.pdfbox.pdmodel.font.PDFont;

import java.util.ArrayList;
import java.util.List;

/**
 * Breaks text into lines that fit a width. Prose breaks between words; a word wider than the line (a hash, a URL)
 * breaks between characters. Code keeps its spaces and breaks after a space near the end of the line (else between
 * characters), marking each continuation.
 * Every line returned is printable in its font.
 */
final class LineBreaker {

    private LineBreaker() {
    }

    static List<String> prose(String text, ReportFonts fonts, PDFont font, float size, float maxWidth) {
        List<String> lines = new ArrayList<>();
        for (String hardLine : text.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1)) {
            String printable = fonts.printable(hardLine, font).strip();
            if (printable.isEmpty()) {
                lines.add("");
                continue;
            }
            StringBuilder current = new StringBuilder();
            for (String word : printable.split(" +")) {
                String candidate = current.isEmpty() ? word : current + " " + word;
                if (ReportFonts.width(candidate, font, size) <= maxWidth) {
                    current.setLength(0);
                    current.append(candidate);
                    continue;
                }
                if (!current.isEmpty()) {
                    lines.add(current.toString());
                    current.setLength(0);
                }
                if (ReportFonts.width(word, font, size) <= maxWidth) {
                    current.append(word);
                } else {
                    List<String> pieces = byCharacters(word, font, size, maxWidth);
                    lines.addAll(pieces.subList(0, pieces.size() - 1));
                    current.append(pieces.get(pieces.size() - 1));
                }
            }
            lines.add(current.toString());
        }
        return lines;
    }

    /** Code lines as written; a line too long for the box continues on the next line after a "↪ " marker. */
    static List<String> code(String text, ReportFonts fonts, PDFont font, float size, float maxWidth) {
        String marker = fonts.canShow(font, 0x21AA) ? "\u21AA " : "> ";
        List<String> lines = new ArrayList<>();
        for (String hardLine : text.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1)) {
            String rest = fonts.printable(hardLine, font).stripTrailing();
            boolean continuation = false;
            do {
                String prefix = continuation ? marker : "";
                String fit = longestFit(rest, prefix, font, size, maxWidth);
                int space = fit.lastIndexOf(' ');
                if (fit.length() < rest.length() && space > fit.length() / 2) {
                    fit = fit.substring(0, space + 1); // break after a space when one is near: arguments stay whole
                }
                lines.add(prefix + fit.stripTrailing());
                rest = rest.substring(fit.length());
                continuation = true;
            } while (!rest.isEmpty());
        }
        return lines;
    }

    private static List<String> byCharacters(String word, PDFont font, float size, float maxWidth) {
        List<String> pieces = new ArrayList<>();
        String rest = word;
        while (!rest.isEmpty()) {
            String fit = longestFit(rest, "", font, size, maxWidth);
            pieces.add(fit);
            rest = rest.substring(fit.length());
        }
        return pieces;
    }

    /** The longest prefix of {@code text} that fits after {@code lead}; at least one character, so lines always advance. */
    private static String longestFit(String text, String lead, PDFont font, float size, float maxWidth) {
        if (ReportFonts.width(lead + text, font, size) <= maxWidth) {
            return text;
        }
        // Widths grow with the prefix: binary search over code points (a long cell stays fast).
        int low = 1;
        int high = text.codePointCount(0, text.length());
        while (low < high) {
            int mid = (low + high + 1) >>> 1;
            if (ReportFonts.width(lead + text.substring(0, text.offsetByCodePoints(0, mid)), font, size) <= maxWidth) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        int end = text.offsetByCodePoints(0, low);
        return text.substring(0, end);
    }
}
