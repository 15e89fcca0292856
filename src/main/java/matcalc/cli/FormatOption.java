package matcalc.cli;

import matcalc.present.Format;
import picocli.CommandLine.Option;

/** --format, shared by every command that prints a result: text, latex or json. */
final class FormatOption {
    @Option(names = "--format", defaultValue = "text",
            description = "text, latex or json (default: ${DEFAULT-VALUE}); json follows the schema in the README")
    Format format;
}
