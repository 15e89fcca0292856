package matcalc.render;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Insets;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import javax.swing.JLabel;
import matcalc.syntax.MatcalcException;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.SVGHints;
import org.scilab.forge.jlatexmath.ParseException;
import org.scilab.forge.jlatexmath.TeXConstants;
import org.scilab.forge.jlatexmath.TeXFormula;
import org.scilab.forge.jlatexmath.TeXIcon;

/**
 * LaTeX to pictures with JLaTeXMath (pure Java, no TeX installation): PNG through a
 * BufferedImage, SVG through JFreeSVG with glyphs drawn as outlines, so the file shows the same
 * everywhere without JLaTeXMath's fonts.
 */
public final class Pictures {
    private static final float SIZE = 22;

    private Pictures() {}

    /** Parses and lays out the LaTeX; throws with JLaTeXMath's reason if it cannot. */
    public static TeXIcon icon(String latex) {
        System.setProperty("java.awt.headless", "true");
        try {
            TeXIcon icon = new TeXFormula(latex).createTeXIcon(TeXConstants.STYLE_DISPLAY, SIZE);
            icon.setInsets(new Insets(12, 12, 12, 12));
            return icon;
        } catch (ParseException e) {
            throw MatcalcException.general("the LaTeX does not render: " + e.getMessage());
        }
    }

    public static void png(String latex, Path file) {
        // through a stream of our own: ImageIO.write(…, File) prints a stack trace when it cannot open the file
        try (var out = Files.newOutputStream(file)) {
            out.write(png(latex));
        } catch (IOException e) {
            throw MatcalcException.general("cannot write " + file + ": " + reason(e));
        }
    }

    /** The picture as the bytes of a PNG file. */
    public static byte[] png(String latex) {
        TeXIcon icon = icon(latex);
        BufferedImage img = new BufferedImage(icon.getIconWidth(), icon.getIconHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        paint(icon, g);
        g.dispose();
        var out = new java.io.ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);   // writing to memory
        }
        return out.toByteArray();
    }

    public static String svg(String latex) {
        TeXIcon icon = icon(latex);
        SVGGraphics2D g = new SVGGraphics2D(icon.getIconWidth(), icon.getIconHeight());
        g.setRenderingHint(SVGHints.KEY_DRAW_STRING_TYPE, SVGHints.VALUE_DRAW_STRING_TYPE_VECTOR);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, icon.getIconWidth(), icon.getIconHeight());
        paint(icon, g);
        return g.getSVGDocument();
    }

    public static void svg(String latex, Path file) {
        try {
            Files.writeString(file, svg(latex), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw MatcalcException.general("cannot write " + file + ": " + reason(e));
        }
    }

    private static String reason(IOException e) {
        return e instanceof java.nio.file.NoSuchFileException ? "there is no such folder"
                : e instanceof java.nio.file.AccessDeniedException ? "permission denied" : e.getMessage();
    }

    private static void paint(TeXIcon icon, Graphics2D g) {
        JLabel label = new JLabel();
        label.setForeground(Color.BLACK);
        icon.setForeground(Color.BLACK);
        icon.paintIcon(label, g, 0, 0);
    }
}
