// The console's frame: header with navigation and the language switch, the page of the current
// path, and a footer naming the chain. Providers hold the language, the node's facts and the
// signed-in key.
import { ContractPage } from '../contracts/ContractPage.js';
import { ContractsPage } from '../contracts/ContractsPage.js';
import { BlockPage } from '../explorer/BlockPage.js';
import { ExplorerPage } from '../explorer/ExplorerPage.js';
import { TxPage } from '../explorer/TxPage.js';
import { LanguageProvider, LanguageSwitch, useI18n } from '../i18n/i18n.js';
import { MemberPortal } from '../member/MemberPortal.js';
import { isRegulator, RegulatorPage } from '../regulator/RegulatorPage.js';
import { SignInPage } from '../sign-in/SignInPage.js';
import { RecordRequestPage } from '../subject/RecordRequestPage.js';
import { SubjectPortal } from '../subject/SubjectPortal.js';
import { ErrorNote } from '../ui/errors.js';
import { VerifierPage } from '../verifier/VerifierPage.js';
import { VouchersPage } from '../vouchers/VouchersPage.js';
import { NodeInfoProvider, useNodeInfo } from './node-info.js';
import { Link, paths, useRoute, type Route } from './router.js';
import { SessionProvider, useSession } from './session.js';

export function App() {
  return (
    <LanguageProvider>
      <NodeInfoProvider>
        <SessionProvider>
          <Frame />
        </SessionProvider>
      </NodeInfoProvider>
    </LanguageProvider>
  );
}

function Frame() {
  const { t } = useI18n();
  const route = useRoute();
  const { session } = useSession();
  const current = (page: Route['page'][]) => (page.includes(route.page) ? ('page' as const) : undefined);
  return (
    <>
      <a className="skip-link" href="#main">
        {t.skipToContent}
      </a>
      <header className="top">
        <Link to={paths.explorer} className="brand">
          CreditChain
        </Link>
        <nav aria-label={t.nav.label}>
          <Link to={paths.explorer} aria-current={current(['explorer', 'block', 'tx'])}>
            {t.nav.explorer}
          </Link>
          <Link to={paths.verify} aria-current={current(['verify'])}>
            {t.nav.verify}
          </Link>
          {session?.account.subject != null && (
            <Link to={paths.subject()} aria-current={current(['subject', 'record-request'])}>
              {t.nav.subject}
            </Link>
          )}
          {session?.account.org != null && (
            <Link to={paths.member()} aria-current={current(['member'])}>
              {t.nav.member}
            </Link>
          )}
          {session !== undefined && isRegulator(session.account.roles) && (
            <Link to={paths.regulator} aria-current={current(['regulator'])}>
              {t.nav.regulator}
            </Link>
          )}
          <Link to={paths.vouchers()} aria-current={current(['vouchers'])}>
            {t.nav.vouchers}
          </Link>
          <Link to={paths.contracts} aria-current={current(['contracts', 'contract'])}>
            {t.nav.contracts}
          </Link>
          <Link to={paths.signIn} aria-current={current(['sign-in'])}>
            {session === undefined ? t.nav.signIn : t.nav.signedInAs(session.account.name)}
          </Link>
        </nav>
        <LanguageSwitch />
      </header>
      <main id="main" tabIndex={-1}>
        <Page route={route} />
      </main>
      <Footer />
    </>
  );
}

function Page({ route }: { route: Route }) {
  const { t } = useI18n();
  switch (route.page) {
    case 'explorer':
      return <ExplorerPage />;
    case 'block':
      return <BlockPage key={route.height} height={route.height} />;
    case 'tx':
      return <TxPage key={route.id} id={route.id} />;
    case 'verify':
      return <VerifierPage />;
    case 'sign-in':
      return <SignInPage />;
    case 'subject':
      return <SubjectPortal tab={route.tab} />;
    case 'record-request':
      return <RecordRequestPage key={`${route.kind}-${route.record}`} kind={route.kind} record={route.record} />;
    case 'member':
      return <MemberPortal tab={route.tab} />;
    case 'regulator':
      return <RegulatorPage />;
    case 'vouchers':
      return <VouchersPage tab={route.tab} />;
    case 'contracts':
      return <ContractsPage />;
    case 'contract':
      return <ContractPage key={route.name} name={route.name} />;
    case 'not-found':
      return (
        <>
          <h1>{t.notFound.title}</h1>
          <p>{t.notFound.body}</p>
          <Link to={paths.explorer}>{t.common.back}</Link>
        </>
      );
  }
}

function Footer() {
  const { t } = useI18n();
  const { info, error } = useNodeInfo();
  return (
    <footer className="bottom">
      {error !== undefined && <ErrorNote failure={error} />}
      {info !== undefined && (
        <p>
          {t.footer.chain} <code>{info.chainId}</code> · {t.footer.suite} <code>{info.suite}</code>
          {info.dev && <> · {t.footer.devNode}</>}
        </p>
      )}
      <p>
        <a href="/docs">{t.footer.api}</a>
      </p>
    </footer>
  );
}
