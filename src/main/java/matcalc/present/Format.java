package matcalc.present;

/** The output formats every command offers: the renderer for each. */
public enum Format {
    text, latex, json;

    /** The renderer for this format; {@code ascii} chooses ASCII over Unicode text. */
    public Renderer<String> renderer(boolean ascii) {
        return switch (this) {
            case text -> TextRenderer.of(ascii);
            case latex -> new LatexRenderer();
            case json -> new JsonRenderer();
        };
    }
}
