package dev.convolens.rollup;

import dev.convolens.tenant.Tenant;

/** One rollup table: replaces every row of one tenant and period from facts and raw events; safe to re-run. */
public interface RollupFamily {

    /** The job that keeps this family current (seed 001's names). */
    String jobName();

    /** The calendar of the family's rows. */
    Granularity granularity();

    /** The table the family writes, for retention. */
    String table();

    /** Recomputes the tenant's rows of this period; answers the rows written. */
    int recompute(Tenant tenant, Period period);
}
