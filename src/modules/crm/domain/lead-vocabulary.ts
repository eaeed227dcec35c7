/** Where a person stands in the funnel, from first capture to customer (or lost). */
export const lifecycleStages = ['lead', 'qualified', 'opportunity', 'customer', 'lost'] as const;
/** The intent score's band, as sales reads it. */
export const classifications = ['hot', 'warm', 'cold'] as const;
/** How a lead reached the CRM. */
export const leadSources = ['ads', 'web_form', 'csv_import', 'api', 'chat', 'manual'] as const;
