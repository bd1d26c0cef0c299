package com.companyos.reports;

import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

import javax.imageio.ImageIO;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** Draws each kind of {@link ReportBlock} at the cursor of a {@link PageLayout}: type sizes, colours and spacing. */
final class BlockWriter {

    private static final float BODY = 10f;
    private static final float BODY_LEADING = 14.5f;
    private static final float CODE = 8.3f;
    private static final float CODE_LEADING = 11f;
    private static final float CODE_PAD = 6f;
    private static final float BADGE_SIZE = 7.8f;
    private static final float BADGE_HEIGHT = 13f;
    private static final Color CODE_FILL = new Color(0xF6, 0xF8, 0xFA);
    private static final Color PASS = new Color(0x1A, 0x7F, 0x37);
    private static final Color WARN = new Color(0x9A, 0x67, 0x00);
    private static final Color FAIL = new Color(0xCF, 0x22, 0x2E);

    private final PageLayout layout;
    private final ReportFonts fonts;

    BlockWriter(PageLayout layout) {
        this.layout = layout;
        this.fonts = layout.fonts();
    }

    void title(String title, String subtitle) {
        lines(LineBreaker.prose(title, fonts, fonts.bold, 20f, PageLayout.WIDTH), fonts.bold, 20f, 25f, PageLayout.ACCENT, 0);
        if (!subtitle.isBlank()) {
            layout.moveDown(2f);
            lines(LineBreaker.prose(subtitle, fonts, fonts.regular, 11f, PageLayout.WIDTH), fonts.regular, 11f, 15f, PageLayout.MUTED, 0);
        }
        layout.moveDown(6f);
        layout.line(PageLayout.LEFT, layout.y(), PageLayout.RIGHT, layout.y(), 1.5f, PageLayout.ACCENT);
        layout.moveDown(16f);
    }

    void write(ReportBlock block) {
        // Java 17 has no pattern matching for switch: a block type added later fails loudly at the end.
        if (block instanceof ReportBlock.Heading h) {
            heading(h);
        } else if (block instanceof ReportBlock.Paragraph p) {
            paragraph(p.text());
        } else if (block instanceof ReportBlock.KeyValues kv) {
            TableWriter.keyValues(layout, kv);
        } else if (block instanceof ReportBlock.Table t) {
            TableWriter.table(layout, t);
        } else if (block instanceof ReportBlock.Status s) {
            status(s);
        } else if (block instanceof ReportBlock.Chart c) {
            chart(c);
        } else if (block instanceof ReportBlock.BarChart c) {
            ChartWriter.bars(layout, c);
        } else if (block instanceof ReportBlock.Code c) {
            code(c.text());
        } else if (block instanceof ReportBlock.PageBreak) {
            if (!layout.atTopOfPage()) {
                layout.newPage();
            }
        } else {
            throw new IllegalArgumentException("Unknown block " + block);
        }
    }

    private void heading(ReportBlock.Heading heading) {
        boolean section = heading.level() == 1;
        float size = section ? 13.5f : 11f;
        float leading = section ? 18f : 15f;
        List<String> lines = LineBreaker.prose(heading.text(), fonts, fonts.bold, size, PageLayout.WIDTH);
        // A heading keeps at least three lines of what follows on its page.
        float needed = (section ? 10f : 6f) + lines.size() * leading + 6f + 3 * BODY_LEADING;
        layout.ensureSpace(needed);
        if (!layout.atTopOfPage()) {
            layout.moveDown(section ? 10f : 6f);
        }
        lines(lines, fonts.bold, size, leading, section ? PageLayout.ACCENT : PageLayout.TEXT, 0);
        if (section) {
            layout.moveDown(2f);
            layout.line(PageLayout.LEFT, layout.y(), PageLayout.RIGHT, layout.y(), 0.5f, PageLayout.RULE);
            layout.moveDown(8f);
        } else {
            layout.moveDown(4f);
        }
    }

    private void paragraph(String text) {
        List<String> lines = LineBreaker.prose(text, fonts, fonts.regular, BODY, PageLayout.WIDTH);
        layout.ensureSpace(Math.min(lines.size(), 2) * BODY_LEADING);
        lines(lines, fonts.regular, BODY, BODY_LEADING, PageLayout.TEXT, 0);
        layout.moveDown(7f);
    }

    private void status(ReportBlock.Status status) {
        String label = status.outcome().name();
        float badgeWidth = 0;
        for (ReportBlock.Outcome o : ReportBlock.Outcome.values()) {
            badgeWidth = Math.max(badgeWidth, ReportFonts.width(o.name(), fonts.bold, BADGE_SIZE));
        }
        badgeWidth += 12f;
        float indent = badgeWidth + 8f;
        List<String> lines = LineBreaker.prose(status.text(), fonts, fonts.regular, BODY, PageLayout.WIDTH - indent);
        layout.ensureSpace(Math.max(lines.size(), 1) * BODY_LEADING);
        float baseline = PageLayout.baseline(layout.y(), BODY, BODY_LEADING);
        Color colour = switch (status.outcome()) {
            case PASS -> PASS;
            case WARN -> WARN;
            case FAIL -> FAIL;
        };
        float badgeBottom = baseline - 3.2f;
        layout.roundedFill(PageLayout.LEFT, badgeBottom, badgeWidth, BADGE_HEIGHT, 2.5f, colour);
        float labelWidth = ReportFonts.width(label, fonts.bold, BADGE_SIZE);
        layout.text(label, fonts.bold, BADGE_SIZE, PageLayout.LEFT + (badgeWidth - labelWidth) / 2,
                badgeBottom + (BADGE_HEIGHT - BADGE_SIZE * 0.73f) / 2, Color.WHITE);
        lines(lines, fonts.regular, BODY, BODY_LEADING, PageLayout.TEXT, indent);
        layout.moveDown(5f);
    }

    private void chart(ReportBlock.Chart chart) {
        BufferedImage rgb = opaque(chart.png());
        float scale = Math.min(0.75f, Math.min(PageLayout.WIDTH / rgb.getWidth(),
                (PageLayout.TOP - PageLayout.BOTTOM) * 0.6f / rgb.getHeight()));
        float width = rgb.getWidth() * scale;
        float height = rgb.getHeight() * scale;
        List<String> caption = chart.caption().isBlank() ? List.of()
                : LineBreaker.prose(chart.caption(), fonts, fonts.regular, 8.5f, PageLayout.WIDTH);
        layout.ensureSpace(height + 6f + caption.size() * 11f);
        float x = PageLayout.LEFT + (PageLayout.WIDTH - width) / 2;
        try {
            PDImageXObject image = LosslessFactory.createFromImage(layout.document(), rgb);
            layout.image(image, x, layout.y() - height, width, height);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        layout.frame(x, layout.y() - height, width, height, 0.5f, PageLayout.RULE);
        layout.moveDown(height + 5f);
        for (String line : caption) {
            float lineWidth = ReportFonts.width(line, fonts.regular, 8.5f);
            layout.text(line, fonts.regular, 8.5f, PageLayout.LEFT + (PageLayout.WIDTH - lineWidth) / 2,
                    PageLayout.baseline(layout.y(), 8.5f, 11f), PageLayout.MUTED);
            layout.moveDown(11f);
        }
        layout.moveDown(12f);
    }

    private void code(String text) {
        List<String> lines = LineBreaker.code(text, fonts, fonts.mono, CODE, PageLayout.WIDTH - 2 * CODE_PAD);
        int next = 0;
        while (next < lines.size()) {
            int fit = (int) Math.floor((layout.remaining() - 2 * CODE_PAD) / CODE_LEADING);
            if (fit < Math.min(3, lines.size() - next) && !layout.atTopOfPage()) {
                layout.newPage();
                continue;
            }
            int count = Math.max(1, Math.min(fit, lines.size() - next));
            float height = count * CODE_LEADING + 2 * CODE_PAD;
            float bottom = layout.y() - height;
            layout.fill(PageLayout.LEFT, bottom, PageLayout.WIDTH, height, CODE_FILL);
            layout.frame(PageLayout.LEFT, bottom, PageLayout.WIDTH, height, 0.5f, PageLayout.RULE);
            layout.moveDown(CODE_PAD);
            for (String line : lines.subList(next, next + count)) {
                layout.text(line, fonts.mono, CODE, PageLayout.LEFT + CODE_PAD, PageLayout.baseline(layout.y(), CODE, CODE_LEADING),
                        PageLayout.TEXT);
                layout.moveDown(CODE_LEADING);
            }
            layout.moveDown(CODE_PAD);
            next += count;
            if (next < lines.size()) {
                layout.newPage();
            }
        }
        layout.moveDown(10f);
    }

    /** Draws lines top to bottom from the cursor, starting a new page whenever the next line does not fit. */
    private void lines(List<String> lines, PDFont font, float size, float leading, Color colour, float indent) {
        for (String line : lines) {
            if (leading > layout.remaining()) {
                layout.newPage();
            }
            layout.text(line, font, size, PageLayout.LEFT + indent, PageLayout.baseline(layout.y(), size, leading), colour);
            layout.moveDown(leading);
        }
    }

    /** The PNG decoded and drawn onto white, without an alpha channel. */
    private static BufferedImage opaque(byte[] png) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
            if (image == null) {
                throw new IllegalArgumentException("A chart must be a PNG image");
            }
            if (image.getType() == BufferedImage.TYPE_INT_RGB) {
                return image;
            }
            BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
            Graphics2D g = rgb.createGraphics();
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, rgb.getWidth(), rgb.getHeight());
            g.drawImage(image, 0, 0, null);
            g.dispose();
            return rgb;
        } catch (IOException e) {
            throw new IllegalArgumentException("A chart must be a PNG image", e);
        }
    }
}
