import { toHex } from '@creditchain/core';
import { client } from '../app/node-client.js';
import { useNodeInfo } from '../app/node-info.js';
import { useI18n } from '../i18n/i18n.js';
import { ErrorNote } from '../ui/errors.js';
import { Fields } from '../ui/Fields.js';
import { Hash } from '../ui/Hash.js';
import { useAsync } from '../ui/use-async.js';
import { viewCheckpoint } from './checkpoint-view.js';

/** The latest checkpoint (GET /v1/checkpoints/latest), its fields and its signatures, checked with this network's keys. */
export function CheckpointPanel({ height }: { height?: number | undefined }) {
  const { t } = useI18n();
  const { info } = useNodeInfo();
  const note = useAsync(() => client.latestCheckpoint(), [height]);
  const trusted = info === undefined ? undefined : [info.verifierKey, ...info.validators.map((v) => v.key)];
  return (
    <section aria-labelledby="checkpoint-heading">
      <h2 id="checkpoint-heading">{t.checkpoint.title}</h2>
      <p className="intro">{t.checkpoint.intro}</p>
      {note.state === 'failed' && <ErrorNote failure={note.failure} />}
      {(note.state === 'loading' || trusted === undefined) && note.state !== 'failed' && <p>{t.common.loading}</p>}
      {note.state === 'done' && trusted !== undefined && <CheckpointDetails note={note.value} trusted={trusted} />}
    </section>
  );
}

function CheckpointDetails({ note, trusted }: { note: string; trusted: readonly string[] }) {
  const { t } = useI18n();
  const view = viewCheckpoint(note, trusted);
  const cp = view.checkpoint;
  return (
    <>
      {view.failure !== undefined && <ErrorNote failure={view.failure} title={t.checkpoint.noTrusted} />}
      {cp !== undefined && (
        <Fields
          rows={[
            [t.checkpoint.origin, cp.origin],
            [t.checkpoint.size, cp.size, 'checkpoint-size'],
            [t.checkpoint.height, cp.height],
            [t.checkpoint.root, <Hash value={toHex(cp.rootHash)} />],
            [t.checkpoint.stateRoot, cp.stateRoot === undefined ? undefined : <Hash value={toHex(cp.stateRoot)} />],
          ]}
        />
      )}
      <h3>{t.checkpoint.signatures}</h3>
      <ul className="signatures">
        {view.signatures.map((s, i) => (
          <li key={`${s.name}-${s.keyId}-${i}`} className={s.verified ? 'ok' : 'unknown'}>
            <span aria-hidden="true">{s.verified ? '✓' : '?'}</span> <strong>{s.name}</strong> ({t.checkpoint.keyId} <code>{s.keyId}</code>) — {s.verified ? t.checkpoint.verified : t.checkpoint.unverified}
          </li>
        ))}
      </ul>
      <details>
        <summary>{t.checkpoint.raw}</summary>
        <pre className="note-text">{note}</pre>
      </details>
    </>
  );
}
