// The subject portal (/me…), for a subject's own account: its report and records, who queried it,
// its consents, and its objections and repair applications. Every read is signed with the
// signed-in key; the lists are read again on each change the subject's event stream announces.
import { useState, type ReactElement } from 'react';
import type { CreditChainClient } from '@creditchain/sdk';
import { PortalTabs, SignInNeeded } from '../app/portal.js';
import { paths, SUBJECT_TABS, type SubjectTab } from '../app/routes.js';
import { useSession, type Session } from '../app/session.js';
import { useI18n } from '../i18n/i18n.js';
import { useAsync, type Async } from '../ui/use-async.js';
import { CasesTab } from './CasesTab.js';
import { ConsentsTab } from './ConsentsTab.js';
import { MyReportTab } from './MyReportTab.js';
import { QueriesTab } from './QueriesTab.js';
import { useSubjectChanges } from './use-subject-changes.js';

/** The signed-in subject, as the portal's pages need it. */
export interface Me {
  readonly session: Session;
  /** The subject's reference (hex), from its account. */
  readonly ref: string;
  /** Grows on each change to the subject's data: pages read again when it does. */
  readonly version: number;
  /** Read again now (after this page's own transaction). */
  refresh(): void;
}

/** The signed-in subject, or the note to sign in as one. */
export function useMe(): Session | { readonly blocked: ReactElement } {
  const { t } = useI18n();
  const { session } = useSession();
  if (session === undefined) return { blocked: <SignInNeeded title={t.subject.title} /> };
  if (session.account.subject === null) return { blocked: <SignInNeeded title={t.subject.title} why={t.portal.notSubject(session.account.name)} /> };
  return session;
}

/** Something about the subject read with its signed client, read again on each change. */
export function useMine<T>(me: Me, load: (client: CreditChainClient, ref: string) => Promise<T>): Async<T> {
  const c = me.session.client;
  return useAsync(() => load(c, me.ref), [c, me.ref, me.version]);
}

export function SubjectPortal({ tab }: { tab: SubjectTab }) {
  const me = useMe();
  return 'blocked' in me ? me.blocked : <SubjectPages session={me} tab={tab} />;
}

function useMeState(session: Session): Me {
  const ref = session.account.subject!;
  const live = useSubjectChanges(session.client, ref);
  const [manual, setManual] = useState(0);
  return { session, ref, version: live + manual, refresh: () => setManual((n) => n + 1) };
}

function SubjectPages({ session, tab }: { session: Session; tab: SubjectTab }) {
  const { t } = useI18n();
  const me = useMeState(session);
  return (
    <>
      <h1>{t.subject.title}</h1>
      <p className="intro">{t.subject.intro(session.account.name)}</p>
      <PortalTabs label={t.subject.tabsLabel} tabs={SUBJECT_TABS.map((x) => ({ to: paths.subject(x), label: t.subject.tabs[x], current: x === tab }))} />
      {tab === 'report' && <MyReportTab me={me} />}
      {tab === 'queries' && <QueriesTab me={me} />}
      {tab === 'consents' && <ConsentsTab me={me} />}
      {tab === 'cases' && <CasesTab me={me} />}
    </>
  );
}
