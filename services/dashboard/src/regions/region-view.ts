import type { MetricUnit, Polarity, Quartile, RegionMetric } from '@casewatch/contracts';
import { formatValue, unitLabel } from '../common/format';

/** A quartile band as words and a tag: the band is never told by colour alone. */
export interface QuartileView {
  /** `A`–`D`, or '' (the data-quartile attribute). */
  key: Quartile | '';
  word: string;
  tagClass: string;
}

const QUARTILE_VIEWS: Record<Quartile | 'none', QuartileView> = {
  A: { key: 'A', word: 'A (best quarter)', tagClass: 'govuk-tag--green' },
  B: { key: 'B', word: 'B (second quarter)', tagClass: 'govuk-tag--turquoise' },
  C: { key: 'C', word: 'C (third quarter)', tagClass: 'govuk-tag--yellow' },
  D: { key: 'D', word: 'D (bottom quarter)', tagClass: 'govuk-tag--red' },
  none: { key: '', word: 'No band', tagClass: 'govuk-tag--grey' },
};

export function quartileView(quartile: Quartile | null): QuartileView {
  return quartile ? QUARTILE_VIEWS[quartile] : QUARTILE_VIEWS.none;
}

export interface RegionRowView {
  tenant: string;
  name: string;
  valueText: string;
  /** The API's number, '' for null (data-value). */
  dataValue: string;
  rankText: string;
  /** "Joint 2nd" for screen readers and print, where the rank is shared. */
  rankWords: string;
  quartile: QuartileView;
  /** The council's own metric page, when the user may read that council. */
  href?: string;
}

export interface RegionView {
  rows: RegionRowView[];
  meanText: string;
  medianText: string;
  /** What each band means for this metric, in words: "A: 80.6 or more". */
  bands: string[];
  unitText: string;
  /** What rank 1 means for this metric. */
  rankNote: string;
  ranked: number;
  unranked: number;
}

// Quartile points may carry two decimals (interpolated between one-decimal values).
const POINT = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 });

/** The region's answer as the page shows it. `hrefOf` gives a council's page when the user may read it. */
export function regionView(answer: RegionMetric, hrefOf: (tenant: string) => string | undefined): RegionView {
  const shared = new Map<number, number>();
  for (const item of answer.items) if (item.rank !== null) shared.set(item.rank, (shared.get(item.rank) ?? 0) + 1);
  const rows = answer.items.map((item) => {
    const joint = item.rank !== null && (shared.get(item.rank) ?? 0) > 1;
    return {
      tenant: item.tenant,
      name: item.name,
      valueText: formatValue(item.value, answer.unit),
      dataValue: item.value === null ? '' : String(item.value),
      rankText: item.rank === null ? '–' : `${joint ? '=' : ''}${item.rank}`,
      rankWords: item.rank === null ? 'Not ranked (no value)' : `${joint ? 'Joint ' : ''}${ordinal(item.rank)}`,
      quartile: quartileView(item.quartile),
      href: hrefOf(item.tenant),
    };
  });
  const ranked = answer.items.filter((i) => i.rank !== null).length;
  return {
    rows,
    meanText: formatValue(answer.mean, answer.unit),
    medianText: formatValue(answer.median, answer.unit),
    bands: bandTexts(answer.quartilePoints, answer.polarity, answer.unit),
    unitText: unitLabel(answer.unit),
    rankNote: {
      high: 'Rank 1 is the highest figure, the best.',
      low: 'Rank 1 is the lowest figure, the best.',
      info: 'Rank 1 is the highest figure.',
      range: 'Rank 1 is the highest figure.',
    }[answer.polarity],
    ranked,
    unranked: answer.items.length - ranked,
  };
}

/** The bands by polarity, A first: higher is better counts down from the third point, lower up from the first. */
export function bandTexts(points: readonly number[] | null, polarity: Polarity, unit: MetricUnit): string[] {
  if (polarity === 'info') return ['No bands: this figure is for information, neither better nor worse.'];
  if (polarity === 'range') return ['No bands: each council sets the band it aims to be inside.'];
  if (!points) return [];
  const [q1, q2, q3] = points.map((p) => `${POINT.format(p)}${unit === 'percent' ? '%' : ''}`);
  // Between two equal points no value can fall (a region of one or two councils, or ties).
  const between = (band: string, low: number, high: number, text: string) =>
    low === high ? `${band}: none (its two quartile points are equal)` : `${band}: ${text}`;
  const [p1, p2, p3] = points;
  return polarity === 'high'
    ? [`A: ${q3} or more`, between('B', p2, p3, `${q2} or more, below ${q3}`), between('C', p1, p2, `${q1} or more, below ${q2}`), `D: below ${q1}`]
    : [`A: ${q1} or less`, between('B', p1, p2, `${q2} or less, above ${q1}`), between('C', p2, p3, `${q3} or less, above ${q2}`), `D: above ${q3}`];
}

export function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th');
  return `${n}${suffix}`;
}
