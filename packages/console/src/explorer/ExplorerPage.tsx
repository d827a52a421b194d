import { useState, type FormEvent } from 'react';
import { useI18n } from '../i18n/i18n.js';
import { Link, navigate, paths } from '../app/router.js';
import { Hash } from '../ui/Hash.js';
import { CheckpointPanel } from './CheckpointPanel.js';
import { searchTarget } from './search-target.js';
import type { BlockSummary } from './block-feed.js';
import { useLatestBlocks, type FeedState } from './use-latest-blocks.js';

const LATEST = 12;

export function ExplorerPage() {
  const { t } = useI18n();
  const { blocks, feed } = useLatestBlocks(LATEST);
  return (
    <>
      <h1>{t.explorer.title}</h1>
      <p className="intro">{t.explorer.intro}</p>
      <SearchForm />
      <LatestBlocks blocks={blocks} feed={feed} />
      {/* read again after each new block: the checkpoint moves with the log */}
      <CheckpointPanel height={blocks[0]?.height} />
    </>
  );
}

function SearchForm() {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [invalid, setInvalid] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const target = searchTarget(text);
    setInvalid(target === undefined);
    if (target !== undefined) navigate(target);
  };
  return (
    <form className="search" role="search" onSubmit={submit}>
      <label htmlFor="explorer-search">{t.explorer.searchLabel}</label>
      <div className="row">
        <input id="explorer-search" value={text} onChange={(e) => setText(e.target.value)} autoComplete="off" spellCheck={false} aria-invalid={invalid} aria-describedby={invalid ? 'explorer-search-error' : undefined} />
        <button type="submit">{t.explorer.searchButton}</button>
      </div>
      {invalid && (
        <p id="explorer-search-error" className="field-error">
          {t.explorer.searchInvalid}
        </p>
      )}
    </form>
  );
}

/** Whether a page is live on the node's event stream (also the regulator dashboard's). */
export function FeedBadge({ feed }: { feed: FeedState }) {
  const { t } = useI18n();
  return (
    <span className={`badge badge-${feed}`} role="status">
      {feed === 'live' ? t.explorer.live : feed === 'connecting' ? t.explorer.connecting : t.explorer.offline}
    </span>
  );
}

function LatestBlocks({ blocks, feed }: { blocks: readonly BlockSummary[]; feed: FeedState }) {
  const { t, formatTime } = useI18n();
  return (
    <section aria-labelledby="latest-blocks-heading">
      <div className="section-head">
        <h2 id="latest-blocks-heading">{t.explorer.latest}</h2>
        <FeedBadge feed={feed} />
      </div>
      {blocks.length === 0 ? (
        <p>{feed === 'live' ? t.explorer.noBlocks : t.common.loading}</p>
      ) : (
        <ol className="block-list" aria-live="polite">
          {blocks.map((b) => (
            <li key={b.height} data-testid="block-row">
              <Link to={paths.block(b.height)} className="block-height">
                #{b.height}
              </Link>
              <span className="block-time">{formatTime(b.time)}</span>
              <span className="block-txs">{t.explorer.txCount(b.txCount)}</span>
              <Hash value={b.hash} />
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
