// The record form's values → a record to submit (the SDK's NewRecord), or what is wrong with
// them. Pure: the chain checks the rest (dates against its own day, the category's rules) and
// says what it refuses with its code.
import { fromHex } from '@creditchain/core';
import type { NewRecord } from '@creditchain/sdk';
import type { CategoryInfo } from '../app/categories.js';
import { parseSubjectRef } from '../app/vocabulary.js';

export interface RecordFormValues {
  readonly subject: string;
  readonly kind: 'person' | 'enterprise';
  readonly category: string;
  /** YYYY-MM-DD, as a date input gives it. */
  readonly occurred: string;
  /** YYYY-MM-DD, or '' while the behaviour goes on. */
  readonly ended: string;
  readonly amountBand: number;
  /** Days a publicity category's record is published for; '' for the category's longest. */
  readonly publicityDays: string;
  /** Detail fields for the sidecar; empty ones are left out. */
  readonly details: Readonly<Record<string, string>>;
}

export type RecordFormProblem = 'subject' | 'category' | 'kind' | 'occurred' | 'ended' | 'publicityDays';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The detail fields a record of `category` may carry in the form: its own, then the amount and a summary. */
export function detailFields(category: CategoryInfo | undefined): string[] {
  return [...new Set([...(category?.fields ?? []), 'amount', 'summary'])];
}

export function recordFromForm(v: RecordFormValues, category: CategoryInfo | undefined): NewRecord | { readonly problem: RecordFormProblem } {
  const ref = parseSubjectRef(v.subject);
  if (ref === undefined) return { problem: 'subject' };
  if (category === undefined) return { problem: 'category' };
  if (!category.subjects.includes(v.kind)) return { problem: 'kind' };
  if (!DATE.test(v.occurred)) return { problem: 'occurred' };
  if (v.ended !== '' && (!DATE.test(v.ended) || v.ended < v.occurred)) return { problem: 'ended' };
  let publicityDays: number | null = null;
  if (category.retention.kind === 'publicity' && v.publicityDays.trim() !== '') {
    publicityDays = Number(v.publicityDays);
    if (!Number.isSafeInteger(publicityDays) || publicityDays < category.retention.minDays || publicityDays > category.retention.maxDays) return { problem: 'publicityDays' };
  }
  const allowed = new Set(detailFields(category));
  const details: Record<string, string> = {};
  for (const [k, value] of Object.entries(v.details)) if (allowed.has(k) && value.trim() !== '') details[k] = value.trim();
  return {
    subject: fromHex(ref, 32),
    subjectKind: v.kind,
    category: category.code,
    occurred: v.occurred,
    ended: v.ended === '' ? null : v.ended,
    amountBand: v.amountBand,
    publicityDays,
    details: Object.keys(details).length === 0 ? null : details,
  };
}
