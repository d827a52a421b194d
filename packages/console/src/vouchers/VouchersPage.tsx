// The vouchers page (/vouchers…): programmable vouchers — a city's consumption coupons, digital
// drafts — and community credit points. Its tabs: the classes and their supply, public, with the
// issuer's forms (create a class, register a merchant, issue); my holdings and what a holder or a
// merchant does with them (transfer, split, merge, spend, redeem); supervision (a class's
// movements, freezing, a voucher's whole trace verified in this browser); points (the rule table,
// a household's balance and history, awards and deductions, the ranking by pseudonym).
// Every transaction is signed in this browser; the page reads again after each.
import { useState } from 'react';
import { PortalTabs } from '../app/portal.js';
import { VOUCHER_TABS, paths, type VoucherTab } from '../app/routes.js';
import { useSession } from '../app/session.js';
import { useI18n } from '../i18n/i18n.js';
import { ClassesTab } from './ClassesTab.js';
import { HoldingsTab } from './HoldingsTab.js';
import { PointsTab } from './PointsTab.js';
import { SuperviseTab } from './SuperviseTab.js';
import { SignInNote } from './shared.js';

export function VouchersPage({ tab }: { tab: VoucherTab }) {
  const { t } = useI18n();
  const { session } = useSession();
  // Bumped after each transaction, so every list on the tab is read again.
  const [version, setVersion] = useState(0);
  const shared = { version, changed: () => setVersion((v) => v + 1) };
  return (
    <>
      <h1>{t.vouchers.title}</h1>
      <p className="intro">{t.vouchers.intro}</p>
      <PortalTabs label={t.vouchers.tabsLabel} tabs={VOUCHER_TABS.map((x) => ({ to: paths.vouchers(x), label: t.vouchers.tabs[x], current: x === tab }))} />
      {tab === 'classes' && <ClassesTab session={session} {...shared} />}
      {tab === 'holdings' && (session === undefined ? <SignInNote /> : <HoldingsTab session={session} {...shared} />)}
      {tab === 'supervise' && (session === undefined ? <SignInNote /> : <SuperviseTab session={session} {...shared} />)}
      {tab === 'points' && <PointsTab session={session} {...shared} />}
    </>
  );
}
