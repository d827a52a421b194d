// The corrected fields of a record, for an upheld objection settled by correcting it — answered by
// the record's source (member portal) or decided by an arbiter (regulator dashboard): the date it
// occurred, its end date and its amount band, each left empty when unchanged.
import type { RecordSettlement } from '@creditchain/sdk';
import { AMOUNT_BANDS } from '../app/vocabulary.js';
import { useI18n } from '../i18n/i18n.js';
import { SelectField, TextField } from './form-fields.js';

export interface Correction {
  /** YYYY-MM-DD, or '' unchanged. */
  readonly occurred: string;
  readonly ended: string;
  /** The amount band's index as text, or '' unchanged. */
  readonly band: string;
}

export const UNCORRECTED: Correction = { occurred: '', ended: '', band: '' };

/** The changes a correction makes (only what it changes); empty when nothing is. */
export function correctionChanges(c: Correction): Extract<RecordSettlement, { outcome: 'correct' }>['changes'] {
  return { ...(c.occurred === '' ? {} : { occurred: c.occurred }), ...(c.ended === '' ? {} : { ended: c.ended }), ...(c.band === '' ? {} : { amountBand: Number(c.band) }) };
}

export const correctsNothing = (c: Correction) => Object.keys(correctionChanges(c)).length === 0;

/** The three fields, their ids `${id}-occurred`, `${id}-ended`, `${id}-band`. */
export function CorrectionFields({ id, value, onChange }: { id: string; value: Correction; onChange: (c: Correction) => void }) {
  const { t } = useI18n();
  const f = t.member.objections;
  return (
    <>
      <TextField id={`${id}-occurred`} label={f.correctOccurred} type="date" value={value.occurred} onChange={(occurred) => onChange({ ...value, occurred })} />
      <TextField id={`${id}-ended`} label={f.correctEnded} type="date" value={value.ended} onChange={(ended) => onChange({ ...value, ended })} />
      <SelectField id={`${id}-band`} label={f.correctBand} value={value.band} onChange={(band) => onChange({ ...value, band })} options={[['', f.unchanged] as const, ...AMOUNT_BANDS.map((b, i) => [String(i), t.words.amountBands[b]] as const)]} />
    </>
  );
}
