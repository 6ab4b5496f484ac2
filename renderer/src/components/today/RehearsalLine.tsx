// The evening rehearsal on Today: the recipe walked as a dry run (it cannot book) the day before a night. A
// failure is shown as something to act on before midnight; a pass is shown too, so silence never means "fine".
import type { ProfileStatus } from '../../../../shared/contract';
import { instant, shortDate } from '../../lib/format';
import { plain } from '../../lib/text';

export function RehearsalLine({ profile: p, compact = false }: { profile: ProfileStatus; compact?: boolean }) {
  const r = p.rehearsal;
  if (!r && !p.nextRehearsalAt) return null;
  if (!r)
    return compact ? null : (
      <p className="muted rehearsal">
        Rehearsal (a dry run of the recipe that cannot book): {instant(p.nextRehearsalAt!, p.timeZone)}, {p.timeZone} time.
      </p>
    );
  const when = instant(r.finishedAt, p.timeZone);
  return r.ok ? (
    <p className="rehearsal rehearsal--ok">
      ✓ Rehearsal for {shortDate(r.targetDate)} passed ({when}): the recipe still finds every step up to the booking.
    </p>
  ) : (
    <div className="rehearsal rehearsal--failed" role="alert">
      <p>
        <strong>✗ Rehearsal for {shortDate(r.targetDate)} failed</strong> ({when}): {plain(r.message)}
      </p>
      {!compact && (
        <p className="muted">
          The venue’s site may have changed. Lanebot still tries tonight, and the model takes over where the recipe breaks; to be sure, teach the
          recipe again before the night in <a href={`#/profiles/${p.id}`}>the profile</a>.
        </p>
      )}
    </div>
  );
}
