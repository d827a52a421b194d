// The standard record categories and scoring model: what a chain starts with when its genesis
// names none (and what `creditchain dev` uses). Modelled on the rules members work under:
// negative information counts five years after the behaviour ended (credit-reporting regulation,
// art. 16); administrative-penalty publicity is 3 months for minor and 1 to 3 years for serious
// penalties (the State Council's credit-repair rules); enterprises' penalties and court
// judgements are public-credit information.
import { categoryToCbor, parseCategory, type Category } from './categories.js';
import type { ScoringModel } from './scoring.js';

const FIVE_YEARS = { kind: 'after-end', years: 5 } as const;

const DEFINED: readonly Category[] = [
  { code: 'loan-overdue', name: 'Loan repayment overdue', nameZh: '贷款逾期', polarity: 'negative', subjects: ['enterprise', 'person'], sources: ['bank', 'credit-agency'], review: 'source', retention: FIVE_YEARS, public: false, sensitive: false, fields: ['contractNumber', 'overdueDays', 'creditor'] },
  { code: 'loan-default', name: 'Loan default', nameZh: '贷款违约', polarity: 'negative', subjects: ['enterprise', 'person'], sources: ['bank', 'credit-agency'], review: 'source', retention: FIVE_YEARS, public: false, sensitive: false, fields: ['contractNumber', 'creditor', 'writtenOff'] },
  { code: 'dishonest-judgement-debtor', name: 'Dishonest judgement debtor (court judgement)', nameZh: '失信被执行人', polarity: 'negative', subjects: ['enterprise', 'person'], sources: ['court'], review: 'source', retention: FIVE_YEARS, public: true, sensitive: false, fields: ['court', 'judgementNumber', 'obligation'] },
  { code: 'admin-penalty-minor', name: 'Administrative penalty (minor)', nameZh: '行政处罚（轻微）', polarity: 'negative', subjects: ['enterprise', 'person'], sources: ['government-bureau', 'regulator'], review: 'source', retention: { kind: 'publicity', minDays: 90, maxDays: 90 }, public: true, sensitive: false, fields: ['violation', 'penalty', 'legalBasis'] },
  { code: 'admin-penalty-serious', name: 'Administrative penalty (serious)', nameZh: '行政处罚（严重）', polarity: 'negative', subjects: ['enterprise', 'person'], sources: ['government-bureau', 'regulator'], review: 'regulator', retention: { kind: 'publicity', minDays: 365, maxDays: 1095 }, public: true, sensitive: false, fields: ['violation', 'penalty', 'legalBasis'] },
  { code: 'tax-arrears', name: 'Tax arrears', nameZh: '欠税', polarity: 'negative', subjects: ['enterprise', 'person'], sources: ['government-bureau'], review: 'source', retention: FIVE_YEARS, public: true, sensitive: false, fields: ['taxType', 'period'] },
  { code: 'utility-arrears', name: 'Utility bill arrears', nameZh: '公用事业欠费', polarity: 'negative', subjects: ['enterprise', 'person'], sources: ['utility'], review: 'source', retention: FIVE_YEARS, public: false, sensitive: false, fields: ['service', 'accountNumber', 'months'] },
  { code: 'env-exceedance', name: 'Environmental monitoring exceedance', nameZh: '环境监测超标', polarity: 'negative', subjects: ['enterprise'], sources: ['government-bureau'], review: 'source', retention: { kind: 'publicity', minDays: 90, maxDays: 365 }, public: true, sensitive: false, fields: ['station', 'pollutant', 'measured', 'limit', 'unit'] },
  { code: 'safety-inspection-failed', name: 'Safety inspection failed', nameZh: '安全检查不合格', polarity: 'negative', subjects: ['enterprise'], sources: ['government-bureau'], review: 'source', retention: { kind: 'publicity', minDays: 180, maxDays: 1095 }, public: true, sensitive: false, fields: ['inspection', 'findings', 'deadline'] },
  { code: 'tax-credit-a', name: 'Tax credit grade A', nameZh: '纳税信用A级', polarity: 'positive', subjects: ['enterprise'], sources: ['government-bureau'], review: 'source', retention: { kind: 'publicity', minDays: 365, maxDays: 365 }, public: true, sensitive: false, fields: ['year'] },
  { code: 'honour', name: 'Honour or commendation', nameZh: '表彰荣誉', polarity: 'positive', subjects: ['enterprise', 'person'], sources: ['government-bureau', 'regulator'], review: 'source', retention: { kind: 'publicity', minDays: 365, maxDays: 1095 }, public: true, sensitive: false, fields: ['title', 'awardedBy'] },
  { code: 'on-time-repayment', name: 'On-time repayment history', nameZh: '按时还款记录', polarity: 'positive', subjects: ['enterprise', 'person'], sources: ['bank', 'credit-agency'], review: 'source', retention: FIVE_YEARS, public: false, sensitive: false, fields: ['contractNumber', 'months'] },
  { code: 'income-verified', name: 'Verified income', nameZh: '收入核验', polarity: 'positive', subjects: ['person'], sources: ['bank'], review: 'source', retention: { kind: 'publicity', minDays: 365, maxDays: 365 }, public: false, sensitive: true, fields: ['income', 'period'] },
];

/** Normalised (and checked) exactly as a genesis file's categories are. */
export const STANDARD_CATEGORIES: readonly Category[] = DEFINED.map((c) => parseCategory(categoryToCbor(c)));

export const STANDARD_MODEL: ScoringModel = {
  version: 1,
  name: 'CreditChain standard v1',
  base: 700,
  min: 300,
  max: 900,
  // none, <10k, 10k–100k, 100k–1M, 1M–10M, 10M–100M, ≥100M
  bandPercent: [100, 100, 110, 125, 150, 175, 200],
  decay: [
    { days: 365, percent: 100 },
    { days: 730, percent: 75 },
    { days: 1095, percent: 50 },
    { days: 1826, percent: 25 },
  ],
  effects: [
    { category: 'loan-overdue', points: -40, cap: 160, reason: 'N01', text: 'Loan repayments were overdue', textZh: '贷款曾逾期还款' },
    { category: 'loan-default', points: -120, cap: 240, reason: 'N02', text: 'A loan was defaulted on', textZh: '存在贷款违约' },
    { category: 'dishonest-judgement-debtor', points: -200, cap: 300, reason: 'N03', text: 'Listed by a court as a dishonest judgement debtor', textZh: '被法院列为失信被执行人' },
    { category: 'admin-penalty-minor', points: -15, cap: 45, reason: 'N04', text: 'Minor administrative penalties', textZh: '受到轻微行政处罚' },
    { category: 'admin-penalty-serious', points: -80, cap: 160, reason: 'N05', text: 'Serious administrative penalties', textZh: '受到严重行政处罚' },
    { category: 'tax-arrears', points: -60, cap: 120, reason: 'N06', text: 'Taxes in arrears', textZh: '存在欠税' },
    { category: 'utility-arrears', points: -10, cap: 40, reason: 'N07', text: 'Utility bills in arrears', textZh: '公用事业费欠缴' },
    { category: 'env-exceedance', points: -30, cap: 90, reason: 'N08', text: 'Environmental monitoring limits exceeded', textZh: '环境监测超标' },
    { category: 'safety-inspection-failed', points: -30, cap: 90, reason: 'N09', text: 'Failed safety inspections', textZh: '安全检查不合格' },
    { category: 'tax-credit-a', points: 40, cap: 40, reason: 'P01', text: 'Tax credit grade A', textZh: '纳税信用A级' },
    { category: 'honour', points: 25, cap: 50, reason: 'P02', text: 'Honours and commendations', textZh: '获得表彰荣誉' },
    { category: 'on-time-repayment', points: 10, cap: 60, reason: 'P03', text: 'A history of on-time repayments', textZh: '按时还款记录良好' },
    { category: 'income-verified', points: 15, cap: 15, reason: 'P04', text: 'Verified income', textZh: '收入经过核验' },
  ],
};

/** The credit part of a genesis that names none. */
export const STANDARD_CREDIT = { categories: STANDARD_CATEGORIES, models: [STANDARD_MODEL] } as const;
