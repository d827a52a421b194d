// The contracts deployed on the chain (public): each one's name, organisation, the code hash of the
// version calls run, its versions, its approval and the record categories it may file, and its
// alarms pending; each opens its page (ContractPage). Deploying stays in the CLI, which compiles
// the TypeScript: the page says so.
import type { ContractReply } from '@creditchain/sdk';
import { client } from '../app/node-client.js';
import { Link, paths } from '../app/router.js';
import { useI18n } from '../i18n/i18n.js';
import { AsyncCards, Card } from '../ui/Cards.js';
import { Fields } from '../ui/Fields.js';
import { Hash } from '../ui/Hash.js';
import { Section } from '../ui/Section.js';
import { useAsync } from '../ui/use-async.js';

/** Every contract with its versions (the list names them; each one's page has the rest). */
async function loadContracts(): Promise<ContractReply[]> {
  const { contracts } = await client.contracts();
  return Promise.all(contracts.map((c) => client.contract(c.name)));
}

/** The version calls run (else the newest): its code hash is the contract's. */
export const shownVersion = (c: ContractReply) => c.versions[(c.active || c.latest) - 1];

export function ContractsPage() {
  const { t } = useI18n();
  const f = t.contracts;
  const list = useAsync(loadContracts, []);
  return (
    <>
      <h1>{f.title}</h1>
      <p className="intro">{f.intro}</p>
      <p className="note note-info">
        {f.deployInCli} <code>creditchain contract deploy FILE.ts --as ACCOUNT</code>
      </p>
      <Section id="contracts" title={f.listTitle}>
        <AsyncCards list={list} empty={f.none} render={(c) => <ContractCard key={c.name} c={c} />} />
      </Section>
    </>
  );
}

function ContractCard({ c }: { c: ContractReply }) {
  const { t } = useI18n();
  const f = t.contracts;
  const v = shownVersion(c);
  return (
    <Card testId={`contract-${c.name}`} title={<Link to={paths.contract(c.name)}>{c.name}</Link>} badges={[c.active === 0 ? ['pending', f.awaiting] : ['approved', f.approvedVersion(c.active)]]}>
      <Fields
        rows={[
          [f.org, c.org],
          [f.codeHash, v === undefined ? undefined : <Hash value={v.codeHash} />],
          [f.versions, f.versionCount(c.latest, c.active)],
          [f.categories, c.categories.length === 0 ? f.noCategories : c.categories.join(', ')],
          [f.alarms, String(c.alarms)],
        ]}
      />
    </Card>
  );
}
