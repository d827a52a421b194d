// The regulator's queues, each a list of cases read from the node with the action that decides
// them, signed in this browser with the SDK's builders: objections escalated or appealed
// (disputes.decide: revoke, correct with the corrected fields, or confirm), open complaints (disputes.rule), open repair applications (repair.decide)
// and open governance proposals (governance.vote). `version` grows after every decision on the
// page, so every queue and figure is read again.
import { useState, type ReactNode } from 'react';
import { decideObjectionTx, decideRepairTx, ruleComplaintTx, voteTx, type ComplaintJson, type ObjectionJson, type ProposalReply, type RecordSettlement, type RepairJson } from '@creditchain/sdk';
import type { Session } from '../app/session.js';
import { signAndSubmit, type TxBuilder } from '../app/submit-tx.js';
import { useI18n, word } from '../i18n/i18n.js';
import { ObjectionCard } from '../report/ObjectionCard.js';
import { AsyncCards, Card } from '../ui/Cards.js';
import { CorrectionFields, correctionChanges, correctsNothing, UNCORRECTED, type Correction } from '../ui/CorrectionFields.js';
import { DecideForm } from '../ui/DecideForm.js';
import { Fields } from '../ui/Fields.js';
import { Hash } from '../ui/Hash.js';
import { Section } from '../ui/Section.js';
import { useAsync } from '../ui/use-async.js';

export interface QueueProps {
  readonly session: Session;
  readonly version: number;
  /** Called after a decision committed, with what was decided: the page says it and reads everything again. */
  readonly changed: (message: string) => void;
}

/** One queue: its cases as `load` reads them (again at each decision), each one's card by `render`. */
function Queue<T>({ id, title, intro, empty, load, render, props }: { id: string; title: string; intro: string; empty: string; load: (c: Session['client']) => Promise<readonly T[]>; render: (item: T) => ReactNode; props: QueueProps }) {
  const c = props.session.client;
  const list = useAsync(() => load(c), [c, props.version]);
  return (
    <Section id={id} title={title} intro={intro}>
      <AsyncCards list={list} empty={empty} render={render} />
    </Section>
  );
}

/** Signs and sends what `build` makes as the signed-in account, resolving once it is in a block. */
function sender({ session }: QueueProps) {
  return async (build: TxBuilder) => {
    await signAndSubmit(session.client, session.key, build);
  };
}

export function ObjectionQueue(props: QueueProps) {
  const { t, lang } = useI18n();
  const f = t.regulator;
  return (
    <Queue
      id="queue-objections"
      title={f.appeals}
      intro={f.appealsIntro}
      empty={f.noAppeals}
      props={props}
      load={(c) => c.objections({ status: 'awaiting-decision' }).then((r) => r.objections)}
      render={(o: ObjectionJson) => (
        <ObjectionCard key={`${o.id}-${lang}`} objection={o}>
          <DecideObjection objection={o} props={props} />
        </ObjectionCard>
      )}
    />
  );
}

/** An arbiter's decision (disputes.decide): revoke the record, correct it (with its corrected fields) or confirm it. */
function DecideObjection({ objection: o, props }: { objection: ObjectionJson; props: QueueProps }) {
  const f = useI18n().t.regulator;
  const send = sender(props);
  const [correction, setCorrection] = useState<Correction>(UNCORRECTED);
  const settlement = (outcome: RecordSettlement['outcome']): RecordSettlement => (outcome === 'correct' ? { outcome, changes: correctionChanges(correction) } : { outcome });
  return (
    <DecideForm
      id={`decide-${o.id}`}
      legend={f.decideObjection(o.id)}
      choices={(['revoke', 'correct', 'confirm'] as const).map((x) => [x, f.objectionOutcomes[x]] as const)}
      more={(outcome) => outcome === 'correct' && <CorrectionFields id={`decide-${o.id}-correct`} value={correction} onChange={setCorrection} />}
      incomplete={(outcome) => outcome === 'correct' && correctsNothing(correction)}
      reasonLabel={f.reason}
      button={f.decide}
      decide={(outcome, reason) => send((signer) => decideObjectionTx({ ...signer, objection: o.id, settlement: settlement(outcome), reason }))}
      done={(outcome) => f.objectionDecided(o.id, f.objectionOutcomes[outcome])}
      onDone={props.changed}
    />
  );
}

function ComplaintCard({ complaint: x, props }: { complaint: ComplaintJson; props: QueueProps }) {
  const { t } = useI18n();
  const f = t.regulator;
  const send = sender(props);
  return (
    <Card testId={`complaint-${x.id}`} title={f.complaintTitle(x.id, x.org)} badges={[[x.status, t.subject.complaints.status[x.status]]]}>
      <Fields
        rows={[
          [f.about, f.aboutWords[x.about]],
          [f.filed, f.filedAt(x.height, x.reason)],
          [f.evidence, x.evidence === null ? undefined : <Hash value={x.evidence} />],
        ]}
      />
      <DecideForm
        id={`rule-${x.id}`}
        legend={f.ruleComplaint(x.id)}
        choices={(['upheld', 'dismissed'] as const).map((d) => [d, f.complaintOutcomes[d]] as const)}
        reasonLabel={f.reason}
        button={f.decide}
        decide={(decision, reason) => send((signer) => ruleComplaintTx({ ...signer, complaint: x.id, decision, reason }))}
        done={(decision) => f.complaintRuled(x.id, f.complaintOutcomes[decision])}
        onDone={props.changed}
      />
    </Card>
  );
}

export function ComplaintQueue(props: QueueProps) {
  const f = useI18n().t.regulator;
  const load = (c: Session['client']) => c.complaints({ status: 'open' }).then((r) => r.complaints);
  return <Queue id="queue-complaints" title={f.complaints} intro={f.complaintsIntro} empty={f.noComplaints} props={props} load={load} render={(x) => <ComplaintCard key={x.id} complaint={x} props={props} />} />;
}

function RepairCard({ application: a, props }: { application: RepairJson; props: QueueProps }) {
  const { t } = useI18n();
  const f = t.regulator;
  const send = sender(props);
  return (
    <Card testId={`repair-${a.id}`} title={f.repairTitle(a.id, a.record)} badges={[[a.status, word(t.words.repairStatus, a.status)]]}>
      <Fields
        rows={[
          [f.source, a.source],
          [f.filed, f.filedAt(a.height, a.reason)],
          [f.evidence, <Hash value={a.evidence} />],
        ]}
      />
      <DecideForm
        id={`repair-decide-${a.id}`}
        legend={f.decideRepair(a.id)}
        choices={(['approve', 'refuse'] as const).map((d) => [d, f.repairOutcomes[d]] as const)}
        reasonLabel={f.reason}
        button={f.decide}
        decide={(d, reason) => send((signer) => decideRepairTx({ ...signer, application: a.id, approve: d === 'approve', reason }))}
        done={(d) => f.repairDecided(a.id, f.repairOutcomes[d])}
        onDone={props.changed}
      />
    </Card>
  );
}

export function RepairQueue(props: QueueProps) {
  const f = useI18n().t.regulator;
  const load = (c: Session['client']) => c.repairs({ status: 'open' }).then((r) => r.repairs);
  return <Queue id="queue-repairs" title={f.repairs} intro={f.repairsIntro} empty={f.noRepairs} props={props} load={load} render={(a) => <RepairCard key={a.id} application={a} props={props} />} />;
}

function ProposalCard({ proposal: p, props }: { proposal: ProposalReply; props: QueueProps }) {
  const { t } = useI18n();
  const f = t.regulator;
  const send = sender(props);
  const mine = p.votes.find((v) => v.org === props.session.account.org);
  return (
    <Card testId={`proposal-${p.id}`} title={f.proposalTitle(p.id, p.kind)} badges={[[p.status, p.status]]}>
      <Fields
        rows={[
          [f.proposedBy, f.proposedAt(p.org, p.proposer, p.height)],
          [f.proposes, <code>{JSON.stringify(p.payload)}</code>],
          [f.votesUntil, f.votesUntilBlock(p.deadline)],
          [f.tally, p.tally === undefined ? undefined : f.tallyText(p.tally.yes, p.tally.no, p.tally.total)],
        ]}
      />
      {mine !== undefined ? (
        <p className="note note-info">{f.voted(f.votes[mine.vote])}</p>
      ) : (
        <DecideForm
          id={`vote-${p.id}`}
          legend={f.vote(p.id)}
          choices={(['yes', 'no'] as const).map((v) => [v, f.votes[v]] as const)}
          button={f.voteButton}
          decide={(vote) => send((signer) => voteTx({ ...signer, proposal: p.id, vote }))}
          done={(vote) => f.voteSent(p.id, f.votes[vote])}
          onDone={props.changed}
        />
      )}
    </Card>
  );
}

export function ProposalQueue(props: QueueProps) {
  const f = useI18n().t.regulator;
  const load = (c: Session['client']) => c.proposals().then((r) => r.proposals.filter((p) => p.status === 'open'));
  return <Queue id="queue-proposals" title={f.proposals} intro={f.proposalsIntro} empty={f.noProposals} props={props} load={load} render={(p) => <ProposalCard key={p.id} proposal={p} props={props} />} />;
}
