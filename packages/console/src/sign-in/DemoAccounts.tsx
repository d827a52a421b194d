// On a development node (creditchain dev) the sign-in page offers the demo accounts: the node
// serves their key files (GET /v1/dev/keys, refused by any other node with NODE_NOT_DEV), and
// picking one signs in with it as a loaded key file would. Test keys of a throw-away chain.
import { keyPairFromJson, type DemoAccount, type KeyPair } from '@creditchain/sdk';
import { client } from '../app/node-client.js';
import { useI18n } from '../i18n/i18n.js';
import { ErrorNote } from '../ui/errors.js';
import { useAsync } from '../ui/use-async.js';

function roleOf(a: DemoAccount, subjectWord: string): string {
  return a.subject !== null ? subjectWord : `${a.org} · ${a.roles.join(', ')}`;
}

export function DemoAccounts({ busy, onPick }: { busy: boolean; onPick: (key: KeyPair) => void }) {
  const { t } = useI18n();
  const accounts = useAsync(() => client.devKeys().then((r) => r.accounts), []);
  if (accounts.state === 'loading') return <p>{t.common.loading}</p>;
  if (accounts.state === 'failed') return <ErrorNote failure={accounts.failure} />;
  return (
    <section aria-labelledby="demo-accounts-heading" className="demo-accounts">
      <h2 id="demo-accounts-heading">{t.signIn.demoTitle}</h2>
      <p className="intro">{t.signIn.demoIntro}</p>
      <ul className="demo-list">
        {accounts.value.map((a) => (
          <li key={a.name}>
            <button type="button" className="secondary" disabled={busy} onClick={() => onPick(keyPairFromJson(a.key))} aria-label={t.signIn.demoSignIn(a.name)}>
              {a.name}
            </button>
            <span className="muted">{roleOf(a, t.signIn.demoSubject)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
