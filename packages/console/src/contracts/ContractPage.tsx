// One contract (/contracts/:name): its organisation, versions (code and source hashes, who
// deployed and who approved each), the categories it may file and the records it filed, its last
// alarm; a storage value by key, read with its proof and verified in this browser
// (proven-storage.ts); and a method called with JSON arguments — a transaction signed in this
// browser, or a view on the head state that writes nothing — with its result, gas and events.
import { useState, type FormEvent } from 'react';
import { callContractTx, type ContractReply, type ContractViewReply } from '@creditchain/sdk';
import type { CborValue } from '@creditchain/core';
import { nodeTrust, useNodeInfo } from '../app/node-info.js';
import { client } from '../app/node-client.js';
import { Link, paths } from '../app/router.js';
import { useSession } from '../app/session.js';
import { signAndSubmit } from '../app/submit-tx.js';
import { useI18n } from '../i18n/i18n.js';
import { ConsoleError, ErrorNote } from '../ui/errors.js';
import { Fields } from '../ui/Fields.js';
import { Choice, TextAreaField, TextField } from '../ui/form-fields.js';
import { Hash } from '../ui/Hash.js';
import { Section } from '../ui/Section.js';
import { Table } from '../ui/Table.js';
import { useAsync } from '../ui/use-async.js';
import { ActionStatus, useAction } from '../ui/use-action.js';
import { ProvenVerdict, useProvenRead } from '../ui/use-proven-read.js';
import { shownVersion } from './ContractsPage.js';
import { verifyContractStorage, type ProvenStorage } from './proven-storage.js';

const json = (v: unknown) => JSON.stringify(v, null, 2);

export function ContractPage({ name }: { name: string }) {
  const { t } = useI18n();
  const f = t.contracts;
  const [version, setVersion] = useState(0);
  const c = useAsync(() => client.contract(name), [name, version]);
  return (
    <>
      <h1>{f.contractTitle(name)}</h1>
      <p>
        <Link to={paths.contracts}>{f.backToList}</Link>
      </p>
      {c.state === 'loading' && <p>{t.common.loading}</p>}
      {c.state === 'failed' && <ErrorNote failure={c.failure} />}
      {c.state === 'done' && <Detail c={c.value} />}
      <StorageRead name={name} />
      <CallForm name={name} changed={() => setVersion((v) => v + 1)} />
    </>
  );
}

function Detail({ c }: { c: ContractReply }) {
  const { t, formatTime } = useI18n();
  const f = t.contracts;
  const v = shownVersion(c);
  const alarm = c.lastAlarm;
  return (
    <Section id="contract" title={f.detailTitle} intro={c.active === 0 ? f.awaitingIntro : f.activeIntro(c.active)}>
      <Fields
        rows={[
          [f.org, c.org],
          [f.deployer, c.deployer],
          [f.codeHash, v === undefined ? undefined : <Hash value={v.codeHash} full />, 'contract-code-hash'],
          [f.categories, c.categories.length === 0 ? f.noCategories : c.categories.join(', ')],
          [f.alarms, String(c.alarms)],
          [f.records, c.records.length === 0 ? f.noRecords : c.records.map((r) => `#${r}`).join(', ')],
          [f.lastAlarm, alarm === null ? undefined : f.alarmOutcome(alarm.height, formatTime(new Date(alarm.time).toISOString()), alarm.code, alarm.gas)],
        ]}
      />
      <Table testId="contract-versions" caption={f.versions} columns={f.versionColumns}>
        {c.versions.map((x) => (
          <tr key={x.version}>
            <td>{x.version}</td>
            <td>
              <Hash value={x.codeHash} />
            </td>
            <td>
              <Hash value={x.sourceHash} />
            </td>
            <td>{f.deployedBy(x.deployer, x.height)}</td>
            <td>{x.approvedBy === null ? f.notApproved : f.approvedBy(x.approvedBy, x.approvedAt ?? 0)}</td>
          </tr>
        ))}
      </Table>
      <details>
        <summary>{f.code}</summary>
        <pre>{c.code}</pre>
      </details>
    </Section>
  );
}

function StorageRead({ name }: { name: string }) {
  const { t } = useI18n();
  const f = t.contracts;
  const { info } = useNodeInfo();
  const [key, setKey] = useState('');
  const { read, run } = useProvenRead<ProvenStorage & { key: string }>();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (info === undefined) return;
    void run(() => client.contractStorage(name, key, { prove: true }), (reply) => ({ key, ...verifyContractStorage(reply, info, nodeTrust(info)) }));
  };
  return (
    <Section id="storage" title={f.storageTitle} intro={f.storageIntro}>
      <form onSubmit={submit} className="inline-form">
        <TextField id="storage-key" label={f.storageKey} value={key} onChange={setKey} required maxLength={128} spellCheck={false} />
        <button type="submit" disabled={read.state === 'working' || key === '' || info === undefined}>
          {f.storageButton}
        </button>
      </form>
      <ProvenVerdict
        read={read}
        testId="storage-verdict"
        working={f.storageReading}
        notProven={f.notProven}
        proven={(p) => (
          <>
            <p className="note note-ok" role="status">
              {(p.value === null ? f.provenAbsent : f.proven)(p.key, p.height, p.signedBy.join(', '))}
            </p>
            {p.value !== null && <pre data-testid="storage-value">{json(p.value)}</pre>}
          </>
        )}
      />
    </Section>
  );
}

interface CallOutcome {
  readonly view: boolean;
  readonly result: unknown;
  readonly gas: number;
  readonly events: ContractViewReply['events'];
  readonly height: number | undefined;
}

function CallForm({ name, changed }: { name: string; changed: () => void }) {
  const { t } = useI18n();
  const f = t.contracts;
  const { session } = useSession();
  const [method, setMethod] = useState('');
  const [args, setArgs] = useState('');
  const [gas, setGas] = useState('');
  const [view, setView] = useState(session === undefined);
  const call = useAction<CallOutcome>();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void call.run(async () => {
      let parsed: unknown = null;
      try {
        parsed = args.trim() === '' ? null : JSON.parse(args);
      } catch {
        throw new ConsoleError(f.badArgs);
      }
      if (view || session === undefined) {
        const r = await client.contractView(name, method.trim(), parsed, session === undefined ? {} : { as: session.account.name });
        return { view: true, result: r.result, gas: r.gas, events: r.events, height: r.height };
      }
      const limit = gas.trim() === '' ? undefined : Number(gas);
      if (limit !== undefined && !(Number.isSafeInteger(limit) && limit > 0)) throw new ConsoleError(f.badGas);
      const reply = await signAndSubmit(session.client, session.key, (s) => callContractTx({ ...s, name, method: method.trim(), args: parsed as CborValue, ...(limit === undefined ? {} : { gas: limit }) }));
      changed();
      const data = reply.data as { result: unknown; gas: number; events: ContractViewReply['events'] };
      return { view: false, result: data.result, gas: data.gas, events: data.events, height: reply.height };
    });
  };
  return (
    <Section id="call" title={f.callTitle} intro={session === undefined ? f.callIntroSignedOut : f.callIntro(session.account.name)}>
      <form onSubmit={submit} className="portal-form" noValidate>
        <TextField id="call-method" label={f.method} value={method} onChange={setMethod} required maxLength={64} spellCheck={false} />
        <TextAreaField id="call-args" label={f.args} hint={f.argsHint} value={args} onChange={setArgs} />
        {session !== undefined && <Choice id="call-view" type="checkbox" label={f.viewOnly} checked={view} onChange={setView} />}
        {session !== undefined && !view && <TextField id="call-gas" label={f.gas} hint={f.gasHint} value={gas} onChange={setGas} inputMode="numeric" />}
        <button type="submit" disabled={call.working || method.trim() === ''}>
          {view || session === undefined ? f.viewButton : f.callButton}
        </button>
      </form>
      <ActionStatus status={call.status} done={(o) => (o.view ? f.viewed(o.gas, o.height ?? 0) : f.called(o.gas, o.height ?? 0))} testId="call-status" />
      {call.status.state === 'done' && <CallResult o={call.status.value} />}
    </Section>
  );
}

function CallResult({ o }: { o: CallOutcome }) {
  const { t } = useI18n();
  const f = t.contracts;
  return (
    <>
      <h3>{f.result}</h3>
      <pre data-testid="call-result">{json(o.result)}</pre>
      <h3>{f.events(o.events.length)}</h3>
      {o.events.length > 0 && (
        <ul data-testid="call-events">
          {o.events.map((e, i) => (
            <li key={i}>
              <code>{e.name}</code> {JSON.stringify(e.data)}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
