// The verdict in plain words: what is proven, one sentence a link of the proof — or what failed.
import { useI18n } from '../i18n/i18n.js';
import { FailureDetail, failureWords, type Failure } from '../ui/errors.js';
import type { Trust, Verdict } from './check-proof.js';

export type Outcome =
  | { readonly state: 'idle' }
  | { readonly state: 'working'; readonly message: string }
  | { readonly state: 'verified'; readonly verdict: Verdict; readonly trust: Trust; readonly documentName?: string }
  | { readonly state: 'failed'; readonly failure: Failure };

export function OutcomeView({ outcome }: { outcome: Outcome }) {
  const { t, lang } = useI18n();
  if (outcome.state === 'idle') return null;
  if (outcome.state === 'working') return <p role="status">{outcome.message}</p>;
  if (outcome.state === 'failed') {
    const { sentence, detail } = failureWords(outcome.failure, lang);
    return (
      <div className="verdict verdict-fail" role="alert" data-testid="verdict">
        <h2>✗ {t.verify.failTitle}</h2>
        <p>{sentence}</p>
        {detail !== undefined && (
          <p>
            <FailureDetail detail={detail} />
          </p>
        )}
        {outcome.failure.code !== undefined && (
          <p>
            {t.verify.failCode}: <code>{outcome.failure.code}</code>
          </p>
        )}
      </div>
    );
  }
  return (
    <div className="verdict verdict-ok" role="status" data-testid="verdict">
      <h2>✓ {t.verify.okTitle}</h2>
      <h3>{t.verify.proven}</h3>
      <ul>
        <Sentences outcome={outcome} />
      </ul>
    </div>
  );
}

function Sentences({ outcome }: { outcome: Extract<Outcome, { state: 'verified' }> }) {
  const { t, formatTime } = useI18n();
  const v = outcome.verdict;
  const trustSaid = t.verify.trustSaid[outcome.trust.kind];
  if (v.kind === 'receipt') {
    const p = v.proof;
    return (
      <>
        <li>{t.verify.content(v.hashName, p.hash, v.documentChecked ? outcome.documentName : undefined)}</li>
        {p.label !== undefined && <li>{t.verify.label(p.label)}</li>}
        <li>{t.verify.time(formatTime(p.time), p.height)}</li>
        <li>{t.verify.origin(p.sender, p.tx)}</li>
        <li>{t.verify.log(p.logIndex, p.checkpoint.size)}</li>
        <li>{t.verify.signedBy(p.checkpoint.signedBy.join(', '), trustSaid)}</li>
      </>
    );
  }
  const r = v.report;
  const s = r.report.score;
  return (
    <>
      <li>{t.verify.report(r.report.subject, r.height, r.entries)}</li>
      <li>{t.verify.reportScore(s.value, s.min, s.max, s.modelName)}</li>
      <li>{t.verify.reportSummary(r.report.summary.negative, r.report.summary.positive, r.report.summary.disputed)}</li>
      <li>{t.verify.signedBy(r.signedBy.join(', '), trustSaid)}</li>
      {outcome.documentName !== undefined && <li>{t.verify.reportDocumentIgnored}</li>}
    </>
  );
}
