import type { MaintenanceSignals } from '../../api/advisories/maintenance.js';

/**
 * The maintainers' declared status beside RustSec's `unmaintained` notices on the current version,
 * each credited to who says it; when they contradict each other the page says so in words.
 */
export function MaintenanceSignalsView({ signals: s }: { signals: MaintenanceSignals }) {
  return (
    <div id="maintenance-signals">
      <p class="small">
        <span>
          Maintainer says: <strong>{s.declared ?? 'not declared'}</strong>
        </span>
        {s.version !== null && (
          <>
            {' · '}
            <span>
              RustSec:{' '}
              {s.unmaintained.length ? (
                <>
                  <strong>unmaintained</strong> (
                  {s.unmaintained.map((a, i) => (
                    <>
                      {i > 0 && '; '}
                      <a href={`/advisories/${encodeURIComponent(a.id)}`}>{a.id}</a>, {a.date}
                    </>
                  ))}
                  )
                </>
              ) : (
                <>no unmaintained notice for {s.version}</>
              )}
            </span>
          </>
        )}
      </p>
      {s.disagree && (
        <p class="notice warn" role="note">
          These disagree: the maintainers declare {s.declared}, but RustSec lists {s.version} as unmaintained.
        </p>
      )}
    </div>
  );
}
