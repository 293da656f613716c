// The 903 episode reading of imports.md: a child's episodes, sorted by DECOM, as periods of care.
import type { DraftEvent, ImportWarning } from '../import-types';

export interface Episode {
  row: number;
  decom: string;
  rne: string;
  ls: string;
  place: string;
  provider?: string;
  dec?: string;
  rec?: string;
  reasonPlaceChange?: string;
}

/** A period of care as the return shows it: [from, to], `to` absent while open. */
export interface CarePeriod {
  periodId: string;
  /** The first day this return shows it (a period continued from an earlier import began before). */
  from: string;
  to?: string;
}

export interface EpisodeContext {
  subject: string;
  file: string;
  /** The child was an unaccompanied asylum seeker on that date. */
  uascOn(date: string): boolean | undefined;
  /** The period an earlier import put this episode in (same child, same DECOM), if any. */
  knownPeriod(decom: string): string | undefined;
}

export interface EpisodeReading {
  events: DraftEvent[];
  periods: CarePeriod[];
  warnings: ImportWarning[];
  /** Every episode and the period it belongs to, remembered for next year's return. */
  episodePeriods: { decom: string; periodId: string }[];
}

const PLACEMENT_RNE = new Set(['P', 'B', 'T', 'U']);

/** A total order that does not depend on the rows' order in the file. */
function compareEpisodes(a: Episode, b: Episode): number {
  const ka = [a.decom, a.rne, a.ls, a.place, a.provider ?? '', a.dec ?? '9999-99-99', a.rec ?? '', a.reasonPlaceChange ?? ''];
  const kb = [b.decom, b.rne, b.ls, b.place, b.provider ?? '', b.dec ?? '9999-99-99', b.rec ?? '', b.reasonPlaceChange ?? ''];
  for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i] < kb[i] ? -1 : 1;
  return 0;
}

export function periodIdOf(subject: string, decom: string): string {
  return `903-${subject}-${decom}`;
}

export function readEpisodes(input: readonly Episode[], ctx: EpisodeContext): EpisodeReading {
  const sorted = [...input].sort(compareEpisodes);
  const warnings: ImportWarning[] = [];
  const warn = (row: number, code: string, message: string) => warnings.push({ file: ctx.file, row, code, message });
  // The same episode twice (e.g. the file repeats a row) is one episode.
  const episodes = sorted.filter((e, i) => {
    const dup = i > 0 && compareEpisodes(sorted[i - 1], e) === 0;
    if (dup) warn(e.row, 'duplicate-episode', `the episode starting ${e.decom} appears twice; read once`);
    return !dup;
  });

  const events: DraftEvent[] = [];
  const periods: CarePeriod[] = [];
  const episodePeriods: { decom: string; periodId: string }[] = [];
  const emit = (type: DraftEvent['type'], date: string, data: Record<string, unknown>, fact: string) =>
    events.push({ type, subject: ctx.subject, date, data, fact });
  let open: { period: CarePeriod; ls: string; place: string; provider?: string } | undefined;
  let ended = false;

  const start = (e: Episode, inferred: boolean) => {
    const periodId = periodIdOf(ctx.subject, e.decom);
    const uasc = ctx.uascOn(e.decom);
    emit(
      'csc.lac.started',
      e.decom,
      {
        periodId,
        legalStatus: e.ls,
        placementType: e.place,
        ...(e.provider ? { provider: e.provider } : {}),
        ...(uasc !== undefined ? { uasc } : {}),
        ...(inferred ? { startInferred: true } : {}),
      },
      periodId,
    );
    const period: CarePeriod = { periodId, from: e.decom };
    periods.push(period);
    open = { period, ls: e.ls, place: e.place, provider: e.provider };
  };

  episodes.forEach((e, i) => {
    const next = episodes[i + 1];
    if (e.rne === 'S') {
      if (open) {
        warn(e.row, 's-inside-period', `a new period starts on ${e.decom} while the one from ${open.period.from} is open; that one closes without an ending`);
        open.period.to = e.decom;
      }
      start(e, false);
    } else if (!open) {
      const known = i === 0 ? ctx.knownPeriod(e.decom) : undefined;
      if (known && known !== periodIdOf(ctx.subject, e.decom)) {
        // An earlier return put this episode in a period begun before: its events exist; carry on in it.
        const period: CarePeriod = { periodId: known, from: e.decom };
        periods.push(period);
        open = { period, ls: e.ls, place: e.place, provider: e.provider };
      } else {
        if (ended) warn(e.row, 'new-period-without-s', `the episode of ${e.decom} follows an ended period without RNE S; a period is inferred to start there`);
        start(e, true);
      }
    } else {
      const periodId = open.period.periodId;
      if (e.ls !== open.ls) emit('csc.lac.legal-status-changed', e.decom, { periodId, legalStatus: e.ls }, `${periodId}|${e.ls}`);
      else if (e.rne === 'L') warn(e.row, 'rne-l-same-status', `RNE L on ${e.decom} without a change of legal status`);
      if (PLACEMENT_RNE.has(e.rne)) {
        emit(
          'csc.lac.placement-changed',
          e.decom,
          {
            periodId,
            placementType: e.place,
            ...(e.provider ? { provider: e.provider } : {}),
            ...(e.reasonPlaceChange ? { reason: e.reasonPlaceChange } : {}),
          },
          `${periodId}|${e.place}|${e.provider ?? ''}`,
        );
      }
      open.ls = e.ls;
      open.place = e.place;
      open.provider = e.provider;
    }
    episodePeriods.push({ decom: e.decom, periodId: open!.period.periodId });

    // How the episode ends: its DEC, or the next episode's DECOM where that is earlier.
    let end = e.dec;
    if (next && (end === undefined || next.decom < end)) {
      warn(e.row, 'overlap', `the episode of ${e.decom} ${end ? `ends ${end}, after` : 'has no end, yet'} the next one starts ${next.decom}; it ends there`);
      end = next.decom;
    }
    if (e.rec && e.rec !== 'X1' && e.dec === undefined) {
      warn(e.row, 'rec-without-dec', `REC ${e.rec} without DEC on the episode of ${e.decom}: it is read as still open`);
    }
    if (e.dec !== undefined && e.rec && e.rec !== 'X1' && end !== undefined) {
      const period = open!.period;
      emit('csc.lac.ended', end, { periodId: period.periodId, reason: e.rec }, period.periodId);
      period.to = end;
      open = undefined;
      ended = true;
    } else if (next && e.dec !== undefined && e.rec === 'X1' && next.decom > e.dec) {
      warn(e.row, 'gap-after-x1', `the episode of ${e.decom} ends ${e.dec} (X1) but the next starts ${next.decom}`);
    }
  });
  return { events, periods, warnings, episodePeriods };
}

/** The period that holds a date (from and to inclusive). */
export function periodHolding(periods: readonly CarePeriod[], date: string): CarePeriod | undefined {
  let found: CarePeriod | undefined;
  for (const p of periods) if (p.from <= date && (p.to === undefined || date <= p.to)) found = p;
  return found;
}
