// Import records from a CSV file (credit.submit in batches), in this browser: the file is read
// here and every row checked with the SDK's reader — the same as `creditchain records import` —
// against the chain's categories and what this organisation may source; the page shows each row
// valid or with its problems (line, column, why), then signs the valid rows here in one or more
// transactions and shows each row's record id, or the refusal of its batch.
import { useState, type FormEvent } from 'react';
import { buildSubmitRecordsTx, recordCategories } from '@creditchain/sdk';
import type { Session } from '../app/session.js';
import { resultId, signAndSubmit } from '../app/submit-tx.js';
import { useI18n } from '../i18n/i18n.js';
import { ConsoleError, ErrorNote, FailureText, failureOf, type Failure } from '../ui/errors.js';
import { FileField } from '../ui/form-fields.js';
import { Section } from '../ui/Section.js';
import { useAsync } from '../ui/use-async.js';
import { ActionStatus, useAction } from '../ui/use-action.js';
import { checkImport, idsByLine, importBatches, type ImportLine } from './csv-import.js';

const today = () => new Date().toISOString().slice(0, 10);

/** What became of a valid row once sent: its record id, or the failure of its batch. */
type Sent = ReadonlyMap<number, { readonly id: number } | { readonly failure: Failure }>;

interface Checked {
  readonly name: string;
  readonly lines: readonly ImportLine[];
}

export function ImportTab({ session, org }: { session: Session; org: string }) {
  const { t } = useI18n();
  const f = t.member.import;
  const c = session.client;
  const chain = useAsync(async () => {
    const [categories, orgInfo] = await Promise.all([c.categories().then(recordCategories), c.org(org)]);
    return { categories, orgInfo };
  }, [c, org]);
  const [checked, setChecked] = useState<Checked | Failure | undefined>();
  const [sent, setSent] = useState<Sent>(new Map());
  const submit = useAction<{ records: number; txs: number }>();

  const choose = async (file: File | undefined) => {
    setSent(new Map());
    submit.reset();
    if (file === undefined || chain.state !== 'done') return setChecked(undefined);
    try {
      const text = await file.text();
      const { categories, orgInfo } = chain.value;
      setChecked({ name: file.name, lines: checkImport(text, categories, { sender: session.account.name, org: orgInfo }, today()) });
    } catch (e) {
      setChecked(failureOf(e));
    }
  };
  const lines = checked !== undefined && 'lines' in checked ? checked.lines : undefined;
  const valid = lines?.filter((l) => l.row !== undefined).length ?? 0;

  const send = (e: FormEvent) => {
    e.preventDefault();
    if (lines === undefined) return;
    void submit.run(async () => {
      const batches = importBatches(lines);
      const results = new Map<number, { id: number } | { failure: Failure }>();
      let records = 0;
      // One transaction a batch, each signed here and waited for before the next (its nonce follows).
      for (const batch of batches) {
        try {
          const reply = await signAndSubmit(c, session.key, (signer) => buildSubmitRecordsTx(signer, batch));
          for (const [line, id] of idsByLine(batch, resultId(reply, 'first') ?? 0)) results.set(line, { id });
          records += batch.length;
        } catch (err) {
          for (const r of batch) results.set(r.line, { failure: failureOf(err) });
        }
        setSent(new Map(results));
      }
      if (records === 0) throw new ConsoleError(f.noneSent);
      return { records, txs: batches.length };
    });
  };

  return (
    <Section id="import" title={f.title} intro={f.intro}>
      <p className="hint">{f.columns}</p>
      {chain.state === 'failed' && <ErrorNote failure={chain.failure} />}
      <form onSubmit={send} className="portal-form">
        {/* A file is checked against the chain's categories: it can be picked once they are loaded. */}
        <FileField id="import-file" label={f.file} hint={chain.state === 'loading' ? t.common.loading : f.fileHint} disabled={chain.state !== 'done'} onChange={(file) => void choose(file)} />
        {checked !== undefined && 'message' in checked && <ErrorNote failure={checked} title={f.fileRefused} />}
        {lines !== undefined && (
          <p role="status" data-testid="import-summary">
            {f.summary(valid, lines.length - valid)}
          </p>
        )}
        <button type="submit" disabled={submit.working || valid === 0 || sent.size > 0}>
          {f.button(valid)}
        </button>
      </form>
      {lines !== undefined && lines.length > 0 && <ImportTable caption={f.caption((checked as Checked).name)} lines={lines} sent={sent} />}
      <ActionStatus status={submit.status} done={(v) => f.sent(v.records, v.txs)} testId="import-status" />
    </Section>
  );
}

function ImportTable({ caption, lines, sent }: { caption: string; lines: readonly ImportLine[]; sent: Sent }) {
  const { t } = useI18n();
  const f = t.member.import;
  return (
    <div className="table-scroll">
      <table className="import-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{f.line}</th>
            <th scope="col">{f.record}</th>
            <th scope="col">{f.result}</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((l) => {
            const s = sent.get(l.line);
            return (
              <tr key={l.line} data-testid={`import-line-${l.line}`} className={l.row === undefined || (s !== undefined && 'failure' in s) ? 'refused' : undefined}>
                <th scope="row">{l.line}</th>
                <td>{l.row === undefined ? '—' : f.recordOf(l.row.input.category, l.row.input.subjectKind, l.row.input.occurred)}</td>
                <td data-testid={`import-result-${l.line}`}>
                  {l.problems.length > 0 ? (
                    <ul className="problems">
                      {l.problems.map((p, i) => (
                        <li key={i}>{f.problem(p.column, p.message)}</li>
                      ))}
                    </ul>
                  ) : s === undefined ? (
                    f.ok
                  ) : 'id' in s ? (
                    <span className="ok">{f.submitted(s.id)}</span>
                  ) : (
                    <FailureText failure={s.failure} say={f.batchFailed} />
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
