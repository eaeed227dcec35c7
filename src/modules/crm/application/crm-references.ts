import { existsIn, type ReferenceCheck } from '../../../platform/references.js';
import type { Runtime } from '../../../platform/runtime.js';
import { findCompany } from '../infrastructure/companies.repository.js';
import { findContact } from '../infrastructure/contacts.repository.js';
import { findPipeline, findStage } from '../infrastructure/pipelines.repository.js';
import { findSegment } from '../infrastructure/segments.repository.js';

/** PromptCRM rows other requests may name: `crm.contact`, `crm.company`, `crm.segment`, … */
export function crmReferences(runtime: Runtime): Record<string, ReferenceCheck> {
  return {
    contact: existsIn(runtime.db, findContact),
    company: existsIn(runtime.db, findCompany),
    segment: existsIn(runtime.db, findSegment),
    pipeline: existsIn(runtime.db, findPipeline),
    stage: existsIn(runtime.db, findStage),
  };
}
