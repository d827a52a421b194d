import { useEffect, useState, type DragEvent, type FormEvent } from 'react';
import { useNodeInfo } from '../app/node-info.js';
import { useI18n } from '../i18n/i18n.js';
import { failureOf, ownFailure } from '../ui/errors.js';
import { checkProof, proofKind, trustFrom, type TrustChoice } from './check-proof.js';
import { hashDocument } from './hash-document.js';
import { sortDropped } from './sort-dropped.js';
import { OutcomeView, type Outcome } from './Verdict.js';

/** Drop a document and its receipt, or a credit report: hashed and verified in the browser. */
export function VerifierPage() {
  const { t } = useI18n();
  const { info } = useNodeInfo();
  const [documentFile, setDocumentFile] = useState<File | undefined>();
  const [proofFile, setProofFile] = useState<File | undefined>();
  const [choice, setChoice] = useState<TrustChoice>('node');
  const [pasted, setPasted] = useState('');
  const [outcome, setOutcome] = useState<Outcome>({ state: 'idle' });
  const [dragging, setDragging] = useState(false);
  const hasValidators = (info?.validators.length ?? 0) > 0;

  // A network's receipts carry its validators' signatures: trust them by default there.
  useEffect(() => {
    if (hasValidators) setChoice('validators');
  }, [hasValidators]);
  // A verdict speaks of the inputs it was given: any change clears it.
  useEffect(() => setOutcome({ state: 'idle' }), [documentFile, proofFile, choice, pasted]);

  const drop = async (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    const sorted = await sortDropped([...e.dataTransfer.files]);
    if (sorted.proof !== undefined) setProofFile(sorted.proof);
    if (sorted.document !== undefined) setDocumentFile(sorted.document);
  };

  const verify = async (e: FormEvent) => {
    e.preventDefault();
    if (proofFile === undefined) return setOutcome({ state: 'failed', failure: ownFailure(t.verify.chooseProof) });
    setOutcome({ state: 'working', message: t.verify.checking });
    try {
      let text: string;
      try {
        text = await proofFile.text();
      } catch {
        return setOutcome({ state: 'failed', failure: ownFailure(t.verify.unreadable(proofFile.name)) });
      }
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        return setOutcome({ state: 'failed', failure: ownFailure(t.verify.notJson(proofFile.name)) });
      }
      const trust = trustFrom(choice, { nodeKey: info?.verifierKey, validators: info?.validators, pasted });
      let documentHash: Uint8Array | undefined;
      if (documentFile !== undefined && proofKind(json) === 'receipt') {
        setOutcome({ state: 'working', message: t.verify.hashing(documentFile.name) });
        try {
          documentHash = await hashDocument(documentFile, String((json as { suite?: unknown }).suite));
        } catch (err) {
          if ((err as Error).name !== 'NotReadableError') throw err;
          return setOutcome({ state: 'failed', failure: ownFailure(t.verify.unreadable(documentFile.name)) });
        }
      }
      const verdict = checkProof(json, trust, documentHash);
      setOutcome({ state: 'verified', verdict, trust, ...(documentFile === undefined ? {} : { documentName: documentFile.name }) });
    } catch (err) {
      setOutcome({ state: 'failed', failure: failureOf(err) });
    }
  };

  return (
    <>
      <h1>{t.verify.title}</h1>
      <p className="intro">{t.verify.intro}</p>
      <form onSubmit={verify} className="verifier">
        <div
          className={`drop-zone${dragging ? ' dragging' : ''}`}
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={(e) => void drop(e)}
        >
          <p>{t.verify.dropZone}</p>
          <div className="field">
            <label htmlFor="verify-document">{t.verify.documentLabel}</label>
            <input id="verify-document" type="file" aria-describedby="verify-document-hint" onChange={(e) => setDocumentFile(e.target.files?.[0])} />
            <p id="verify-document-hint" className="hint">
              {documentFile === undefined ? t.verify.documentHint : documentFile.name}
            </p>
          </div>
          <div className="field">
            <label htmlFor="verify-proof">{t.verify.proofLabel}</label>
            <input id="verify-proof" type="file" accept=".json,application/json" aria-describedby="verify-proof-hint" onChange={(e) => setProofFile(e.target.files?.[0])} />
            <p id="verify-proof-hint" className="hint">
              {proofFile === undefined ? t.verify.proofHint : proofFile.name}
            </p>
          </div>
        </div>
        <fieldset>
          <legend>{t.verify.trustLegend}</legend>
          <TrustOption value="node" choice={choice} onChange={setChoice} label={t.verify.trustNode} />
          <TrustOption value="validators" choice={choice} onChange={setChoice} label={t.verify.trustValidators} disabled={!hasValidators} />
          <TrustOption value="pasted" choice={choice} onChange={setChoice} label={t.verify.trustPasted} />
          {choice === 'pasted' && (
            <div className="field">
              <label htmlFor="verify-pasted-key">{t.verify.pastedKeyLabel}</label>
              <input id="verify-pasted-key" value={pasted} onChange={(e) => setPasted(e.target.value)} spellCheck={false} autoComplete="off" />
            </div>
          )}
          <TrustOption value="embedded" choice={choice} onChange={setChoice} label={t.verify.trustEmbedded} />
        </fieldset>
        <button type="submit" disabled={outcome.state === 'working'}>
          {t.verify.button}
        </button>
      </form>
      <div aria-live="polite">
        <OutcomeView outcome={outcome} />
      </div>
    </>
  );
}

function TrustOption({ value, choice, onChange, label, disabled = false }: { value: TrustChoice; choice: TrustChoice; onChange: (c: TrustChoice) => void; label: string; disabled?: boolean }) {
  const id = `trust-${value}`;
  return (
    <div className="radio">
      <input type="radio" id={id} name="trust" value={value} checked={choice === value} disabled={disabled} onChange={() => onChange(value)} />
      <label htmlFor={id}>{label}</label>
    </div>
  );
}
