import { describeCoverage } from '../../src/core/model/estate-coverage.js';
import { useEffect, useState } from 'react';
import { ApiError, getJson, type EstateJson } from './api';
import { WhoCanView } from './access/who-can-view';
import { PathsView } from './access/paths-view';
import { DiagnosticsList } from './common/diagnostics-list';
import { EstateContext } from './estate-store';
import { ExplainView } from './explain/explain-view';
import { FindingsView } from './findings/findings-view';
import { followLink, useAddress } from './location';
import { EstateMapView } from './map/estate-map-view';

const VIEWS = [
  { path: '/', title: 'Map' },
  { path: '/explain', title: 'Explain' },
  { path: '/who-can', title: 'Who can' },
  { path: '/paths', title: 'Paths' },
  { path: '/findings', title: 'Findings' },
] as const;

/** Asked as soon as the script runs, while React starts. */
const estateAnswer = getJson<EstateJson>('/api/estate').then((estate) => {
  performance.mark('trustmap:estate-loaded');
  return estate;
});

/** The page: the estate is asked once, then each view reads its state from the address. */
export function App() {
  const address = useAddress();
  const [estate, setEstate] = useState<EstateJson | ApiError | undefined>(undefined);
  useEffect(() => {
    estateAnswer.then(setEstate, (e: unknown) => setEstate(e instanceof ApiError ? e : new ApiError(0, [{ code: 'page/error', severity: 'error', message: String(e) }])));
  }, []);
  const view = VIEWS.find((v) => v.path === address.path) ?? VIEWS[0];
  useEffect(() => {
    document.title = `trustmap · ${view.title}`;
  }, [view]);
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="top-bar">
        <span className="brand">trustmap</span>
        <nav aria-label="views">
          <ul>
            {VIEWS.map((v) => (
              <li key={v.path}>
                <a href={v.path} onClick={followLink} aria-current={v === view ? 'page' : undefined}>
                  {v.title}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        {estate && !(estate instanceof ApiError) ? <span className="estate-source">{estate.source}</span> : null}
        {estate && !(estate instanceof ApiError) && estate.coverage ? (
          <span className={estate.coverage.complete ? 'estate-coverage' : 'estate-coverage partial'} role="status" aria-label="coverage" title={describeCoverage(estate.coverage)}>
            {estate.coverage.complete
              ? 'coverage complete'
              : `⚠ partial coverage: IAM of ${estate.coverage.iamCollected} of ${estate.coverage.accounts} accounts${estate.coverage.services.some((x) => x.accounts < estate.coverage!.accounts) ? ', some resources not collected' : ''}${estate.coverage.refusedCalls.length > 0 ? `, ${estate.coverage.refusedCalls.length} call${estate.coverage.refusedCalls.length === 1 ? '' : 's'} refused` : ''}`}
          </span>
        ) : null}
      </header>
      <main id="main" tabIndex={-1}>
        {estate === undefined ? <p className="loading">loading the estate…</p> : null}
        {estate instanceof ApiError ? <DiagnosticsList diagnostics={estate.diagnostics} title="The estate cannot be read" /> : null}
        {estate && !(estate instanceof ApiError) ? (
          <EstateContext.Provider value={estate}>
            {view.path === '/' ? <EstateMapView address={address} /> : null}
            {view.path === '/explain' ? <ExplainView address={address} /> : null}
            {view.path === '/who-can' ? <WhoCanView address={address} /> : null}
            {view.path === '/paths' ? <PathsView address={address} /> : null}
            {view.path === '/findings' ? <FindingsView address={address} /> : null}
          </EstateContext.Provider>
        ) : null}
      </main>
    </>
  );
}
