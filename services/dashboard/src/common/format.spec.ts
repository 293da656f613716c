import { directionView, formatNumber, formatValue, fractionText, ragView, targetText } from './format';

describe('RAG words and tag colours', () => {
  it('writes the RAG as a word beside its colour, and "No target" without one', () => {
    expect(ragView('red')).toEqual({ key: 'red', word: 'Red', tagClass: 'govuk-tag--red' });
    expect(ragView('amber')).toEqual({ key: 'amber', word: 'Amber', tagClass: 'govuk-tag--yellow' });
    expect(ragView('green')).toEqual({ key: 'green', word: 'Green', tagClass: 'govuk-tag--green' });
    expect(ragView(null)).toEqual({ key: '', word: 'No target', tagClass: 'govuk-tag--grey' });
  });
});

describe('direction arrows', () => {
  it('points the arrow by direction and colours it by trend, with words for screen readers', () => {
    expect(directionView('up', 'better')).toMatchObject({ arrow: '↑', trendClass: 'cw-trend--better', text: 'Up on the previous period, better' });
    expect(directionView('down', 'worse')).toMatchObject({ arrow: '↓', trendClass: 'cw-trend--worse', text: 'Down on the previous period, worse' });
    expect(directionView('same', 'neutral')).toMatchObject({ arrow: '→', trendClass: 'cw-trend--neutral', text: 'No change on the previous period' });
    expect(directionView('up', 'neutral').text).toBe('Up on the previous period');
  });
});

describe('numbers by unit', () => {
  it('formats counts with thousands separators and the others with one decimal and their unit', () => {
    expect(formatValue(1234, 'count')).toBe('1,234');
    expect(formatValue(85.25, 'percent')).toBe('85.3%');
    expect(formatValue(100, 'percent')).toBe('100.0%');
    expect(formatValue(70.1, 'rate10k')).toBe('70.1 per 10,000');
    expect(formatValue(23, 'days')).toBe('23.0 days');
    expect(formatValue(1, 'days')).toBe('1.0 day');
  });

  it('says "No data" for a null figure (an empty denominator), never 0', () => {
    expect(formatValue(null, 'percent')).toBe('No data');
    expect(formatNumber(null, 'count')).toBe('');
  });

  it('gives numerator and denominator under percentages only', () => {
    expect(fractionText('percent', 412, 1480)).toBe('412 of 1,480');
    expect(fractionText('count', 412, 1480)).toBe('');
    expect(fractionText('percent', null, null)).toBe('');
  });

  it('names the target in the metric unit', () => {
    expect(targetText(90, 'percent')).toBe('Target 90.0%');
    expect(targetText(null, 'percent')).toBe('No target');
  });
});
