package matcalc.cli;

import matcalc.present.Format;

/** A command whose output format is chosen with --format: its errors come out in that format too. */
interface Formatted {
    Format format();

    /** The command's name in the JSON documents. */
    String command();
}
