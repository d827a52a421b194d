import { client } from '../app/node-client.js';
import { Link, paths } from '../app/router.js';
import { useI18n } from '../i18n/i18n.js';
import { ErrorNote } from '../ui/errors.js';
import { Fields } from '../ui/Fields.js';
import { Hash } from '../ui/Hash.js';
import { useAsync } from '../ui/use-async.js';

/** One block (GET /v1/blocks/:height): its header and its transactions. */
export function BlockPage({ height }: { height: number }) {
  const { t, formatTime } = useI18n();
  const block = useAsync(() => client.getBlock(height), [height]);
  const f = t.block.fields;
  return (
    <>
      <h1>{t.block.title(height)}</h1>
      <nav className="pager" aria-label={t.block.header}>
        {height > 1 && <Link to={paths.block(height - 1)}>← {t.block.previous}</Link>}
        <Link to={paths.block(height + 1)}>{t.block.next} →</Link>
      </nav>
      {block.state === 'loading' && <p>{t.common.loading}</p>}
      {block.state === 'failed' && <ErrorNote failure={block.failure} />}
      {block.state === 'done' && (
        <>
          <section aria-labelledby="block-header-heading">
            <h2 id="block-header-heading">{t.block.header}</h2>
            <Fields
              rows={[
                [f.hash, <Hash value={block.value.hash} full />],
                [f.time, <time dateTime={block.value.header.time}>{formatTime(block.value.header.time)}</time>],
                [f.txCount, block.value.header.txCount],
                [f.prev, <Hash value={block.value.header.prev} />],
                [f.txRoot, <Hash value={block.value.header.txRoot} />],
                [f.logSize, block.value.header.logSize],
                [f.logRoot, <Hash value={block.value.header.logRoot} />],
                [f.stateRoot, <Hash value={block.value.header.stateRoot} />],
                [f.resultsRoot, <Hash value={block.value.header.resultsRoot} />],
                [f.proposer, <Hash value={block.value.header.proposer} />],
                [f.validators, <Hash value={block.value.header.validators} />],
              ]}
            />
          </section>
          <section aria-labelledby="block-txs-heading">
            <h2 id="block-txs-heading">{t.common.transactions}</h2>
            {block.value.txs.length === 0 ? (
              <p>{t.block.noTxs}</p>
            ) : (
              <ul className="tx-list">
                {block.value.txs.map((id) => (
                  <li key={id}>
                    <Link to={paths.tx(id)} className="mono">
                      {id}
                    </Link>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </>
      )}
    </>
  );
}
