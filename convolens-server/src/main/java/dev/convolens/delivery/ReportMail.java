package dev.convolens.delivery;

import java.util.List;

/**
 * One report mail: everything the SMTP side needs and nothing about how the report was made.
 *
 * @param messageId the Message-ID header, stable across attempts of one delivery
 */
public record ReportMail(String from, List<String> to, String subject, String html, String text, String filename,
        String contentType, byte[] attachment, String messageId) {}
