// An evidence file chosen in a subject's form (an objection's, a repair's, a complaint's): hashed in
// this browser under the chain's suite as soon as it is chosen (documentEvidence), its hash shown;
// the form sends only the sidecar payload {document: hash, name}, never the file.
import { useState } from 'react';
import { toHex } from '@creditchain/core';
import { useNodeInfo } from '../app/node-info.js';
import { useI18n } from '../i18n/i18n.js';
import { ErrorNote, failureOf, type Failure } from '../ui/errors.js';
import { FileField } from '../ui/form-fields.js';
import { documentEvidence, type Evidence } from './evidence.js';

export interface EvidenceChoice {
  /** The hashed file, once it is. */
  readonly ready: Evidence | undefined;
  readonly hashing: boolean;
  readonly state: Evidence | Failure | 'hashing' | undefined;
  choose(file: File | undefined): Promise<void>;
}

export function useEvidence(): EvidenceChoice {
  const { info } = useNodeInfo();
  const [state, setState] = useState<Evidence | Failure | 'hashing' | undefined>();
  const choose = async (file: File | undefined) => {
    if (file === undefined || info === undefined) return setState(undefined);
    setState('hashing');
    try {
      setState(await documentEvidence(file, info.suite));
    } catch (e) {
      setState(failureOf(e));
    }
  };
  const ready = typeof state === 'object' && 'payload' in state ? state : undefined;
  return { ready, hashing: state === 'hashing', state, choose };
}

/** The file field, then — politely announced — hashing, the hash, or what went wrong. */
export function EvidenceField({ id, label, required, evidence, testId = 'evidence-hash' }: { id: string; label: string; required?: boolean; evidence: EvidenceChoice; testId?: string }) {
  const f = useI18n().t.subject.request;
  const { state, ready } = evidence;
  return (
    <>
      <FileField id={id} label={label} hint={f.evidenceHint} onChange={(file) => void evidence.choose(file)} required={required} />
      <div aria-live="polite">
        {state === 'hashing' && <p role="status">{f.hashing}</p>}
        {ready !== undefined && (
          <p className="hint" data-testid={testId}>
            {f.hashed(ready.name, toHex(ready.hash))}
          </p>
        )}
        {typeof state === 'object' && 'message' in state && <ErrorNote failure={state} />}
      </div>
    </>
  );
}
