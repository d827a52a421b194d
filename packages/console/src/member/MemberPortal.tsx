// The member portal (/member…), for an organisation's account: its organisation's standing, and —
// as its roles allow — submitting records, reviewing them, querying a report with a consent and
// answering objections to its organisation's records. Transactions are signed in this browser.
import { PortalTabs, SignInNeeded } from '../app/portal.js';
import { MEMBER_TABS, paths, type MemberTab } from '../app/routes.js';
import { useSession, type Session } from '../app/session.js';
import { useI18n } from '../i18n/i18n.js';
import { ImportTab } from './ImportTab.js';
import { ObjectionsTab } from './ObjectionsTab.js';
import { QueryTab } from './QueryTab.js';
import { ReviewTab } from './ReviewTab.js';
import { StandingTab } from './StandingTab.js';
import { SubmitTab } from './SubmitTab.js';

/** The roles an account needs for each tab (any one of them); the tabs it lacks are not offered. */
const TAB_ROLES: Readonly<Record<MemberTab, readonly string[]>> = {
  standing: [],
  submit: ['submitter'],
  import: ['submitter'],
  review: ['reviewer'],
  query: ['querier'],
  objections: ['submitter', 'reviewer'],
};

export const mayUseTab = (roles: readonly string[], tab: MemberTab) => TAB_ROLES[tab].length === 0 || TAB_ROLES[tab].some((r) => roles.includes(r));

export function MemberPortal({ tab }: { tab: MemberTab }) {
  const { t } = useI18n();
  const { session } = useSession();
  if (session === undefined) return <SignInNeeded title={t.member.title} />;
  if (session.account.org === null) return <SignInNeeded title={t.member.title} why={t.portal.notMember(session.account.name)} />;
  return <MemberPages session={session} org={session.account.org} tab={tab} />;
}

function MemberPages({ session, org, tab }: { session: Session; org: string; tab: MemberTab }) {
  const { t } = useI18n();
  const roles = session.account.roles;
  const tabs = MEMBER_TABS.filter((x) => mayUseTab(roles, x));
  return (
    <>
      <h1>{t.member.title}</h1>
      <p className="intro">{t.member.intro(session.account.name, org)}</p>
      <PortalTabs label={t.member.tabsLabel} tabs={tabs.map((x) => ({ to: paths.member(x), label: t.member.tabs[x], current: x === tab }))} />
      {!mayUseTab(roles, tab) ? (
        <p className="note note-info">{t.member.needsRole(TAB_ROLES[tab].join(' / '))}</p>
      ) : (
        <>
          {tab === 'standing' && <StandingTab session={session} org={org} />}
          {tab === 'submit' && <SubmitTab session={session} org={org} />}
          {tab === 'import' && <ImportTab session={session} org={org} />}
          {tab === 'review' && <ReviewTab session={session} org={org} />}
          {tab === 'query' && <QueryTab session={session} />}
          {tab === 'objections' && <ObjectionsTab session={session} org={org} />}
        </>
      )}
    </>
  );
}
