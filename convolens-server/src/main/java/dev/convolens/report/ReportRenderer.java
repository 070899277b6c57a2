package dev.convolens.report;

import java.io.IOException;
import java.io.OutputStream;

/** Writes a {@link Report} as one file format. */
public interface ReportRenderer {

    ReportFormat format();

    void render(Report report, OutputStream out) throws IOException;
}
