/**
 * Generates a realistic SSDA903 return (CSV tables with DfE's column names, exactly as the public
 * fake return ssda903-fake has them; libs/testing's sharedData finds it), deterministic for a seed, in the
 * proportions of that fake return: ~2.4 episodes a looked-after child, ~4.5 reviews a child, its
 * RNE / LS / PLACE / provider / REC mixes, two in three children still looked after at the end,
 * a header row for every child (plus ~26 % header-only children, as in the fake), UASC ~5 %,
 * missing ~2 %, placed for adoption ~1.4 %, dates dd/mm/yyyy over the six years before the end
 * of the collection year. Unlike the fake return, every row is coherent (an L episode changes the
 * legal status, reviews fall inside care, nothing dated in the future), so importing it rejects
 * nothing.
 *
 *   node dist/test/tools/generate-903.js --episodes 100000 --out /tmp/903 [--seed 903] [--year 2025]
 *
 * Writes header.csv, episodes.csv, reviews.csv, uasc.csv, missing.csv, oc2.csv,
 * placed_for_adoption.csv; prints the rows per table as JSON. Node built-ins only.
 */
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

// Columns copied from the fake return's headers.
export const COLUMNS = {
  header: 'CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB',
  episodes: 'CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN',
  reviews: 'CHILD,DOB,REVIEW,REVIEW_CODE',
  uasc: 'CHILD,SEX,DOB,DUC',
  missing: 'CHILD,DOB,MISSING,MIS_START,MIS_END',
  oc2: 'CHILD,DOB,SDQ_SCORE,SDQ_REASON,CONVICTED,HEALTH_CHECK,IMMUNISATIONS,TEETH_CHECK,HEALTH_ASSESSMENT,SUBSTANCE_MISUSE,INTERVENTION_RECEIVED,INTERVENTION_OFFERED',
  placed_for_adoption: 'CHILD,DOB,DATE_PLACED,DATE_PLACED_CEASED,REASON_PLACED_CEASED',
} as const;
export type GeneratedTable = keyof typeof COLUMNS;

export interface Generate903Options {
  episodes: number;
  out: string;
  seed?: number;
  /** Collection year: the return ends 31 March of the next year (default 2025: to 31/03/2026). */
  year?: number;
}

/** Rows written per table, and the children with episodes. */
export interface Generated903 {
  rows: Record<GeneratedTable, number>;
  children: number;
  /** Children whose last episode is still open at the end of the return. */
  lookedAfterAtEnd: number;
  files: Record<GeneratedTable, string>;
}

// Weights counted in the fake return (episodes.csv: 5,050 rows, 2,123 children).
const EPISODES_PER_CHILD: [number, number][] = [
  [1, 408],
  [2, 888],
  [3, 543],
  [4, 207],
  [5, 62],
  [6, 9],
  [7, 3],
  [8, 3],
];
// A child's first episode in the return, and the ones after it (RNE).
const FIRST_RNE: [string, number][] = [
  ['P', 1107],
  ['L', 515],
  ['S', 267],
  ['T', 185],
  ['B', 41],
  ['U', 8],
];
const LATER_RNE: [string, number][] = [
  ['P', 1700],
  ['L', 778],
  ['T', 267],
  ['S', 114],
  ['B', 60],
  ['U', 8],
];
const LS = ['L3', 'C2', 'C1', 'V4', 'V3', 'V2', 'J2', 'J3', 'J1', 'L1', 'E1', 'D1', 'L2'];
const PLACE = [
  'A5',
  'A4',
  'H5',
  'U6',
  'K1',
  'R5',
  'P2',
  'T4',
  'T0',
  'Z1',
  'R1',
  'T2',
  'S1',
  'U5',
  'U4',
  'U2',
  'P1',
  'P3',
  'U3',
  'U1',
  'T3',
  'A3',
  'R2',
  'A6',
  'T1',
  'K2',
  'R3',
];
const PROVIDER = ['PR0', 'PR1', 'PR2', 'PR3', 'PR4', 'PR5'];
const REC_END = ['E4B', 'E6', 'E14', 'E47', 'E3', 'E8', 'E13', 'E48', 'E12', 'E4A', 'E45', 'E11', 'E41', 'E15', 'E46', 'E2', 'E16', 'E17', 'E7', 'E9', 'E5'];
const REASON_PLACE_CHANGE = ['APPRR', 'CREQO', 'OTHER', 'CARPL', 'LAREQ', 'PLACE', 'CREQB', 'CLOSE', 'CHILD', 'CUSTOD', 'ALLEG', 'STAND'];
const CIN = ['N1', 'N2', 'N3', 'N4', 'N5', 'N6', 'N7', 'N8'];
const ETHNIC = [
  'REFU',
  'MWBA',
  'WBRI',
  'OOTH',
  'WOTH',
  'MWBC',
  'WIRT',
  'ABAN',
  'BAFR',
  'AIND',
  'AOTH',
  'MWAS',
  'BOTH',
  'BCRB',
  'MOTH',
  'APKN',
  'WROM',
  'NOBT',
  'WIRI',
  'CHNE',
];
// Reviews per child with episodes (fake: 9,512 reviews of 2,123 such children, 1–20 each).
const REVIEWS_PER_CHILD: [number, number][] = [
  [1, 301],
  [2, 325],
  [3, 340],
  [4, 285],
  [5, 248],
  [6, 163],
  [7, 156],
  [8, 100],
  [9, 67],
  [10, 40],
  [11, 27],
  [12, 31],
  [13, 8],
  [14, 9],
  [15, 7],
  [16, 4],
  [17, 4],
  [18, 3],
  [19, 2],
  [20, 3],
];
const OPEN_AT_END = 1413 / 2123; // children whose last episode has no DEC
const HEADER_ONLY_PER_CHILD = 552 / 2123;
const UASC_SHARE = 132 / 2675;
const MISSING_SHARE = 43 / 2123;
const ADOPTION_SHARE = 29 / 2123;
const READMITTED_SHARE = 0.06; // a multi-episode child whose period ends and who comes back (RNE S)

const DAY = 86_400_000;

/** mulberry32: small, fast, deterministic. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function ddmmyyyy(ms: number): string {
  const d = new Date(ms);
  return `${String(d.getUTCDate()).padStart(2, '0')}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${d.getUTCFullYear()}`;
}

/** A buffered CSV writer: one write per ~256 KB, honouring back-pressure. */
class CsvOut {
  private chunk = '';
  rows = 0;
  private readonly stream;
  constructor(
    readonly file: string,
    header: string,
  ) {
    this.stream = createWriteStream(file);
    this.chunk = `${header}\n`;
  }
  async row(line: string): Promise<void> {
    this.chunk += `${line}\n`;
    this.rows++;
    if (this.chunk.length > 256 * 1024) await this.drain();
  }
  private async drain(): Promise<void> {
    const ok = this.stream.write(this.chunk);
    this.chunk = '';
    if (!ok) await new Promise<void>((r) => this.stream.once('drain', () => r()));
  }
  async close(): Promise<void> {
    await this.drain();
    await new Promise<void>((ok, fail) => this.stream.end((err?: Error | null) => (err ? fail(err) : ok())));
  }
}

export async function generate903(options: Generate903Options): Promise<Generated903> {
  const random = rng(options.seed ?? 903);
  const year = options.year ?? 2025;
  const end = Date.UTC(year + 1, 2, 31); // 31 March: the end of the collection year
  const windowStart = Date.UTC(year - 5, 3, 1); // six collection years of history
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const weighted = <T>(list: readonly [T, number][]): T => {
    const total = list.reduce((s, [, w]) => s + w, 0);
    let x = random() * total;
    for (const [v, w] of list) if ((x -= w) < 0) return v;
    return list[list.length - 1][0];
  };
  const between = (from: number, to: number) => from + Math.floor(random() * Math.max(1, (to - from) / DAY + 1)) * DAY;
  const postcode = (area: string) =>
    `${area}${String.fromCharCode(65 + Math.floor(random() * 26))}${1 + Math.floor(random() * 30)} ${Math.floor(random() * 10)}${String.fromCharCode(65 + Math.floor(random() * 26))}${String.fromCharCode(65 + Math.floor(random() * 26))}`;
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 10)).join('');

  mkdirSync(options.out, { recursive: true });
  const out = Object.fromEntries((Object.keys(COLUMNS) as GeneratedTable[]).map((t) => [t, new CsvOut(join(options.out, `${t}.csv`), COLUMNS[t])])) as Record<
    GeneratedTable,
    CsvOut
  >;

  // Distinct 7-digit ids in a scrambled order (7,919 is prime and shares no factor with 9,000,000).
  const offset = Math.floor(random() * 9_000_000);
  const childId = (i: number) => String(1_000_000 + ((i * 7919 + offset) % 9_000_000));

  let written = 0;
  let children = 0;
  let lookedAfterAtEnd = 0;
  let index = 0;
  const headerRow = async (child: string, dob: number) => {
    const sex = random() < 0.5 ? '1' : '2';
    await out.header.row(`${child},${sex},${ddmmyyyy(dob)},${pick(ETHNIC)},${String.fromCharCode(65 + Math.floor(random() * 26))}${digits(12)},,`);
    const sdq = random() < 0.7 ? String(Math.floor(random() * 40)) : '';
    const b = () => (random() < 0.5 ? '1' : '0');
    await out.oc2.row(
      `${child},${ddmmyyyy(dob)},${sdq},${sdq ? '' : `SDQ${1 + Math.floor(random() * 5)}`},${b()},${b()},${b()},${b()},${b()},${b()},${b()},${b()}`,
    );
    return sex;
  };

  while (written < options.episodes) {
    const child = childId(index++);
    children++;
    const n = Math.min(weighted(EPISODES_PER_CHILD), options.episodes - written);
    written += n;
    // Gaps between episodes of 2 weeks to 10 months; the whole history inside the window.
    const gaps = Array.from({ length: n }, () => (14 + Math.floor(random() * 300)) * DAY);
    const openAtEnd = random() < OPEN_AT_END;
    if (openAtEnd) lookedAfterAtEnd++;
    const readmitAfter = n >= 2 && random() < READMITTED_SHARE ? 1 + Math.floor(random() * (n - 1)) : -1;
    let span = gaps.slice(0, openAtEnd ? n - 1 : n).reduce((s, g) => s + g, 0) + (readmitAfter >= 0 ? 60 * DAY : 0);
    // A long history is compressed to fit the window (nothing after the return's end).
    const room = end - windowStart - 90 * DAY;
    if (span > room) {
      for (let g = 0; g < n; g++) gaps[g] = Math.max(DAY, Math.floor((gaps[g] * room) / span / DAY) * DAY);
      span = room;
    }
    let at = between(windowStart, Math.max(windowStart, end - span - DAY));
    // Aged 0–17 at the first episode.
    const dob = at - (Math.floor(random() * 17 * 365) + 30) * DAY;
    const sex = await headerRow(child, dob);
    const dobText = ddmmyyyy(dob);

    let rne = weighted(FIRST_RNE);
    let ls = pick(LS);
    let place = pick(PLACE);
    let provider = pick(PROVIDER);
    const cin = pick(CIN);
    const home = postcode('E');
    const inCare: [number, number][] = [];
    let periodFrom = at;
    for (let i = 0; i < n; i++) {
      const last = i === n - 1;
      const decom = at;
      let dec: number | undefined;
      let rec = '';
      if (!last) {
        dec = decom + gaps[i];
        rec = i + 1 === readmitAfter ? pick(REC_END) : 'X1';
      } else if (!openAtEnd) {
        dec = Math.min(decom + gaps[i], end);
        rec = pick(REC_END);
      }
      const reason = rne === 'P' || rne === 'B' || rne === 'T' || rne === 'U' ? (i === 0 || random() < 0.1 ? '' : pick(REASON_PLACE_CHANGE)) : '';
      await out.episodes.row(
        `${child},${ddmmyyyy(decom)},${rne},${ls},${cin},${place},${provider},${dec === undefined ? '' : ddmmyyyy(dec)},${rec},${reason},${home},${postcode('W')},${digits(7)}`,
      );
      if (dec === undefined || rec !== 'X1') {
        inCare.push([periodFrom, dec ?? end]);
        if (dec === undefined) break;
        // Readmitted: a new period (RNE S) after a break of one to two months.
        at = dec + (30 + Math.floor(random() * 30)) * DAY;
        periodFrom = at;
        rne = 'S';
        ls = pick(LS);
        place = pick(PLACE);
        provider = pick(PROVIDER);
        continue;
      }
      at = dec;
      // The next episode's reason, and what it changes: L the legal status, P/B the placement, T/U both.
      rne = weighted(LATER_RNE);
      if (rne === 'S') rne = 'P'; // S only starts a period (readmissions above)
      const oldLs = ls;
      if (rne === 'L' || rne === 'T' || rne === 'U') while (ls === oldLs) ls = pick(LS);
      if (rne !== 'L') {
        const oldPlace = place;
        while (place === oldPlace) place = pick(PLACE);
        provider = pick(PROVIDER);
      }
    }

    // Reviews inside care: the first within a month of entry, the rest spread over the time in care.
    const reviews = weighted(REVIEWS_PER_CHILD);
    const careDays = inCare.reduce((s, [f, t]) => s + (t - f) / DAY, 0);
    const dates: number[] = [];
    for (let r = 0; r < reviews && careDays >= 1; r++) {
      let x = Math.floor(random() * careDays);
      for (const [f, t] of inCare) {
        const len = (t - f) / DAY;
        if (x <= len) {
          dates.push(f + x * DAY);
          break;
        }
        x -= len;
      }
    }
    dates.sort((a, b) => a - b);
    for (const d of dates) await out.reviews.row(`${child},${dobText},${ddmmyyyy(d)},PN${Math.floor(random() * 8)}`);

    if (random() < UASC_SHARE) await out.uasc.row(`${child},${sex},${dobText},${ddmmyyyy(dob + Math.round(18 * 365.25) * DAY)}`);
    if (random() < MISSING_SHARE) {
      const [f, t] = inCare[0];
      const start = between(f, Math.max(f, t - 20 * DAY));
      await out.missing.row(`${child},${dobText},${random() < 0.56 ? 'A' : 'M'},${ddmmyyyy(start)},${ddmmyyyy(start + (1 + Math.floor(random() * 14)) * DAY)}`);
    }
    if (random() < ADOPTION_SHARE) {
      const [f, t] = inCare[inCare.length - 1];
      await out.placed_for_adoption.row(`${child},${dobText},${ddmmyyyy(between(f, t))},,`);
    }
    // Children in the header (and oc2) with no episode in the return, in the fake's proportion.
    for (let extra = HEADER_ONLY_PER_CHILD; extra > 0 && random() < extra; extra -= 1) {
      const other = childId(index++);
      await headerRow(other, between(end - 17 * 365 * DAY, end - 365 * DAY));
    }
  }
  for (const t of Object.values(out)) await t.close();
  return {
    rows: Object.fromEntries(Object.entries(out).map(([t, o]) => [t, o.rows])) as Record<GeneratedTable, number>,
    children,
    lookedAfterAtEnd,
    files: Object.fromEntries(Object.entries(out).map(([t, o]) => [t, o.file])) as Record<GeneratedTable, string>,
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      episodes: { type: 'string', default: '100000' },
      out: { type: 'string' },
      seed: { type: 'string', default: '903' },
      year: { type: 'string', default: '2025' },
    },
  });
  if (!values.out) {
    process.stderr.write('usage: generate-903 --episodes <n> --out <dir> [--seed <n>] [--year <collection year>]\n');
    process.exit(2);
  }
  const result = await generate903({ episodes: Number(values.episodes), out: values.out, seed: Number(values.seed), year: Number(values.year) });
  process.stdout.write(`${JSON.stringify({ children: result.children, lookedAfterAtEnd: result.lookedAfterAtEnd, rows: result.rows }, null, 2)}\n`);
}

if (require.main === module) {
  main().catch((err) => {
    process.stderr.write(`${(err as Error).stack}\n`);
    process.exit(1);
  });
}
