import { toHex } from '@creditchain/core';
import type { KeyPair } from '@creditchain/sdk';
import { useState, type FormEvent } from 'react';
import { client } from '../app/node-client.js';
import { useNodeInfo } from '../app/node-info.js';
import { Link, paths } from '../app/router.js';
import { useSession } from '../app/session.js';
import { useI18n } from '../i18n/i18n.js';
import { ErrorNote, failureOf, ownFailure, type Failure } from '../ui/errors.js';
import { Fields } from '../ui/Fields.js';
import { Hash } from '../ui/Hash.js';
import { isRegulator } from '../regulator/RegulatorPage.js';
import { isEncryptedKeyText, isLiveKey, readKeyFile } from './check-key.js';
import { DemoAccounts } from './DemoAccounts.js';

/** Where `creditchain dev` writes the demo accounts' key files by default (dev.ts, paths().keys). */
const DEV_KEY_DIR = '.creditchain/dev/keys/';

/** Sign in with a key file, loaded or pasted; it stays in this page's memory (app/session.tsx). */
export function SignInPage() {
  const { t } = useI18n();
  const { info } = useNodeInfo();
  const { session, signIn, signOut } = useSession();
  const [text, setText] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const encrypted = isEncryptedKeyText(text);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Failure | undefined>();

  const load = async (file: File | undefined) => {
    if (file !== undefined) setText(await file.text());
  };
  /** Checks the key against its account on chain, then holds it in the session. */
  const signInWith = async (key: KeyPair) => {
    setFailure(undefined);
    setBusy(true);
    try {
      const name = key.account;
      if (name === undefined) return setFailure(ownFailure(t.signIn.noAccount));
      const [account, status] = await Promise.all([client.account(name), client.status()]);
      if (!isLiveKey(account, key.publicKey, status.height)) return setFailure(ownFailure(t.signIn.notLive(name)));
      signIn({ key: { ...key, account: name }, account });
      setText(''); // the key is held by the session now, not in the text box
    } catch (err) {
      setFailure(failureOf(err));
    } finally {
      setBusy(false);
    }
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    let key: KeyPair;
    setBusy(true);
    // Opening an encrypted file takes scrypt about a second: let the page show it is busy first.
    await new Promise((r) => setTimeout(r, 0));
    try {
      key = readKeyFile(text, encrypted ? passphrase : undefined);
    } catch (err) {
      setBusy(false);
      return setFailure(failureOf(err));
    }
    setPassphrase('');
    void signInWith(key);
  };

  if (session !== undefined) {
    const a = session.account;
    return (
      <>
        <h1>{t.signIn.title}</h1>
        <p className="note note-ok" role="status">
          {t.signIn.signedIn(a.name)}
        </p>
        <Fields
          rows={[
            [t.signIn.org, a.org ?? t.common.none],
            [t.signIn.roles, a.roles.length === 0 ? t.common.none : a.roles.join(', ')],
            [t.signIn.subject, a.subject === null ? undefined : <Hash value={a.subject} />],
            [t.signIn.publicKey, <Hash value={toHex(session.key.publicKey)} />],
          ]}
        />
        <p className="actions">
          {a.subject !== null ? <Link to={paths.subject()}>{t.signIn.openSubject}</Link> : <Link to={paths.member()}>{t.signIn.openMember}</Link>}
          {isRegulator(a.roles) && <Link to={paths.regulator}>{t.signIn.openRegulator}</Link>}
        </p>
        <button type="button" onClick={signOut}>
          {t.signIn.signOut}
        </button>
      </>
    );
  }

  return (
    <>
      <h1>{t.signIn.title}</h1>
      <p className="intro">{t.signIn.intro}</p>
      {info?.dev === true && <p className="note note-info">{t.signIn.devHint(DEV_KEY_DIR)}</p>}
      {info?.dev === true && <DemoAccounts busy={busy} onPick={(key) => void signInWith(key)} />}
      <form onSubmit={(e) => void submit(e)} className="sign-in">
        <div className="field">
          <label htmlFor="sign-in-file">{t.signIn.fileLabel}</label>
          <input id="sign-in-file" type="file" accept=".json,application/json" onChange={(e) => void load(e.target.files?.[0])} />
        </div>
        <div className="field">
          <label htmlFor="sign-in-paste">{t.signIn.pasteLabel}</label>
          <textarea id="sign-in-paste" rows={6} value={text} onChange={(e) => setText(e.target.value)} spellCheck={false} autoComplete="off" />
        </div>
        {encrypted && (
          <div className="field">
            <label htmlFor="sign-in-passphrase">{t.signIn.passphraseLabel}</label>
            <input id="sign-in-passphrase" type="password" autoComplete="current-password" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} />
            <p className="hint">{t.signIn.encryptedHint}</p>
          </div>
        )}
        <button type="submit" disabled={busy || text.trim() === '' || (encrypted && passphrase === '')}>
          {busy ? t.signIn.checking : t.signIn.button}
        </button>
      </form>
      {failure !== undefined && <ErrorNote failure={failure} />}
    </>
  );
}
