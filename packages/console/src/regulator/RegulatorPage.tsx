// The regulator dashboard (/regulator), for an account with the regulator role: the figures of
// the last 30 days (GET /v1/stats) in four charts — records published per day by category,
// objections open and overdue by member, report queries per member, members' standing — and the
// queues to decide (queues.tsx). Every read is signed with the session's key; every decision is a
// transaction signed in this browser, after which the page reads everything again — as it does
// live, after every new block with transactions (the explorer's event stream).
import { useState } from 'react';
import type { StatsReply } from '@creditchain/sdk';
import { SignInNeeded } from '../app/portal.js';
import { useSession, type Session } from '../app/session.js';
import { useI18n } from '../i18n/i18n.js';
import { FeedBadge } from '../explorer/ExplorerPage.js';
import { ErrorNote } from '../ui/errors.js';
import { Section } from '../ui/Section.js';
import { useAsync } from '../ui/use-async.js';
import { DoneNote } from '../ui/use-action.js';
import { dayGroups, memberGroups, seriesOf, totalsOf } from './chart-data.js';
import { BarChart, ColumnChart } from './charts.js';
import { ComplaintQueue, ObjectionQueue, ProposalQueue, RepairQueue } from './queues.js';
import { useChainChanges } from './use-chain-changes.js';

/** The days the figures cover. */
const DAYS = 30;

export const isRegulator = (roles: readonly string[]) => roles.includes('regulator');

export function RegulatorPage() {
  const { t } = useI18n();
  const { session } = useSession();
  if (session === undefined) return <SignInNeeded title={t.regulator.title} />;
  if (!isRegulator(session.account.roles)) return <SignInNeeded title={t.regulator.title} why={t.regulator.notRegulator(session.account.name)} />;
  return <Dashboard session={session} />;
}

function Dashboard({ session }: { session: Session }) {
  const { t } = useI18n();
  const [version, setVersion] = useState(0);
  const [decided, setDecided] = useState<string | undefined>();
  const changed = (message: string) => {
    setDecided(message);
    setVersion((v) => v + 1);
  };
  // Live: every block with transactions may change a figure or a queue, so all is read again.
  const { changes, feed } = useChainChanges();
  const c = session.client;
  const stats = useAsync(() => c.stats({ days: DAYS }), [c, version, changes]);
  const queue = { session, version: version + changes, changed };
  return (
    <>
      <div className="section-head">
        <h1>{t.regulator.title}</h1>
        <FeedBadge feed={feed} />
      </div>
      <p className="intro">{t.regulator.intro(session.account.name, session.account.org ?? '')}</p>
      {stats.state === 'loading' && <p>{t.common.loading}</p>}
      {stats.state === 'failed' && <ErrorNote failure={stats.failure} />}
      {stats.state === 'done' && <Figures stats={stats.value} />}
      <h2>{t.regulator.queues}</h2>
      <DoneNote message={decided} testId="decided" />
      <ObjectionQueue {...queue} />
      <ComplaintQueue {...queue} />
      <RepairQueue {...queue} />
      <ProposalQueue {...queue} />
    </>
  );
}

function Figures({ stats }: { stats: StatsReply }) {
  const { t } = useI18n();
  const f = t.regulator;
  const categories = seriesOf(stats.published);
  const publishedTotals = totalsOf(stats.published);
  const published = Object.values(publishedTotals).reduce((a, b) => a + b, 0);
  const queryTotals = totalsOf(stats.queries);
  const queries = Object.values(queryTotals).reduce((a, b) => a + b, 0);
  const open = stats.members.reduce((a, m) => a + m.openObjections, 0);
  const overdue = stats.members.reduce((a, m) => a + m.overdue, 0);
  const s = f.standingSeries;
  return (
    <Section id="figures" title={f.figures} intro={f.figuresIntro(stats.from, stats.to, stats.height)}>
      <div className="charts">
        <ColumnChart id="chart-published" title={f.published} desc={f.publishedDesc(published, stats.published.length, categories[0] ?? '')} groups={dayGroups(stats.published, categories)} series={categories} />
        <BarChart
          id="chart-objections"
          title={f.objections}
          desc={f.objectionsDesc(open, overdue)}
          groups={memberGroups(stats.members, (m) => [m.openObjections, m.overdue])}
          series={[f.open, f.overdue]}
        />
        <BarChart id="chart-queries" title={f.queries} desc={f.queriesDesc(queries, stats.queries.length)} groups={memberGroups(stats.members, (m) => [queryTotals[m.org] ?? 0])} series={[f.queriesSeries]} />
        <BarChart
          id="chart-standing"
          title={f.standing}
          desc={f.standingDesc}
          groups={memberGroups(stats.members, (m) => [m.objections, m.upheld, m.complaints, m.complaintsUpheld])}
          series={[s.objections, s.upheld, s.complaints, s.complaintsUpheld]}
        />
      </div>
    </Section>
  );
}
