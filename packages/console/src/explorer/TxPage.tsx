import { openCheckpoint } from '@creditchain/sdk';
import { client } from '../app/node-client.js';
import { useNodeInfo, type NodeInfo } from '../app/node-info.js';
import { Link, paths } from '../app/router.js';
import { useI18n } from '../i18n/i18n.js';
import { ErrorNote } from '../ui/errors.js';
import { Fields } from '../ui/Fields.js';
import { Hash } from '../ui/Hash.js';
import { useAsync } from '../ui/use-async.js';
import { verifyTxInclusion } from './tx-inclusion.js';

/** One transaction (GET /v1/txs/:id): its status and result, and its inclusion in the signed log. */
export function TxPage({ id }: { id: string }) {
  const { t } = useI18n();
  const { info } = useNodeInfo();
  const tx = useAsync(() => client.getTx(id), [id]);
  return (
    <>
      <h1>{t.tx.title}</h1>
      <p>
        <Hash value={id} full />
      </p>
      {tx.state === 'loading' && <p>{t.common.loading}</p>}
      {tx.state === 'failed' && <ErrorNote failure={tx.failure} />}
      {tx.state === 'done' && tx.value.status === 'pending' && <p role="status">{t.tx.pending}</p>}
      {tx.state === 'done' && tx.value.status === 'committed' && (
        <>
          <section aria-labelledby="tx-result-heading">
            <h2 id="tx-result-heading">{t.tx.result}</h2>
            <Fields
              rows={[
                [t.tx.committedIn, <Link to={paths.block(tx.value.height!)}>#{tx.value.height}</Link>],
                [t.tx.logIndex, tx.value.logIndex],
                [t.tx.result, <span className={tx.value.code === 'ok' ? 'ok' : 'refused'}>{tx.value.code === 'ok' ? t.tx.ok : `${t.tx.refused}: ${tx.value.message ?? ''} (${tx.value.code ?? ''})`}</span>, 'tx-result'],
              ]}
            />
            {tx.value.data !== undefined && (
              <>
                <h3>{t.tx.data}</h3>
                <pre className="json">{JSON.stringify(tx.value.data, null, 2)}</pre>
              </>
            )}
          </section>
          {info !== undefined && <Inclusion id={id} index={tx.value.logIndex!} info={info} />}
        </>
      )}
    </>
  );
}

function Inclusion({ id, index, info }: { id: string; index: number; info: NodeInfo }) {
  const { t, formatTime } = useI18n();
  const checked = useAsync(async () => {
    const checkpoint = await client.latestCheckpoint();
    const trustedKeys = [info.verifierKey, ...info.validators.map((v) => v.key)];
    // The proof is asked for the size of the checkpoint just read, so both describe one tree.
    const size = openCheckpoint(checkpoint, trustedKeys).checkpoint.size;
    if (index >= size) return { notYet: true as const };
    const [entry, proof] = await Promise.all([client.logEntry(index), client.inclusionProof(index, size)]);
    return { notYet: false as const, proof: proof.proof, result: verifyTxInclusion({ suite: info.suite, txId: id, index, entry, proof: proof.proof, checkpoint, trustedKeys }) };
  }, [id, index, info]);
  return (
    <section aria-labelledby="tx-inclusion-heading">
      <h2 id="tx-inclusion-heading">{t.tx.inclusion}</h2>
      {checked.state === 'loading' && <p>{t.tx.inclusionChecking}</p>}
      {checked.state === 'failed' && <ErrorNote failure={checked.failure} title={t.tx.inclusionFailed} />}
      {checked.state === 'done' && checked.value.notYet && <p role="status">{t.tx.inclusionNotYet}</p>}
      {checked.state === 'done' && !checked.value.notYet && (
        <>
          <p className="note note-ok" data-testid="tx-inclusion">
            {t.tx.inclusionOk(index, checked.value.result.size, checked.value.proof.length, checked.value.result.signedBy.join(', '))}
          </p>
          <Fields
            rows={[
              [t.tx.action, `${checked.value.result.entry.module}.${checked.value.result.entry.action}`],
              [t.tx.sender, checked.value.result.entry.sender],
              [t.common.time, formatTime(new Date(checked.value.result.entry.time).toISOString())],
            ]}
          />
          {checked.value.proof.length > 0 && (
            <>
              <h3>{t.tx.proofHashes}</h3>
              <ol className="proof-hashes">
                {checked.value.proof.map((h, i) => (
                  <li key={`${i}-${h}`}>
                    <Hash value={h} />
                  </li>
                ))}
              </ol>
            </>
          )}
        </>
      )}
    </section>
  );
}
