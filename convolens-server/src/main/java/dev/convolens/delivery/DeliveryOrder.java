package dev.convolens.delivery;

import dev.convolens.report.ReportFormat;
import dev.convolens.report.ReportPeriod;
import dev.convolens.report.Section;
import java.util.List;
import java.util.Set;

/** What a schedule asks to be delivered for one period: the snapshot a delivery row is claimed with. */
public record DeliveryOrder(String scheduleId, String tenantId, String runKey, ReportPeriod period, String frequency,
        ReportFormat format, Set<Section> sections, List<String> recipients) {}
