package dev.convolens.rollup;

import dev.convolens.tenant.Tenant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BiFunction;

/** A rollup family double: records every recompute and fails where the test says. */
final class RecordingFamily implements RollupFamily {
    private final String job;
    private final Granularity granularity;
    private final String table;
    final List<Call> calls;
    /** Answers the exception to throw for this call (attempt counts from 1 per tenant and period), or null. */
    volatile BiFunction<Call, Integer, RuntimeException> failure = (c, attempt) -> null;

    RecordingFamily(String job, Granularity granularity) {
        this(job, granularity, "test_" + job, Collections.synchronizedList(new ArrayList<>()));
    }

    RecordingFamily(String job, Granularity granularity, String table, List<Call> calls) {
        this.job = job;
        this.granularity = granularity;
        this.table = table;
        this.calls = calls;
    }

    @Override
    public String jobName() {
        return job;
    }

    @Override
    public Granularity granularity() {
        return granularity;
    }

    @Override
    public String table() {
        return table;
    }

    @Override
    public int recompute(Tenant tenant, Period period) {
        Call call = new Call(tenant.id(), period);
        int attempt;
        synchronized (calls) {
            calls.add(call);
            attempt = (int) calls.stream().filter(call::equals).count();
        }
        RuntimeException e = failure.apply(call, attempt);
        if (e != null) throw e;
        return 10;
    }

    /** The local start dates of the periods recomputed for the tenant, in call order. */
    List<LocalDate> dates(String tenantId) {
        synchronized (calls) {
            return calls.stream().filter(c -> c.tenantId().equals(tenantId)).map(c -> c.period().date()).toList();
        }
    }

    /** The periods recomputed for the tenant, in call order. */
    List<Period> periods(String tenantId) {
        synchronized (calls) {
            return calls.stream().filter(c -> c.tenantId().equals(tenantId)).map(Call::period).toList();
        }
    }

    void forget() {
        calls.clear();
    }

    record Call(String tenantId, Period period) {}
}
