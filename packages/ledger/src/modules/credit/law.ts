// What the credit-reporting regulation (征信业管理条例) says may not be collected, as code.
// Art. 14: religious belief, genes, fingerprints, blood type, diseases and medical history may
// not be collected at all — no category and no sidecar field may hold them. Income, deposits,
// securities, commercial insurance, real estate and tax amounts of a person may be collected
// only with the person's explicit consent — recorded on chain before the record is submitted.
//
// Names are compared after folding case and dropping spaces, "-" and "_", and a name is caught
// when it contains a listed term ("patientMedicalHistory", "blood_type", "宗教信仰").
import { CreditChainError } from '@creditchain/core';

export const FORBIDDEN_TERMS: readonly string[] = [
  'religion', 'religious', 'faith', 'gene', 'genetic', 'genome', 'dna', 'fingerprint', 'biometric',
  'bloodtype', 'bloodgroup', 'disease', 'illness', 'diagnosis', 'medical',
  '宗教', '信仰', '基因', '指纹', '血型', '疾病', '病史', '病历',
];

export const PERSONAL_FINANCE_TERMS: readonly string[] = [
  'income', 'salary', 'wage', 'deposit', 'savings', 'securities', 'stockholding', 'shareholding',
  'insurance', 'realestate', 'realproperty', 'taxamount', 'taxpaid',
  '收入', '工资', '存款', '证券', '股票', '保险', '不动产', '房产', '纳税额',
];

function fold(name: string): string {
  return name.toLowerCase().replace(/[\s_-]+/g, '');
}

export function forbiddenTerm(name: string): string | undefined {
  const f = fold(name);
  return FORBIDDEN_TERMS.find((t) => f.includes(t));
}

export function personalFinanceTerm(name: string): string | undefined {
  const f = fold(name);
  return PERSONAL_FINANCE_TERMS.find((t) => f.includes(t));
}

/** Throws CATEGORY_FORBIDDEN when a category's code, name or field names what art. 14 forbids. */
export function checkCollectable(what: string, name: string): void {
  const term = forbiddenTerm(name);
  if (term !== undefined) {
    throw new CreditChainError('CATEGORY_FORBIDDEN', `${what} "${name}" is information the credit-reporting regulation (art. 14) forbids collecting (${term}).`, { field: what, value: name, term });
  }
}
