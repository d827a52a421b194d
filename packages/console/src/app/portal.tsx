// What the two portals share: their tabs (links, the current one marked for screen readers) and
// the note shown instead of a portal to a visitor not signed in with the right kind of account.
import { useI18n } from '../i18n/i18n.js';
import { Link, paths } from './router.js';

export interface Tab {
  readonly to: string;
  readonly label: string;
  readonly current: boolean;
}

export function PortalTabs({ label, tabs }: { label: string; tabs: readonly Tab[] }) {
  return (
    <nav className="tabs" aria-label={label}>
      {tabs.map((tab) => (
        <Link key={tab.to} to={tab.to} aria-current={tab.current ? 'page' : undefined}>
          {tab.label}
        </Link>
      ))}
    </nav>
  );
}

/** Instead of a portal: sign in first, or sign in with another kind of account (`why`). */
export function SignInNeeded({ title, why }: { title: string; why?: string }) {
  const { t } = useI18n();
  return (
    <>
      <h1>{title}</h1>
      <p className="note note-info">{why ?? t.portal.signInFirst}</p>
      <Link to={paths.signIn}>{t.portal.signInLink}</Link>
    </>
  );
}
