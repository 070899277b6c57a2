package dev.convolens.delivery;

import dev.convolens.report.ReportFormat;
import dev.convolens.report.ReportPeriod;
import dev.convolens.report.Section;
import java.util.List;
import java.util.Set;

/**
 * What a schedule asks to be delivered for one period: the snapshot a delivery row is claimed with.
 *
 * @param runKey which copy of the period ({@link Delivery#PERIOD} or {@link Delivery#resendKey})
 * @param trigger scheduled, manual or resend
 */
public record DeliveryOrder(String scheduleId, String tenantId, String runKey, String trigger, ReportPeriod period,
        String frequency, ReportFormat format, Set<Section> sections, List<String> recipients) {}
