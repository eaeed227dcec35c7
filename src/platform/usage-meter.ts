/**
 * How a module reports what an organisation uses, for billing to meter against its plan without
 * knowing the module's tables. `period` bounds the counts of things that happen (requests,
 * generations, messages); things that exist (contacts, seats) are counted as they are now.
 */
export interface UsagePeriod {
  from: Date;
  to: Date;
}

export type UsageMeter = (orgId: string, period: UsagePeriod) => Promise<number>;

/** Meters by quota name (`campaign_requests`, `crm_contacts`, …). */
export type UsageMeters = Readonly<Record<string, UsageMeter>>;
